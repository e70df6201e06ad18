import type { Expr } from '../syntax/ast';
import type { Chain, ChainStep } from './types';

/**
 * Flattens `a.b(x).c.d(y)` into root `a` and steps b(x), c, d(y). Both languages lower method
 * calls to call(member(...)), so one function serves both.
 */
export function toChain(expr: Expr): Chain {
  const steps: ChainStep[] = [];
  let current: Expr = expr;
  for (;;) {
    if (current.kind === 'call' && current.callee.kind === 'member') {
      const member = current.callee;
      steps.push({
        name: member.property,
        args: current.args,
        span: current.span,
        nameSpan: member.propertySpan,
        tailSpan: { start: member.object.span.end, end: current.span.end },
      });
      current = member.object;
    } else if (current.kind === 'member') {
      steps.push({
        name: current.property,
        span: current.span,
        nameSpan: current.propertySpan,
        tailSpan: { start: current.object.span.end, end: current.span.end },
      });
      current = current.object;
    } else {
      break;
    }
  }
  steps.reverse();
  return { root: current, steps, span: expr.span };
}

/** The expression a chain's step at `index` is applied to: the root and the steps before it. */
export function chainPrefix(chain: Chain, index: number): Expr {
  let expr = chain.root;
  for (const step of chain.steps.slice(0, index)) {
    const member: Expr = { kind: 'member', object: expr, property: step.name, span: { start: expr.span.start, end: step.nameSpan.end }, propertySpan: step.nameSpan };
    expr = step.args ? { kind: 'call', callee: member, args: step.args, span: step.span, argsSpan: { start: step.nameSpan.end, end: step.span.end } } : member;
  }
  return expr;
}

export function isChainExpression(expr: Expr): boolean {
  return expr.kind === 'member' || (expr.kind === 'call' && expr.callee.kind === 'member');
}

/** The positional argument at `index`, or the keyword argument `name`. */
export function argument(step: { args?: ChainStep['args'] }, index: number, name?: string): Expr | undefined {
  const args = step.args ?? [];
  if (name !== undefined) {
    const keyword = args.find((a) => a.name === name);
    if (keyword) return keyword.value;
  }
  const positional = args.filter((a) => a.name === undefined);
  return positional[index]?.value;
}

export function literalValue(expr: Expr | undefined): string | number | boolean | null | undefined {
  return expr?.kind === 'literal' ? expr.value : undefined;
}

/**
 * The text of a string, also of a Scala interpolated string (`s"… ${x} …"`, lowered as its raw
 * literal text followed by the interpolated expressions) — enough to read SQL keywords from.
 */
export function templateText(expr: Expr | undefined): string | undefined {
  if (expr?.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr?.kind === 'unknown' && expr.children[0]?.kind === 'literal' && typeof expr.children[0].value === 'string') return expr.children[0].value;
  return undefined;
}

export function stringLiterals(expr: Expr | undefined): string[] {
  if (!expr) return [];
  if (expr.kind === 'literal' && typeof expr.value === 'string') return [expr.value];
  if (expr.kind === 'sequence') return expr.items.flatMap((item) => stringLiterals(item));
  return [];
}

export function spanKey(span: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return `${span.start.line}:${span.start.character}-${span.end.line}:${span.end.character}`;
}
