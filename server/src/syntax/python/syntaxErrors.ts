import type { SyntaxNode as Node } from '../syntaxNode';
import type { Span } from '../ast';
import type { LowerContext } from './context';

/**
 * Appends the spans of the outermost ERROR nodes and of the MISSING nodes under `node`. Only
 * subtrees that `hasError` are entered, so a clean statement costs nothing and a broken one
 * only its path to the errors. Iterative: broken input can nest deeply.
 */
export function collectSyntaxErrors(ctx: LowerContext, node: Node, out: Span[]): void {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'ERROR' || current.isMissing) {
      out.push(ctx.span(current));
      continue;
    }
    const children = current.children;
    // Pushed in reverse so errors come out in source order.
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i].hasError) stack.push(children[i]);
    }
  }
}
