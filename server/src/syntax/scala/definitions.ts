import type { SyntaxNode as Node } from '../syntaxNode';
import type { AssignStmt, ClassStmt, Expr, FunctionStmt, Parameter, Span, Stmt } from '../ast';
import { returnFromBranches } from '../exclusiveArms';
import type { ScalaContext } from './context';
import { lowerMatchStatement } from './control';
import { emptyExpr, lowerExpr, lowerWithPlaceholders } from './expressions';
import { isComment, isToken } from './nodes';
import { identifierName, parameterList, patternNames } from './patterns';
import { lowerBlockItems } from './statements';
import { isDollarError } from './syntaxErrors';

/**
 * `val x = e`, `var x: T = e`, `val (a, b) = e`, `lazy val x = e`. A pattern binding no name
 * (`val _ = e`) becomes an expression statement of the value.
 */
export function lowerValDefinition(ctx: ScalaContext, node: Node, declaration: 'val' | 'var'): Stmt {
  let pattern: Node | undefined;
  let typeNode: Node | undefined;
  let valueNode: Node | undefined;
  let state: 'head' | 'pattern' | 'type' | 'value' = 'head';
  for (const child of node.children) {
    const type = child.type;
    if (isComment(type)) continue;
    if (type === 'val' || type === 'var') state = 'pattern';
    else if (type === ':' && state === 'pattern') state = 'type';
    else if (type === '=') state = 'value';
    else if (isToken(type) || (type === 'ERROR' && isDollarError(ctx, child))) continue;
    else if (state === 'pattern') pattern ??= child;
    else if (state === 'type') typeNode ??= child;
    else if (state === 'value') valueNode ??= child;
  }
  const span = ctx.span(node);
  const value = lowerValue(ctx, valueNode, span);
  const targets = pattern && pattern.type !== 'wildcard' ? patternNames(ctx, pattern) : [];
  if (targets.length === 0) return { kind: 'expr', expr: value, span };
  const stmt: AssignStmt = { kind: 'assign', targets, value, declaration, operator: '=', span };
  if (typeNode) stmt.typeAnnotation = ctx.text(typeNode);
  if (pattern) stmt.targetSpan = ctx.span(pattern);
  return stmt;
}

/** A definition's right-hand side; `var x: T = _` (default value) and a missing value are unknown. */
function lowerValue(ctx: ScalaContext, valueNode: Node | undefined, span: Span): Expr {
  if (!valueNode) return emptyExpr(span);
  if (valueNode.type === 'wildcard') return emptyExpr(ctx.span(valueNode));
  return lowerWithPlaceholders(ctx, valueNode);
}

/**
 * `def f(a: A)(implicit b: B): R = body`. Curried and implicit parameter lists are flattened.
 * An expression body becomes one `return`; in a block body the trailing expression (Scala's
 * result value) becomes a `return` too, unless the method returns `Unit` (`: Unit =` or the
 * procedure syntax `def f() { ... }`).
 */
export function lowerFunction(
  ctx: ScalaContext,
  node: Node,
  lowerBlock: (block: Node) => Stmt[] = (block) => lowerBlockItems(ctx, block),
): FunctionStmt {
  let nameNode: Node | undefined;
  let returnType: Node | undefined;
  let bodyNode: Node | undefined;
  let hasEquals = false;
  const params: Parameter[] = [];
  let state: 'head' | 'name' | 'signature' | 'returnType' | 'body' = 'head';
  for (const child of node.children) {
    const type = child.type;
    if (isComment(type)) continue;
    if (type === 'def') {
      state = 'name';
    } else if (state === 'name' && (type === 'identifier' || type === 'operator_identifier')) {
      nameNode = child;
      state = 'signature';
    } else if (type === 'parameters') {
      parameterList(ctx, child, params);
    } else if (type === ':' && state === 'signature') {
      state = 'returnType';
    } else if (type === '=') {
      hasEquals = true;
      state = 'body';
    } else if (isToken(type)) {
      continue;
    } else if (state === 'returnType') {
      returnType ??= child;
      state = 'signature';
    } else if (state === 'body' || (type === 'block' && state === 'signature')) {
      bodyNode ??= child;
    }
  }

  const span = ctx.span(node);
  const nameSpan = nameNode ? ctx.token(nameNode).span : { start: span.start, end: span.start };
  const name = nameNode ? identifierName(ctx.text(nameNode)) : '';
  const returnTypeText = returnType ? ctx.text(returnType) : undefined;
  const body = bodyNode ? functionBody(ctx, bodyNode, hasEquals && returnTypeText !== 'Unit', lowerBlock) : [];
  const stmt: FunctionStmt = { kind: 'function', name, params, decorators: [], body, span, nameSpan };
  if (returnTypeText !== undefined) stmt.returnType = returnTypeText;
  return stmt;
}

