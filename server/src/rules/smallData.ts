import { tablesOf } from '../model/sizeHints';
import type { FrameValue, SizeHint } from '../model/types';
import { matchesAnyGlob } from '../common/globs';
import type { RuleSettings } from './types';

/** A size hint that counts: literal sizes always, table names only when settings list them. */
export function knownSmall(value: FrameValue | undefined, settings: RuleSettings): SizeHint | undefined {
  const hint = value?.sizeHint;
  if (!hint) return undefined;
  return tablesOf(hint).every((table) => matchesAnyGlob(table, settings.smallTables)) ? hint : undefined;
}
