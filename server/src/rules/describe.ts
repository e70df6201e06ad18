/** Wording shared by the loop and write rules. */
import type { Binding, LoopContext } from '../model/types';

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
