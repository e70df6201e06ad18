/**
 * Code that runs only when a debugging or dry-run switch is on (`if args.debug:`, `if (dryRun)`,
 * `if self.verbose:`): output there was asked for by whoever turned the switch on.
 */
import type { Expr, Span, Stmt } from '../syntax/ast';
import { children } from '../syntax/walk';
import { conditionsAround } from './loopDependence';
import type { Binding, SparkModel } from './types';

/** Names of switches that turn on extra output: debug, verbose, dry run, preview, show/print/display flags. */
const DEBUG_SWITCH = /(^|_|[a-z])(debug|verbose|dry_?run|preview|show|print|display|interactive)/i;

function mentionsSwitch(expr: Expr): boolean {
  if (expr.kind === 'name' && DEBUG_SWITCH.test(expr.id)) return true;
  if (expr.kind === 'member' && DEBUG_SWITCH.test(expr.property)) return true;
  if (expr.kind === 'literal' && typeof expr.value === 'string' && DEBUG_SWITCH.test(expr.value)) return true;
  return children(expr).some(mentionsSwitch);
}

/** Whether an `if` around `span` tests a debugging or dry-run switch. */
export function behindDebugSwitch(statements: readonly Stmt[], span: Span): boolean {
  return conditionsAround(statements, span).some(mentionsSwitch);
}

/** The binding with the uses that run only behind a debug or verbose switch left out: in a normal run they read nothing. */
export function withoutDebugOnlyUses(model: SparkModel, binding: Binding): Binding {
  const uses = binding.uses.filter((use) => !behindDebugSwitch(model.statements, use.span));
  return uses.length === binding.uses.length ? binding : { ...binding, uses };
}
