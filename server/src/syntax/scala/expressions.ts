import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, Span, Stmt } from '../ast';
import { lowerInstance } from './calls';
import { lowerChain } from './chains';
import { MAX_DEPTH, type ScalaContext } from './context';
import { isColumnInterpolator } from './dollarStrings';
import { lowerInfix } from './infix';
import { lowerCaseBlock, lowerLambda } from './lambdas';
import { parseFloatLiteral, parseInteger, unquoteChar, unquoteString } from './literals';
import { isComment, isToken, isTypeNode } from './nodes';
import { identifierName } from './patterns';
import { lowerBlockItems, lowerStatement } from './statements';
import { isDollarError } from './syntaxErrors';

/** An expression that stands for something missing or unparsable. */
export function emptyExpr(span: Span): Expr {
  return { kind: 'unknown', children: [], span };
}

/** Lowers any expression node. Never throws; unrecognised nodes become `unknown`. */
export function lowerExpr(ctx: ScalaContext, node: Node): Expr {
  if (ctx.depth >= MAX_DEPTH) return emptyExpr(ctx.span(node));
  ctx.depth++;
  try {
    return lowerExprNode(ctx, node);
  } finally {
    ctx.depth--;
  }
}

function lowerExprNode(ctx: ScalaContext, node: Node): Expr {
  const type = node.type;
  switch (type) {
    case 'identifier':
    case 'operator_identifier': {
      const { text, span } = ctx.token(node);
      if (text.length === 0) return emptyExpr(span); // MISSING
      return { kind: 'name', id: identifierName(text), span };
    }
    case 'wildcard':
      ctx.placeholderSeen = true;
      return { kind: 'name', id: '_', span: ctx.token(node).span };
    case 'field_expression':
    case 'call_expression':
    case 'generic_function':
      return lowerChain(ctx, node);
    case 'instance_expression':
      return lowerInstance(ctx, node);
    case 'string':
      return lowerString(ctx, node);
    case 'interpolated_string_expression':
      return lowerInterpolated(ctx, node);
    case 'quote_expression':
      return lowerQuote(ctx, node);
    case 'integer_literal': {
      const { text, span } = ctx.token(node);
      return { kind: 'literal', literalKind: 'number', value: parseInteger(text), span };
    }
    case 'floating_point_literal': {
      const { text, span } = ctx.token(node);
      return { kind: 'literal', literalKind: 'number', value: parseFloatLiteral(text), span };
    }
    case 'boolean_literal': {
      const { text, span } = ctx.token(node);
      return { kind: 'literal', literalKind: 'boolean', value: text === 'true', span };
    }
    case 'null_literal':
      return { kind: 'literal', literalKind: 'null', value: null, span: ctx.token(node).span };
    case 'character_literal': {
      const { text, span } = ctx.token(node);
      return { kind: 'literal', literalKind: 'string', value: unquoteChar(text), span };
    }
    case 'tuple_expression':
      return { kind: 'sequence', items: lowerOperands(ctx, node), span: ctx.span(node) };
    case 'infix_expression':
      return lowerInfix(ctx, node);
    case 'prefix_expression':
      return lowerPrefix(ctx, node);
    case 'postfix_expression':
      return lowerPostfix(ctx, node);
    case 'parenthesized_expression':
      return lowerParenthesized(ctx, node);
    case 'ascription_expression': {
      const inner = firstOperand(node);
      return inner ? lowerExpr(ctx, inner) : emptyExpr(ctx.span(node));
    }
    case 'lambda_expression':
      return lowerLambda(ctx, node);
    case 'case_block':
      return lowerCaseBlock(ctx, node);
    case 'block':
    case 'indented_block':
      return { kind: 'block', body: lowerBlockItems(ctx, node), span: ctx.span(node) };
    case 'if_expression':
    case 'for_expression':
    case 'while_expression':
    case 'do_while_expression':
    case 'try_expression':
    case 'assignment_expression':
      return statementAsExpr(ctx, node);
    case 'match_expression':
      return lowerMatch(ctx, node);
    case 'ERROR':
      return { kind: 'unknown', children: isDollarError(ctx, node) ? [] : lowerOperands(ctx, node), span: ctx.span(node) };
    default:
      return { kind: 'unknown', children: lowerOperands(ctx, node), span: ctx.span(node) };
  }
}

