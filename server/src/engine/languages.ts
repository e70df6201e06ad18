import type { Language } from '../syntax/ast';

export function languageForPath(path: string): Language | undefined {
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.scala') || path.endsWith('.sc')) return 'scala';
  return undefined;
}

export function languageForId(languageId: string): Language | undefined {
  return languageId === 'python' || languageId === 'scala' ? languageId : undefined;
}

/**
 * Most Python and Scala files have nothing to do with Spark; a cheap text test keeps them from
 * being parsed at all.
 */
export function mightUseSpark(text: string): boolean {
  return /pyspark|org\.apache\.spark|SparkSession|SparkContext|\bspark\.|\bsc\.|DataFrame|Dataset\[/.test(text);
}
