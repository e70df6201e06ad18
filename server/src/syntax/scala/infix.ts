import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, Span } from '../ast';
import { MAX_DEPTH, type ScalaContext } from './context';
import { lowerExpr } from './expressions';
import { isComment } from './nodes';

/**
 * tree-sitter-scala 0.24 parses every infix chain left-associatively with one precedence:
 * `x > 1 && y === "z"` comes out as `((x > 1) && y) === "z"`. The chain is flattened back to its
 * operands and operators and rebuilt with Scala's rules: precedence by the operator's first
 * character, operators ending in `:` associate to the right, assignment operators bind loosest.
 */

interface Chain {
  operands: Node[];
  operators: string[];
  /** Where each operator is written. */
  operatorNodes: Array<Node | undefined>;
}

/**
 * Collects the operands and operators of an infix chain in source order. The chain leans left,
 * so its left spine is walked iteratively (a 5,000-term string concatenation costs no stack).
 */
function flatten(ctx: ScalaContext, node: Node, chain: Chain): void {
  const rights: Array<{ operator: string; operatorNode: Node | undefined; right: Node | undefined }> = [];
  let current: Node = node;
  for (;;) {
    let left: Node | undefined;
    let operator = '';
    let operatorNode: Node | undefined;
    let right: Node | undefined;
    let index = 0;
    for (const child of current.children) {
      if (isComment(child.type)) continue;
      if (index === 0) left = child;
      else if (index === 1) {
        operator = ctx.text(child);
        operatorNode = child;
      } else if (index === 2) right = child;
      index++;
    }
    rights.push({ operator, operatorNode, right });
    if (left && left.type === 'infix_expression') {
      current = left;
      continue;
    }
    if (left) chain.operands.push(left);
    break;
  }
  for (let i = rights.length - 1; i >= 0; i--) {
    const { operator, operatorNode, right } = rights[i];
    chain.operators.push(operator);
    chain.operatorNodes.push(operatorNode);
    if (!right) continue;
    if (right.type === 'infix_expression' && ctx.depth < MAX_DEPTH) {
      ctx.depth++;
      flatten(ctx, right, chain);
      ctx.depth--;
    } else {
      chain.operands.push(right);
    }
  }
}

function chainOf(ctx: ScalaContext, node: Node): Chain | undefined {
  const chain: Chain = { operands: [], operators: [], operatorNodes: [] };
  flatten(ctx, node, chain);
  return chain.operands.length === chain.operators.length + 1 ? chain : undefined;
}

/** `+=`, `-=`, `++=`, `:+=` — but not `==`, `===`, `=!=`, `<=`, `>=`, `!=`. */
function isAssignmentOperator(text: string): boolean {
  return (
    text.length >= 2 &&
    text.charCodeAt(text.length - 1) === 61 /* = */ &&
    text.charCodeAt(0) !== 61 &&
    text !== '<=' &&
    text !== '>=' &&
    text !== '!='
  );
}

/** Scala's operator precedence, loosest first. */
export function precedence(operator: string): number {
  if (isAssignmentOperator(operator)) return 0;
  const c = operator.charAt(0);
  if (/[\p{L}_$`]/u.test(c)) return 1;
  switch (c) {
    case '|':
      return 2;
    case '^':
      return 3;
    case '&':
      return 4;
    case '=':
    case '!':
      return 5;
    case '<':
    case '>':
      return 6;
    case ':':
      return 7;
    case '+':
    case '-':
      return 8;
    case '*':
    case '/':
    case '%':
      return 9;
    default:
      return 10;
  }
}

/** Alphanumeric operators are method calls written infix (`a union b`): keep where the name is. */
function operatorSpan(ctx: ScalaContext, operator: string, node: Node | undefined): Span | undefined {
  return node && precedence(operator) === 1 ? ctx.span(node) : undefined;
}

function build(ctx: ScalaContext, operands: Expr[], operators: string[], operatorNodes: Array<Node | undefined>): Expr {
  let next = 0; // index of the next operand; operator i sits between operands i and i + 1
  const climb = (minimum: number): Expr => {
    let left = operands[next++];
    while (next - 1 < operators.length) {
      const index = next - 1;
      const operator = operators[index];
      const level = precedence(operator);
      if (level < minimum) break;
      const rightAssociative = operator.endsWith(':') || level === 0;
      const right = climb(rightAssociative ? level : level + 1);
      const at = operatorSpan(ctx, operator, operatorNodes[index]);
      left = { kind: 'binary', operator, left, right, span: { start: left.span.start, end: right.span.end } };
      if (at) left.operatorSpan = at;
    }
    return left;
  };
  return climb(0);
}

/** Lowers an infix chain with Scala precedence. */
export function lowerInfix(ctx: ScalaContext, node: Node): Expr {
  const chain = chainOf(ctx, node);
  if (!chain) {
    const children: Expr[] = [];
    for (const child of node.children) if (child.type !== 'ERROR' && !isComment(child.type)) children.push(lowerExpr(ctx, child));
    return { kind: 'unknown', children, span: ctx.span(node) };
  }
  const operands = chain.operands.map((operand) => lowerExpr(ctx, operand));
  // A generated 5,000-term concatenation would nest 5,000 deep: keep its operands flat instead.
  if (chain.operators.length > MAX_DEPTH) return { kind: 'unknown', children: operands, span: ctx.span(node) };
  return build(ctx, operands, chain.operators, chain.operatorNodes);
}

/** `x += a + b` (an assignment operator first in the chain): the target, operator and value. */
export function infixAssignment(ctx: ScalaContext, node: Node): { target: Node; operator: string; value: Expr } | undefined {
  const chain = chainOf(ctx, node);
  if (!chain || !isAssignmentOperator(chain.operators[0])) return undefined;
  const operands = chain.operands.slice(1).map((operand) => lowerExpr(ctx, operand));
  const value: Expr =
    chain.operators.length > MAX_DEPTH
      ? { kind: 'unknown', children: operands, span: ctx.span(node) }
      : build(ctx, operands, chain.operators.slice(1), chain.operatorNodes.slice(1));
  return { target: chain.operands[0], operator: chain.operators[0], value };
}

/** Cheap check for statement positions: is the chain's first operator an assignment? */
export function startsWithAssignment(ctx: ScalaContext, node: Node): boolean {
  let current = node;
  for (;;) {
    let first: Node | undefined;
    let operator: Node | undefined;
    let index = 0;
    for (const child of current.children) {
      if (isComment(child.type)) continue;
      if (index === 0) first = child;
      else if (index === 1) operator = child;
      index++;
    }
    if (!first || !operator) return false;
    if (first.type !== 'infix_expression') return isAssignmentOperator(ctx.text(operator));
    current = first;
  }
}