/**
 * A statement-like construct in expression position (`val r = if (...) a else b`, a `for` used
 * as a value). `for ... yield` becomes a comprehension; the rest a block holding the statement.
 */
function statementAsExpr(ctx: ScalaContext, node: Node): Expr {
  const statements: Stmt[] = [];
  lowerStatement(ctx, node, statements);
  const span = ctx.span(node);
  if (statements.length === 1) {
    const only = statements[0];
    if (only.kind === 'loop' && only.loopKind === 'for' && hasYield(node) && only.iterable) {
      const element = only.body.length === 1 && only.body[0].kind === 'expr' ? only.body[0].expr : { kind: 'block' as const, body: only.body, span };
      return { kind: 'comprehension', element, variables: only.variables, iterable: only.iterable, span };
    }
  }
  return { kind: 'block', body: statements, span };
}

function hasYield(node: Node): boolean {
  for (const child of node.children) if (child.type === 'yield') return true;
  return false;
}

/** The named, non-comment, non-type children of a node, lowered as expressions. */
function lowerOperands(ctx: ScalaContext, node: Node): Expr[] {
  const out: Expr[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (isToken(type) || isComment(type) || isTypeNode(type)) continue;
    if (type === 'ERROR' && isDollarError(ctx, child)) continue;
    out.push(lowerExpr(ctx, child));
  }
  return out;
}

/** The first named, non-comment child (the operand of unary wrappers). */
export function firstOperand(node: Node): Node | undefined {
  for (const child of node.children) {
    const type = child.type;
    if (!isToken(type) && !isComment(type)) return child;
  }
  return undefined;
}

function lowerString(ctx: ScalaContext, node: Node): Expr {
  const span = ctx.span(node);
  const raw = ctx.text(node);
  const value = unquoteString(raw);
  // `$"a"` when the masking was not applied: ERROR(`$`) right before the string.
  if (ctx.charAt(node.startIndex - 1) === '$' && ctx.charAt(node.startIndex - 2) !== '$') {
    return { kind: 'column', name: value, span: { start: { line: span.start.line, character: span.start.character - 1 }, end: span.end } };
  }
  return { kind: 'literal', literalKind: 'string', value, span };
}

/** `s"..."`, `f"..."` → literal with the raw inner text; `$"name"` → column. */
function lowerInterpolated(ctx: ScalaContext, node: Node): Expr {
  const span = ctx.span(node);
  let interpolator = '';
  let body: Node | undefined;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'identifier') interpolator = ctx.text(child);
    else if (type === 'interpolated_string') body = child;
  }
  const value = body ? unquoteString(ctx.text(body)) : '';
  if (isColumnInterpolator(interpolator)) return { kind: 'column', name: value, span };
  const literal: Expr = { kind: 'literal', literalKind: 'string', value, span };
  // `${df.count()}` inside the string is code the model must see. `${df}`, like `$df`, is the
  // value's toString (a DataFrame's schema): no job, and nothing the string keeps.
  const nested: Expr[] = [];
  if (body) {
    for (const part of body.children) {
      if (part.type !== 'interpolation') continue;
      for (const inner of part.children) {
        if (inner.type !== 'block') continue;
        const lowered = lowerExpr(ctx, inner);
        if (!isBareName(lowered)) nested.push(lowered);
      }
    }
  }
  return nested.length === 0 ? literal : { kind: 'unknown', children: [literal, ...nested], span };
}

function isBareName(expr: Expr): boolean {
  const only = expr.kind === 'block' && expr.body.length === 1 ? expr.body[0] : undefined;
  return only?.kind === 'expr' && only.expr.kind === 'name';
}

