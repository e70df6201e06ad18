import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr } from '../ast';
import { applyCall } from './calls';
import { MAX_DEPTH, type ScalaContext } from './context';
import { emptyExpr, lowerExpr } from './expressions';
import { isComment, isToken } from './nodes';
import { identifierName } from './patterns';

/**
 * Method chains — `df.filter(a).join(b).select(c)`, one line or leading-dot lines — nest to the
 * left: the receiver of each call is the previous call. They are walked iteratively down that
 * spine and rebuilt from the innermost receiver out, so a chain of hundreds of calls costs no
 * stack depth.
 */
export function lowerChain(ctx: ScalaContext, node: Node): Expr {
  const spine: Node[] = [];
  const types: string[] = [];
  let current: Node | undefined = node;
  let type = node.type;
  while (current && (type === 'call_expression' || type === 'field_expression' || type === 'generic_function')) {
    spine.push(current);
    types.push(type);
    current = receiver(current);
    type = current ? current.type : '';
  }
  let expr: Expr = current ? lowerExpr(ctx, current) : emptyExpr(ctx.span(spine[spine.length - 1]));
  if (spine.length > MAX_DEPTH) return flatChain(ctx, node, spine, types, expr);
  for (let i = spine.length - 1; i >= 0; i--) {
    const link = spine[i];
    switch (types[i]) {
      case 'call_expression':
        expr = applyCall(ctx, link, expr);
        break;
      case 'field_expression':
        expr = applyField(ctx, link, expr);
        break;
      default:
        // `df.as[Person]`: type arguments are dropped, the member/call structure kept.
        break;
    }
  }
  return expr;
}

/** The first operand of a chain link: the callee of a call, the object of a field access. */
function receiver(link: Node): Node | undefined {
  for (const child of link.children) {
    const type = child.type;
    if (!isToken(type) && !isComment(type)) return child;
  }
  return undefined;
}

/** `object.field` (also Scala's parameterless call `df.cache`). */
function applyField(ctx: ScalaContext, node: Node, object: Expr): Expr {
  let field: Node | undefined;
  let seenObject = false;
  for (const child of node.children) {
    const type = child.type;
    if (isToken(type) || isComment(type)) continue;
    if (!seenObject) seenObject = true;
    else field = child;
  }
  if (!field) return object;
  const span = ctx.span(node);
  const { text, span: propertySpan } = ctx.token(field);
  if (text.length === 0) return { kind: 'unknown', children: [object], span }; // MISSING field name
  return { kind: 'member', object, property: identifierName(text), span, propertySpan };
}

/**
 * A generated chain of thousands of calls would nest thousands deep: its receiver and every
 * call's arguments are kept flat in an `unknown` instead.
 */
function flatChain(ctx: ScalaContext, node: Node, spine: Node[], types: string[], receiverExpr: Expr): Expr {
  const children: Expr[] = [receiverExpr];
  for (let i = spine.length - 1; i >= 0; i--) {
    if (types[i] !== 'call_expression') continue;
    const call = applyCall(ctx, spine[i], emptyExpr(ctx.span(spine[i])));
    if (call.kind === 'call') for (const arg of call.args) children.push(arg.value);
  }
  return { kind: 'unknown', children, span: ctx.span(node) };
}
