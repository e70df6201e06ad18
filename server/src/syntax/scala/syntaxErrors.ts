import type { Node } from 'web-tree-sitter';
import type { Span } from '../ast';
import type { ScalaContext } from './context';

/**
 * Appends the spans of the ERROR and MISSING nodes under `node` (itself included), outermost
 * ERROR only. Only subtrees that report `hasError` are entered, so an error-free chunk costs
 * one Wasm call.
 */
export function collectSyntaxErrors(ctx: ScalaContext, node: Node, out: Span[]): void {
  if (!node.hasError) return;
  if (node.type === 'ERROR') {
    if (!isDollarError(ctx, node)) out.push(ctx.span(node));
    return;
  }
  if (node.isMissing) {
    out.push(ctx.span(node));
    return;
  }
  for (const child of node.children) collectSyntaxErrors(ctx, child, out);
}

/**
 * When the `$"` masking could not be used (parse over budget), `$"a"` parses as ERROR(`$`)
 * followed by the string; such an ERROR is the column syntax, not a mistake of the user.
 */
export function isDollarError(ctx: ScalaContext, node: Node): boolean {
  return node.endIndex === node.startIndex + 1 && ctx.charAt(node.startIndex) === '$' && ctx.charAt(node.startIndex + 1) === '"';
}