/** `'name` (a Symbol, Spark's old column syntax) → column. */
function lowerQuote(ctx: ScalaContext, node: Node): Expr {
  const children = node.children;
  if (children.length === 2 && children[1].type === 'identifier') {
    return { kind: 'column', name: identifierName(ctx.text(children[1])), span: ctx.span(node) };
  }
  return { kind: 'unknown', children: lowerOperands(ctx, node), span: ctx.span(node) };
}

function lowerPrefix(ctx: ScalaContext, node: Node): Expr {
  const children = node.children;
  const span = ctx.span(node);
  if (children.length < 2) return { kind: 'unknown', children: lowerOperands(ctx, node), span };
  return { kind: 'unary', operator: ctx.text(children[0]), operand: lowerExpr(ctx, children[children.length - 1]), span };
}

/** `df count` → member `count` of `df`, like `df.count`. */
function lowerPostfix(ctx: ScalaContext, node: Node): Expr {
  let operand: Node | undefined;
  let name: Node | undefined;
  for (const child of node.children) {
    if (isComment(child.type)) continue;
    if (!operand) operand = child;
    else name = child;
  }
  const span = ctx.span(node);
  if (!operand) return emptyExpr(span);
  const object = lowerExpr(ctx, operand);
  if (!name) return object;
  const { text, span: propertySpan } = ctx.token(name);
  if (text === '_') return object; // `f _`: eta-expansion, the function itself
  return { kind: 'member', object, property: identifierName(text), span, propertySpan };
}

/** `(e)` → e; `(_ + 1)` → a placeholder lambda. */
function lowerParenthesized(ctx: ScalaContext, node: Node): Expr {
  const inner = firstOperand(node);
  if (!inner) return emptyExpr(ctx.span(node));
  return lowerWithPlaceholders(ctx, inner);
}

/**
 * Lowers an expression that delimits a placeholder scope (an argument, a parenthesised
 * expression): if `_` occurs in it (and it is not a bare `_`), it is wrapped in a lambda with the
 * single parameter `_`.
 */
export function lowerWithPlaceholders(ctx: ScalaContext, node: Node): Expr {
  const outer = ctx.placeholderSeen;
  ctx.placeholderSeen = false;
  const expr = lowerExpr(ctx, node);
  const seen = ctx.placeholderSeen;
  if (seen && !(expr.kind === 'name' && expr.id === '_')) {
    ctx.placeholderSeen = outer;
    return { kind: 'lambda', params: [{ name: '_' }], body: expr, span: expr.span };
  }
  ctx.placeholderSeen = outer || seen;
  return expr;
}

/** `x match { case ... }` → unknown holding the scrutinee and every case body. */
function lowerMatch(ctx: ScalaContext, node: Node): Expr {
  const children: Expr[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (type === 'case_block' || type === 'indented_cases') {
      for (const clause of child.children) if (clause.type === 'case_clause') children.push(caseBodyExpr(ctx, clause));
    } else if (!isToken(type) && !isComment(type) && !isTypeNode(type)) {
      children.push(lowerExpr(ctx, child));
    }
  }
  return { kind: 'unknown', children, span: ctx.span(node) };
}

/** The statements of a `case ... =>` body (pattern and guard skipped). */
export function caseBodyStatements(ctx: ScalaContext, clause: Node): Stmt[] {
  const out: Stmt[] = [];
  let inBody = false;
  for (const child of clause.children) {
    if (!inBody) {
      if (child.type === '=>') inBody = true;
      continue;
    }
    lowerStatement(ctx, child, out);
  }
  return out;
}

/** A case body as one expression: a single expression as itself, anything else as a block. */
export function caseBodyExpr(ctx: ScalaContext, clause: Node): Expr {
  const body = caseBodyStatements(ctx, clause);
  if (body.length === 1 && body[0].kind === 'expr') return body[0].expr;
  return { kind: 'block', body, span: ctx.span(clause) };
}
