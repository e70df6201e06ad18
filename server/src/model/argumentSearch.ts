/** Searches inside the arguments of a chain step, so rules can ask about them without walking syntax. */
import { walkStatements } from '../syntax/walk';
import type { ChainStep, Expr } from './types';

/** Whether any expression inside the step's arguments, lambda bodies and Scala blocks included, passes `test`. */
export function argumentsContain(step: ChainStep, test: (expr: Expr) => boolean): boolean {
  let found = false;
  walkStatements((step.args ?? []).map((arg) => ({ kind: 'expr' as const, expr: arg.value, span: arg.span })), {
    expression(expr) {
      if (found) return false;
      if (test(expr)) found = true;
      return !found;
    },
  });
  return found;
}
