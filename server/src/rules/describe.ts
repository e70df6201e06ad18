/** Wording shared by the loop and write rules. */
import type { LoopExtent } from '../model/loopExtent';
import type { Binding, LoopContext } from '../model/types';
import type { Severity } from './types';

/**
 * Up to this many iterations written in the code (a literal list of column names, `range(5)`), a
 * loop that stacks one projection or one union branch per iteration costs nothing worth a finding.
 */
export const FEW_ITERATIONS = 20;

/**
 * What a plan that grows once per iteration is worth by how many times the loop runs; undefined:
 * not a finding. A loop over a table's columns that picks out a handful of them (`few`) is quiet.
 */
export function growthSeverity(extent: LoopExtent): Severity | undefined {
  switch (extent.kind) {
    case 'columns':
      return extent.few ? undefined : 'warning';
    case 'rows':
      return 'warning';
    case 'fixed':
      return extent.count > FEW_ITERATIONS ? 'warning' : undefined;
    case 'at-most-one':
      return undefined;
    case 'unknown':
      return 'hint';
  }
}

/**
 * "; it runs once per column of `df.columns`": how many times a loop runs, as a clause after the
 * headline of a message (empty when unknown).
 */
export function loopRuns(extent: LoopExtent): string {
  switch (extent.kind) {
    case 'columns':
      return `; it runs once per column of \`${extent.source}\``;
    case 'rows':
      return `; it runs once per row collected from \`${extent.source}\``;
    case 'fixed':
      return `; it runs ${extent.count} times`;
    case 'at-most-one':
      return '; it runs at most once';
    case 'unknown':
      return '';
  }
}

/** "the loop over `c` (line 12)", "the while loop (line 3)", "the fold (line 8)". */
export function describeLoop(loop: LoopContext): string {
  const line = ` (line ${loop.span.start.line + 1})`;
  if (loop.kind === 'while') return `the while loop${line}`;
  if (loop.kind === 'fold') return `the fold${line}`;
  const variables = loop.variables.filter((v) => v !== '_');
  return variables.length > 0 ? `the loop over ${variables.map((v) => `\`${v}\``).join(', ')}${line}` : `the loop${line}`;
}

/** "`report`" for a DataFrame binding, else a neutral subject. */
export function describeData(binding: Binding | undefined): string {
  return binding && (binding.value.kind === 'dataframe' || binding.value.kind === 'rdd') ? `\`${binding.name}\`` : 'The data';
}