function functionBody(ctx: ScalaContext, bodyNode: Node, returnsValue: boolean, lowerBlock: (block: Node) => Stmt[]): Stmt[] {
  const type = bodyNode.type;
  if (type === 'block' || type === 'indented_block') {
    const statements = lowerBlock(bodyNode);
    const last = statements[statements.length - 1];
    if (returnsValue && last && last.kind === 'expr') {
      statements[statements.length - 1] = { kind: 'return', value: last.expr, span: last.span };
    } else if (returnsValue && last?.kind === 'if' && lastStatementNode(bodyNode)?.type === 'match_expression') {
      statements[statements.length - 1] = returnFromBranches(last);
    }
    return statements;
  }
  if (type === 'match_expression') {
    // `def f(x) = x match { … }`: the arm that runs gives the value.
    const statements: Stmt[] = [];
    lowerMatchStatement(ctx, bodyNode, statements);
    const last = statements.at(-1);
    if (returnsValue && last?.kind === 'if') statements[statements.length - 1] = returnFromBranches(last);
    return statements;
  }
  return [{ kind: 'return', value: lowerExpr(ctx, bodyNode), span: ctx.span(bodyNode) }];
}

function lastStatementNode(block: Node): Node | undefined {
  for (let i = block.children.length - 1; i >= 0; i--) {
    const child = block.children[i]!;
    if (!isToken(child.type) && !isComment(child.type)) return child;
  }
  return undefined;
}

/**
 * `object` / `class` / `case class` / `trait` / `enum`: the name, the constructor parameters and
 * the lowered members of the body. Parents and type parameters are ignored. `lowerBody` lets the
 * top level lower each member through the LoweringCache.
 */
export function lowerClass(ctx: ScalaContext, node: Node, lowerBody: (body: Node) => Stmt[]): ClassStmt {
  let name = '';
  let body: Stmt[] = [];
  const params: Parameter[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (!name && (type === 'identifier' || type === 'operator_identifier')) name = identifierName(ctx.text(child));
    else if (type === 'class_parameters') parameterList(ctx, child, params);
    else if (type === 'template_body' || type === 'enum_body') body = lowerBody(child);
  }
  const stmt: ClassStmt = { kind: 'class', name, body, span: ctx.span(node) };
  if (params.length > 0) stmt.params = params;
  if (node.type === 'object_definition' || node.type === 'package_object') stmt.singleton = true;
  return stmt;
}

/** The body node of a class-like definition, if it has one. */
export function classBody(node: Node): Node | undefined {
  for (const child of node.children) {
    const type = child.type;
    if (type === 'template_body' || type === 'enum_body') return child;
  }
  return undefined;
}

/** The block body of a `def`, if its body is a block. */
export function functionBlock(node: Node): Node | undefined {
  const children = node.children;
  for (let i = children.length - 1; i >= 0; i--) {
    const type = children[i].type;
    if (type === 'block' || type === 'indented_block') return children[i];
    if (!isComment(type)) return undefined;
  }
  return undefined;
}
