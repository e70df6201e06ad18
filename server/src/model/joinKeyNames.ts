/**
 * The columns a join is on when its keys are held in variables: `join(other, partition_key)` with
 * `partition_key = "__dummy__"` in one branch and a parameter in the other. Each way the names can
 * resolve is one key set, with the branches it holds on; a key whose value the code does not show
 * leaves that way out.
 */
import type { Expr } from '../syntax/ast';
import { joinKeys } from './joins';
import { compatible, type BranchCondition, type NameCandidate, type NameConstants } from './nameConstants';
import type { FunctionImports } from './types';

export interface JoinKey {
  /** Lower-cased column name. */
  column: string;
  /** The variable it is read from (`partition_key`), when it is one, and the assignment that gave it the column. */
  variable?: { name: string; candidate: NameCandidate };
}

export interface KeySet {
  keys: JoinKey[];
  /** The branches these names hold on. */
  conditions: readonly BranchCondition[];
}

const MAX_SETS = 8;

/** The key sets of a join condition: literal keys as one set, names as one set per constant they may hold. */
export function joinKeySets(condition: Expr | undefined, imports: FunctionImports, names: NameConstants): KeySet[] {
  if (!condition) return [];
  const items = condition.kind === 'sequence' ? condition.items : [condition];
  let sets: KeySet[] = [{ keys: [], conditions: [] }];
  for (const item of items) {
    const options = keyOptions(item, imports, names);
    if (!options) return [];
    sets = sets.flatMap((set) => options.filter((o) => compatible(set.conditions, o.conditions)).map((o) => ({ keys: [...set.keys, ...o.keys], conditions: [...set.conditions, ...o.conditions] })));
    if (sets.length > MAX_SETS) return [];
  }
  return sets;
}

/** What one item of the condition may be: a name's constants, or the literal keys it spells. */
function keyOptions(item: Expr, imports: FunctionImports, names: NameConstants): KeySet[] | undefined {
  const candidates = item.kind === 'name' || item.kind === 'member' ? names.candidates(item) : undefined;
  if (candidates) {
    const variable = item.kind === 'name' ? item.id : item.kind === 'member' ? item.property : '';
    return candidates.flatMap((candidate) => (candidate.text === undefined ? [] : [{ keys: [{ column: candidate.text.toLowerCase(), variable: { name: variable, candidate } }], conditions: candidate.conditions }]));
  }
  const literal = joinKeys(item, imports);
  return literal.length > 0 ? [{ keys: literal.map((column) => ({ column: column.toLowerCase() })), conditions: [] }] : undefined;
}
