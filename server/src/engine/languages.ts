import type { Language } from '../syntax/ast';

export function languageForPath(path: string): Language | undefined {
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.scala') || path.endsWith('.sc')) return 'scala';
  return undefined;
}

export function languageForId(languageId: string): Language | undefined {
  return languageId === 'python' || languageId === 'scala' ? languageId : undefined;
}

export { mightUseSpark } from '../../../shared/sparkFiles';
