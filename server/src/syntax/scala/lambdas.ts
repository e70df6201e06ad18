import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, Parameter, Stmt } from '../ast';
import type { ScalaContext } from './context';
import { caseBodyExpr, caseBodyStatements, lowerExpr } from './expressions';
import { isComment, isToken } from './nodes';
import { identifierName, isSimplePattern, parameterList, patternNames } from './patterns';
import { isAssignment, lowerBlockItems, lowerStatement } from './statements';

/** `x => e`, `(a: Int, b) => e`, `x => { stmts }`, `implicit s => e`. */
export function lowerLambda(ctx: ScalaContext, node: Node): Expr {
  const parts: Node[] = [];
  for (const child of node.children) if (!isComment(child.type)) parts.push(child);
  const span = ctx.span(node);
  const body = parts[parts.length - 1];
  let arrow = parts.length - 2;
  while (arrow >= 0 && parts[arrow].type !== '=>' && parts[arrow].type !== '?=>') arrow--;
  if (!body || arrow < 1) return { kind: 'unknown', children: body ? [lowerExpr(ctx, body)] : [], span };
  const params = lambdaParams(ctx, parts[arrow - 1]);
  return { kind: 'lambda', params, body: lambdaBody(ctx, body), span };
}

function lambdaParams(ctx: ScalaContext, node: Node): Parameter[] {
  const type = node.type;
  if (type === 'bindings') {
    const params: Parameter[] = [];
    parameterList(ctx, node, params);
    return params;
  }
  if (type === 'wildcard') return [{ name: '_' }];
  if (type === 'identifier' || type === 'operator_identifier') return [{ name: identifierName(ctx.text(node)) }];
  return [];
}

/** A block body is a statement list; an assignment body too; anything else an expression. */
function lambdaBody(ctx: ScalaContext, body: Node): Expr | Stmt[] {
  const outer = ctx.placeholderSeen;
  ctx.placeholderSeen = false;
  let lowered: Expr | Stmt[];
  const type = body.type;
  if (type === 'block' || type === 'indented_block') {
    lowered = lowerBlockItems(ctx, body);
  } else if (type === 'indented_cases') {
    lowered = casesExpr(ctx, body);
  } else if (isAssignment(ctx, body, type)) {
    const statements: Stmt[] = [];
    lowerStatement(ctx, body, statements);
    lowered = statements;
  } else {
    lowered = lowerExpr(ctx, body);
  }
  ctx.placeholderSeen = outer;
  return lowered;
}

/**
 * `{ case (k, v) => ... }`: a lambda whose parameters are the pattern's names when there is one
 * clause with a simple pattern and no guard; otherwise unknown holding every case body.
 */
export function lowerCaseBlock(ctx: ScalaContext, node: Node): Expr {
  const clauses: Node[] = [];
  for (const child of node.children) if (child.type === 'case_clause') clauses.push(child);
  if (clauses.length === 1) {
    const lambda = simpleCaseLambda(ctx, clauses[0], node);
    if (lambda) return lambda;
  }
  return casesExpr(ctx, node);
}

function casesExpr(ctx: ScalaContext, node: Node): Expr {
  const outer = ctx.placeholderSeen;
  const children: Expr[] = [];
  for (const child of node.children) if (child.type === 'case_clause') children.push(caseBodyExpr(ctx, child));
  ctx.placeholderSeen = outer;
  return { kind: 'unknown', children, span: ctx.span(node) };
}

function simpleCaseLambda(ctx: ScalaContext, clause: Node, block: Node): Expr | undefined {
  let pattern: Node | undefined;
  for (const child of clause.children) {
    const type = child.type;
    if (type === 'guard') return undefined;
    if (type === '=>') break;
    if (!pattern && !isToken(type) && !isComment(type)) pattern = child;
  }
  if (!pattern || !isSimplePattern(pattern)) return undefined;
  const params = patternNames(ctx, pattern).map((name) => ({ name }));
  const outer = ctx.placeholderSeen;
  const statements = caseBodyStatements(ctx, clause);
  ctx.placeholderSeen = outer;
  const body: Expr | Stmt[] = statements.length === 1 && statements[0].kind === 'expr' ? statements[0].expr : statements;
  return { kind: 'lambda', params, body, span: ctx.span(block) };
}

/** Scala 3 `xs.foreach: x =>` + indented body, or `spark.time:` + indented block. */
export function lowerColonArgument(ctx: ScalaContext, node: Node): Expr {
  let params: Parameter[] | undefined;
  let body: Node | undefined;
  let previous: Node | undefined;
  for (const child of node.children) {
    const type = child.type;
    if (isComment(type)) continue;
    if (type === '=>' && previous) params = lambdaParams(ctx, previous);
    else if (type === 'indented_block' || type === 'indented_cases') body = child;
    previous = child;
  }
  const span = ctx.span(node);
  if (!body) return { kind: 'unknown', children: [], span };
  if (params) return { kind: 'lambda', params, body: lambdaBody(ctx, body), span };
  if (body.type === 'indented_cases') return lowerCaseBlock(ctx, body);
  return { kind: 'block', body: lowerBlockItems(ctx, body), span };
}
