import type { SyntaxNode as Node } from '../syntaxNode';
import type { Span } from '../ast';
import type { ScalaContext } from './context';

/**
 * Appends the spans of the ERROR and MISSING nodes under `node` (itself included), outermost
 * ERROR only. Only subtrees that report `hasError` are entered, so an error-free chunk costs
 * one Wasm call.
 */
export function collectSyntaxErrors(ctx: ScalaContext, node: Node, out: Span[]): void {
  if (!node.hasError) return;
  // Iterative: garbage input can nest deeper than the stack allows.
  const stack: Node[] = [node];
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (current.type === 'ERROR') {
      if (!isDollarError(ctx, current)) out.push(ctx.span(current));
      continue;
    }
    if (current.isMissing) {
      out.push(ctx.span(current));
      continue;
    }
    const children = current.children;
    for (let i = children.length - 1; i >= 0; i--) if (children[i].hasError) stack.push(children[i]);
  }
}

/**
 * When the `$"` masking could not be used (parse over budget), `$"a"` parses as ERROR(`$`)
 * followed by the string; such an ERROR is the column syntax, not a mistake of the user.
 */
export function isDollarError(ctx: ScalaContext, node: Node): boolean {
  return node.endIndex === node.startIndex + 1 && ctx.charAt(node.startIndex) === '$' && ctx.charAt(node.startIndex + 1) === '"';
}
