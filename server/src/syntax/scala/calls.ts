import type { SyntaxNode as Node } from '../syntaxNode';
import type { Argument, Expr, Span } from '../ast';
import type { ScalaContext } from './context';
import { emptyExpr, lowerWithPlaceholders } from './expressions';
import { lowerCaseBlock, lowerColonArgument } from './lambdas';
import { isComment, isToken, sidesOfEquals } from './nodes';
import { identifierName } from './patterns';
import { lowerBlockItems } from './statements';
import { isDollarError } from './syntaxErrors';

/** Factory calls that build a collection: lowered to a sequence of their arguments. */
const SEQUENCE_FACTORIES = new Set(['Seq', 'List', 'Array', 'Set', 'Vector', 'IndexedSeq']);

/**
 * Applies one `call_expression` link of a chain to its already lowered callee:
 * `f(a)(b)`, `xs.foreach { x => ... }`, `Seq(1, 2)`, `Map(k -> v)`.
 */
export function applyCall(ctx: ScalaContext, node: Node, callee: Expr): Expr {
  let seenFunction = false;
  let argsNode: Node | undefined;
  for (const child of node.children) {
    const type = child.type;
    if (isComment(type) || type === ':') continue;
    if (!seenFunction) seenFunction = true;
    else argsNode ??= child;
  }
  if (!argsNode) return callee;
  const span = ctx.span(node);
  const args = lowerArgumentList(ctx, argsNode);
  const argsSpan = ctx.span(argsNode);

  if (callee.kind === 'name' && argsNode.type === 'arguments') {
    if (SEQUENCE_FACTORIES.has(callee.id) && args.every((arg) => arg.name === undefined)) {
      return { kind: 'sequence', items: args.map((arg) => arg.value), span };
    }
    if (callee.id === 'Map') {
      const mapping = asMapping(args, span);
      if (mapping) return mapping;
    }
  }
  return { kind: 'call', callee, args, span, argsSpan };
}

/** `Map(k -> v, (k2, v2))`; undefined when an argument is not a pair. */
function asMapping(args: Argument[], span: Span): Expr | undefined {
  const entries: Array<{ key: Expr; value: Expr }> = [];
  for (const { value, name } of args) {
    if (name !== undefined) return undefined;
    if (value.kind === 'binary' && value.operator === '->') entries.push({ key: value.left, value: value.right });
    else if (value.kind === 'sequence' && value.items.length === 2) entries.push({ key: value.items[0], value: value.items[1] });
    else return undefined;
  }
  return { kind: 'mapping', entries, span };
}

/** The arguments of a call: a parenthesised list, or one block / case-block / colon argument. */
function lowerArgumentList(ctx: ScalaContext, argsNode: Node): Argument[] {
  switch (argsNode.type) {
    case 'arguments':
      return lowerArguments(ctx, argsNode);
    case 'case_block': {
      const value = lowerCaseBlock(ctx, argsNode);
      return [{ value, span: value.span }];
    }
    case 'colon_argument': {
      const value = lowerColonArgument(ctx, argsNode);
      return [{ value, span: value.span }];
    }
    default: {
      const value = lowerBlockArgument(ctx, argsNode);
      return [{ value, span: value.span }];
    }
  }
}

function lowerArguments(ctx: ScalaContext, argsNode: Node): Argument[] {
  const args: Argument[] = [];
  for (const child of argsNode.children) {
    const type = child.type;
    if (isToken(type) || isComment(type)) continue;
    if (type === 'ERROR' && isDollarError(ctx, child)) continue;
    if (type === 'assignment_expression') {
      const named = namedArgument(ctx, child);
      if (named) {
        args.push(named);
        continue;
      }
    }
    const value = lowerWithPlaceholders(ctx, child);
    args.push({ value, span: value.span });
  }
  return args;
}

/** `f(x = 1)`: Scala named arguments parse as assignments. */
function namedArgument(ctx: ScalaContext, node: Node): Argument | undefined {
  const { left, right } = sidesOfEquals(node);
  if (!left || !right || left.type !== 'identifier') return undefined;
  return { name: identifierName(ctx.text(left)), value: lowerWithPlaceholders(ctx, right), span: ctx.span(node) };
}

/**
 * `xs.foreach { x => ... }` → the lambda; `xs.map { _ * 2 }` → a placeholder lambda;
 * `spark.time { df.count() }` → the expression; several statements → a block.
 */
function lowerBlockArgument(ctx: ScalaContext, block: Node): Expr {
  let only: Node | undefined;
  let count = 0;
  for (const child of block.children) {
    const type = child.type;
    if (isToken(type) || isComment(type)) continue;
    only = child;
    count++;
  }
  if (count === 1 && only && isExpressionType(only.type)) return lowerWithPlaceholders(ctx, only);
  return { kind: 'block', body: lowerBlockItems(ctx, block), span: ctx.span(block) };
}

/** Definitions and loops in a block argument keep it a block. */
function isExpressionType(type: string): boolean {
  return !(
    type.endsWith('_definition') ||
    type.endsWith('_declaration') ||
    type === 'assignment_expression' ||
    type === 'for_expression' ||
    type === 'while_expression' ||
    type === 'do_while_expression' ||
    type === 'ERROR'
  );
}

/** `new Foo(a, b)` → a call of `Foo`; `new a.b.Foo[T](x)(y)` → nested calls of `Foo`. */
export function lowerInstance(ctx: ScalaContext, node: Node): Expr {
  let typeNode: Node | undefined;
  const argLists: Node[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (type === 'arguments') argLists.push(child);
    else if (!typeNode && !isToken(type) && !isComment(type) && type !== 'template_body') typeNode = child;
  }
  const span = ctx.span(node);
  if (!typeNode) return emptyExpr(span);
  const typeSpan = ctx.span(typeNode);
  let expr: Expr = { kind: 'name', id: className(ctx, typeNode), span: typeSpan };
  if (argLists.length === 0) {
    return { kind: 'call', callee: expr, args: [], span, argsSpan: { start: typeSpan.end, end: typeSpan.end } };
  }
  for (const list of argLists) {
    const argsSpan = ctx.span(list);
    expr = { kind: 'call', callee: expr, args: lowerArguments(ctx, list), span: { start: span.start, end: argsSpan.end }, argsSpan };
  }
  return expr;
}

/** `Foo` / `Foo[T]` / `a.b.Foo` → `Foo`. */
function className(ctx: ScalaContext, typeNode: Node): string {
  const type = typeNode.type;
  if (type === 'generic_type' || type === 'annotated_type') {
    const base = typeNode.children[0];
    return base ? className(ctx, base) : ctx.text(typeNode);
  }
  if (type === 'stable_type_identifier') {
    const children = typeNode.children;
    const last = children[children.length - 1];
    return last ? identifierName(ctx.text(last)) : ctx.text(typeNode);
  }
  return identifierName(ctx.text(typeNode));
}
