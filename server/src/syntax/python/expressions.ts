import type { SyntaxNode as Node } from '../syntaxNode';
import type { Argument, ComprehensionExpr, Expr, LiteralExpr, Span, Stmt } from '../ast';
import { type LowerContext, MAX_EXPRESSION_DEPTH, keepsSpan, kids } from './context';
import { lowerConcatenatedString, lowerKeywordLiteral, lowerNumber, lowerString } from './literals';
import { lowerParameters, targetNames } from './patterns';

const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@']);
const COMPARISON_OPERATORS = new Set(['<', '<=', '==', '!=', '>=', '>', '<>', 'in', 'not in', 'is', 'is not']);
const BOOLEAN_OPERATORS = new Set(['and', 'or']);
const UNARY_OPERATORS = new Set(['+', '-', '~']);

/**
 * An f-string keeps its text as written (rules read paths and SQL from it), and its fields as
 * code: `f"{df.count()} rows"` runs a Spark job, as Scala's `s"${df.count} rows"` does.
 */
function withInterpolations(ctx: LowerContext, node: Node, literal: LiteralExpr): LiteralExpr {
  if (!hasFormatPrefix(ctx, node)) return literal;
  const interpolations: Expr[] = [];
  for (const part of node.namedChildren) {
    if (part.type !== 'interpolation') continue;
    const field = part.namedChildren[0];
    if (field && field.type !== 'type_conversion' && field.type !== 'format_specifier') interpolations.push(lowerExpr(ctx, field, field.type));
  }
  return interpolations.length > 0 ? { ...literal, interpolations } : literal;
}

/** `f"…"`, `rf'…'`, `F"""…"""`: an `f` among the prefix letters before the quote. */
function hasFormatPrefix(ctx: LowerContext, node: Node): boolean {
  for (let i = node.startIndex - ctx.base; i < ctx.src.length; i++) {
    const c = ctx.src[i];
    if (c === '"' || c === "'") return false;
    if (c === 'f' || c === 'F') return true;
  }
  return false;
}

/** Lowers any expression node; never throws on a well-formed or broken tree. */
export function lowerExpr(ctx: LowerContext, node: Node, type: string): Expr {
  if (ctx.depth >= MAX_EXPRESSION_DEPTH) return ctx.unknown(node);
  ctx.depth++;
  const result = lowerExprInner(ctx, node, type);
  ctx.depth--;
  return result;
}

function lowerExprInner(ctx: LowerContext, node: Node, type: string): Expr {
  switch (type) {
    case 'identifier':
      return lowerIdentifier(ctx, node);
    case 'attribute':
      return lowerAttribute(ctx, node);
    case 'call':
      return lowerCall(ctx, node);
    case 'subscript':
      return lowerSubscript(ctx, node);
    case 'string':
      return withInterpolations(ctx, node, lowerString(ctx, node));
    case 'concatenated_string':
      return lowerConcatenatedString(ctx, node);
    case 'integer':
    case 'float':
      return lowerNumber(ctx, node);
    case 'true':
    case 'false':
    case 'none':
      return lowerKeywordLiteral(ctx, node, type);
    case 'parenthesized_expression':
      return lowerParenthesized(ctx, node);
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
      return lowerSequence(ctx, node);
    case 'dictionary':
      return lowerDictionary(ctx, node);
    case 'lambda':
      return lowerLambda(ctx, node);
    case 'binary_operator':
      return lowerOperator(ctx, node, BINARY_OPERATORS);
    case 'boolean_operator':
      return lowerOperator(ctx, node, BOOLEAN_OPERATORS);
    case 'comparison_operator':
      return lowerOperator(ctx, node, COMPARISON_OPERATORS);
    case 'not_operator':
      return lowerNot(ctx, node);
    case 'unary_operator':
      return lowerUnary(ctx, node);
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      return lowerComprehension(ctx, node);
    case 'pair':
      return lowerPairAsMapping(ctx, node);
    case 'conditional_expression':
      return lowerConditional(ctx, node);
    default:
      // await, named_expression, splats, keyword_argument,
      // slice, yield, ellipsis, and whatever else: keep the sub-expressions.
      return lowerUnknown(ctx, node);
  }
}

/** `a if c else b`: a block holding the `if`, the same shape as a Scala `if` used as a value. */
function lowerConditional(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  if (k.nodes.length !== 3) return lowerUnknown(ctx, node);
  const value = lowerExpr(ctx, k.nodes[0], k.types[0]);
  const condition = lowerExpr(ctx, k.nodes[1], k.types[1]);
  const alternative = lowerExpr(ctx, k.nodes[2], k.types[2]);
  const span = ctx.span(node);
  const then: Stmt[] = [{ kind: 'expr', expr: value, span: value.span }];
  const otherwise: Stmt[] = [{ kind: 'expr', expr: alternative, span: alternative.span }];
  return { kind: 'block', body: [{ kind: 'if', condition, then, otherwise, span }], span };
}

export function lowerUnknown(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const children: Expr[] = new Array(k.nodes.length);
  for (let i = 0; i < k.nodes.length; i++) children[i] = lowerExpr(ctx, k.nodes[i], k.types[i]);
  return ctx.unknown(node, children);
}

/** The span of `node` when it ends where its last lowered child ends, else one wasm call. */
function spanEndingWith(ctx: LowerContext, node: Node, lastKept: boolean, last: Expr | undefined): Span {
  return lastKept && last ? ctx.spanFrom(node, last.span.end) : ctx.span(node);
}

function lowerIdentifier(ctx: LowerContext, node: Node): Expr {
  const start = node.startIndex;
  if (ctx.clean) {
    // Read the end of an ASCII identifier from the text instead of asking the tree.
    const src = ctx.src;
    const from = start - ctx.base;
    let i = from;
    while (isAsciiIdentifierPart(src.charCodeAt(i))) i++;
    if (i > from && !(src.charCodeAt(i) >= 0x80)) {
      return { kind: 'name', id: src.slice(from, i), span: ctx.lineSpan(node, start + (i - from)) };
    }
  }
  const end = node.endIndex;
  // A MISSING identifier inserted by error recovery is zero-width.
  if (end <= start) return { kind: 'unknown', children: [], span: ctx.lineSpan(node, end) };
  return { kind: 'name', id: ctx.slice(start, end), span: ctx.lineSpan(node, end) };
}

function lowerAttribute(ctx: LowerContext, node: Node): Expr {
  if (ctx.clean) {
    const member = lowerCleanAttribute(ctx, node);
    if (member) return member;
  }
  const k = kids(node);
  const n = k.nodes.length;
  if (n < 2 || k.types[n - 1] !== 'identifier') return lowerUnknown(ctx, node);
  const object = lowerExpr(ctx, k.nodes[0], k.types[0]);
  const prop = k.nodes[n - 1];
  const propEnd = prop.endIndex;
  const propertySpan = ctx.lineSpan(prop, propEnd);
  const span = ctx.spanOver(node, object, k.firstKept, k.lastKept ? propertySpan.end : undefined);
  if (propEnd <= prop.startIndex) return { kind: 'unknown', children: [object], span };
  return { kind: 'member', object, property: ctx.slice(prop.startIndex, propEnd), span, propertySpan };
}

function isAsciiIdentifierPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * `object.name` in a chunk without syntax errors: the name is the ASCII identifier the node
 * ends with, read from the source, so only the object child is fetched from the tree (chains
 * are the bulk of a Spark file). Undefined when the name is not plain ASCII: use the general path.
 */
function lowerCleanAttribute(ctx: LowerContext, node: Node): Expr | undefined {
  const end = node.endIndex;
  const src = ctx.src;
  const localEnd = end - ctx.base;
  let i = localEnd;
  while (i > 0 && isAsciiIdentifierPart(src.charCodeAt(i - 1))) i--;
  if (i === localEnd || i === 0 || src.charCodeAt(i - 1) >= 0x80) return undefined;
  const first = src.charCodeAt(i);
  if (first >= 48 && first <= 57) return undefined;
  const objectNode = node.namedChild(0);
  if (!objectNode) return undefined;
  const objectType = objectNode.type;
  if (objectNode.startIndex !== node.startIndex || !keepsSpan(objectType)) return undefined;
  const object = lowerExpr(ctx, objectNode, objectType);
  const endPosition = ctx.endPosition(node, end);
  const propertySpan: Span = {
    start: { line: endPosition.line, character: endPosition.character - (localEnd - i) },
    end: endPosition,
  };
  return {
    kind: 'member',
    object,
    property: src.slice(i, localEnd),
    span: { start: object.span.start, end: endPosition },
    propertySpan,
  };
}

function lowerCall(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  if (k.nodes.length < 2) return lowerUnknown(ctx, node);
  const callee = lowerExpr(ctx, k.nodes[0], k.types[0]);
  const argsNode = k.nodes[1];
  const argsType = k.types[1];
  let args: Argument[];
  let argsSpan: Span;
  if (argsType === 'argument_list') {
    // Usually `(` directly follows the callee: share that position.
    const open = argsNode.startPosition;
    const calleeEnd = callee.span.end;
    const start = calleeEnd.line === open.row && calleeEnd.character === open.column ? calleeEnd : ctx.start(argsNode);
    argsSpan = { start, end: ctx.endPosition(argsNode, argsNode.endIndex) };
    args = lowerArguments(ctx, argsNode);
  } else {
    // `f(x for x in xs)`: the generator expression is the whole argument list.
    const value = lowerExpr(ctx, argsNode, argsType);
    argsSpan = value.span;
    args = [{ value, span: value.span }];
  }
  const span = ctx.spanOver(node, callee, k.firstKept, k.lastKept && k.nodes.length === 2 ? argsSpan.end : undefined);
  return { kind: 'call', callee, args, span, argsSpan };
}

function lowerArguments(ctx: LowerContext, node: Node): Argument[] {
  const k = kids(node);
  const args: Argument[] = [];
  for (let i = 0; i < k.nodes.length; i++) {
    const child = k.nodes[i];
    const type = k.types[i];
    if (type === 'keyword_argument') {
      const parts = kids(child);
      const nameNode = parts.nodes[0];
      if (parts.nodes.length === 2 && parts.types[0] === 'identifier') {
        const nameEnd = nameNode.endIndex;
        const value = lowerExpr(ctx, parts.nodes[1], parts.types[1]);
        const span = spanEndingWith(ctx, child, parts.lastKept, value);
        if (nameEnd > nameNode.startIndex) {
          args.push({ name: ctx.slice(nameNode.startIndex, nameEnd), value, span });
        } else {
          args.push({ value, span });
        }
      } else {
        const value = lowerUnknown(ctx, child);
        args.push({ value, span: value.span });
      }
    } else {
      // Positional; `*args` / `**kwargs` become unknowns through the default case.
      const value = lowerExpr(ctx, child, type);
      args.push({ value, span: value.span });
    }
  }
  return args;
}

function lowerSubscript(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const n = k.nodes.length;
  if (n < 2) return lowerUnknown(ctx, node);
  const object = lowerExpr(ctx, k.nodes[0], k.types[0]);
  let index: Expr;
  if (n === 2) {
    index = lowerExpr(ctx, k.nodes[1], k.types[1]);
  } else {
    // `t[a, b]` indexes with the tuple `(a, b)`.
    const items: Expr[] = [];
    for (let i = 1; i < n; i++) items.push(lowerExpr(ctx, k.nodes[i], k.types[i]));
    index = { kind: 'sequence', items, span: { start: items[0].span.start, end: items[n - 2].span.end } };
  }
  return { kind: 'index', object, index, span: ctx.spanOver(node, object, k.firstKept, undefined) };
}

function lowerParenthesized(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  // Parentheses only group: `(a.b()\n .c())` is the same chain as `a.b().c()`.
  if (k.nodes.length === 1) return lowerExpr(ctx, k.nodes[0], k.types[0]);
  return lowerUnknown(ctx, node);
}

function lowerSequence(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const items: Expr[] = new Array(k.nodes.length);
  for (let i = 0; i < k.nodes.length; i++) items[i] = lowerExpr(ctx, k.nodes[i], k.types[i]);
  return { kind: 'sequence', items, span: ctx.span(node) };
}

function lowerDictionary(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const entries: Array<{ key: Expr; value: Expr }> = [];
  for (let i = 0; i < k.nodes.length; i++) {
    const child = k.nodes[i];
    if (k.types[i] === 'pair') {
      const parts = kids(child);
      if (parts.nodes.length === 2) {
        entries.push({
          key: lowerExpr(ctx, parts.nodes[0], parts.types[0]),
          value: lowerExpr(ctx, parts.nodes[1], parts.types[1]),
        });
        continue;
      }
    }
    // `**other` (or a broken pair): no key of its own.
    const value = lowerExpr(ctx, child, k.types[i]);
    entries.push({ key: { kind: 'unknown', children: [], span: value.span }, value });
  }
  return { kind: 'mapping', entries, span: ctx.span(node) };
}

/** The `k: v` element of a dict comprehension, as a one-entry mapping. */
function lowerPairAsMapping(ctx: LowerContext, node: Node): Expr {
  const parts = kids(node);
  if (parts.nodes.length !== 2) return lowerUnknown(ctx, node);
  const key = lowerExpr(ctx, parts.nodes[0], parts.types[0]);
  const value = lowerExpr(ctx, parts.nodes[1], parts.types[1]);
  return { kind: 'mapping', entries: [{ key, value }], span: spanEndingWith(ctx, node, parts.lastKept, value) };
}

function lowerLambda(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const n = k.nodes.length;
  if (n === 0 || k.types[n - 1] === 'lambda_parameters') return lowerUnknown(ctx, node);
  const params = k.types[0] === 'lambda_parameters' ? lowerParameters(ctx, k.nodes[0]) : [];
  const body = lowerExpr(ctx, k.nodes[n - 1], k.types[n - 1]);
  return { kind: 'lambda', params, body, span: spanEndingWith(ctx, node, k.lastKept, body) };
}

/**
 * Binary, boolean and comparison operators. Operators are anonymous children whose type is the
 * operator itself (`not in` and `is not` are single aliased tokens). Chained comparisons
 * `a < b < c` nest to the left: `(a < b) < c`.
 */
function lowerOperator(ctx: LowerContext, node: Node, operators: Set<string>): Expr {
  const children = node.children;
  const operands: Node[] = [];
  const operandTypes: string[] = [];
  const ops: string[] = [];
  let lastIsOperand = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const t = child.type;
    if (operators.has(t)) {
      ops.push(t);
      lastIsOperand = false;
    } else if (t === 'comment' || t === 'line_continuation' || t === 'ERROR') {
      lastIsOperand = false;
    } else {
      operands.push(child);
      operandTypes.push(t);
      lastIsOperand = keepsSpan(t);
    }
  }
  if (operands.length < 2 || ops.length !== operands.length - 1) {
    const items: Expr[] = operands.map((o, i) => lowerExpr(ctx, o, operandTypes[i]));
    return ctx.unknown(node, items);
  }
  let result = lowerExpr(ctx, operands[0], operandTypes[0]);
  const firstKept = children[0] === operands[0] && keepsSpan(operandTypes[0]);
  const start = firstKept ? result.span.start : ctx.start(node);
  for (let i = 1; i < operands.length; i++) {
    const right = lowerExpr(ctx, operands[i], operandTypes[i]);
    const isLast = i === operands.length - 1;
    const end = !isLast || lastIsOperand ? right.span.end : ctx.endPosition(node, node.endIndex);
    result = { kind: 'binary', operator: ops[i - 1], left: result, right, span: { start, end } };
  }
  return result;
}

function lowerNot(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  if (k.nodes.length !== 1) return lowerUnknown(ctx, node);
  const operand = lowerExpr(ctx, k.nodes[0], k.types[0]);
  return { kind: 'unary', operator: 'not', operand, span: spanEndingWith(ctx, node, k.lastKept, operand) };
}

function lowerUnary(ctx: LowerContext, node: Node): Expr {
  const children = node.children;
  let operator: string | undefined;
  let operandNode: Node | undefined;
  let operandType = '';
  for (let i = 0; i < children.length; i++) {
    const t = children[i].type;
    if (operator === undefined && UNARY_OPERATORS.has(t)) operator = t;
    else if (t !== 'comment' && t !== 'line_continuation' && t !== 'ERROR' && !operandNode) {
      operandNode = children[i];
      operandType = t;
    }
  }
  if (operator === undefined || !operandNode) return lowerUnknown(ctx, node);
  const operand = lowerExpr(ctx, operandNode, operandType);
  const lastKept = children[children.length - 1] === operandNode && keepsSpan(operandType);
  return { kind: 'unary', operator, operand, span: spanEndingWith(ctx, node, lastKept, operand) };
}

/**
 * `[e for a in A if c for b in B]`: one comprehension per `for` clause, nested left to right, so
 * the innermost one has the element. `if` clauses are kept next to the element of the
 * comprehension they filter (element becomes `unknown [element, ...conditions]`) so calls in
 * them are still seen without hiding the iterable.
 */
function lowerComprehension(ctx: LowerContext, node: Node): Expr {
  const k = kids(node);
  const n = k.nodes.length;
  if (n === 0) return ctx.unknown(node);
  const span = ctx.span(node);
  const element = lowerExpr(ctx, k.nodes[0], k.types[0]);
  const groups: Array<{ variables: string[]; iterable: Expr; conditions: Expr[] }> = [];
  const strayConditions: Expr[] = [];
  for (let i = 1; i < n; i++) {
    const clause = k.nodes[i];
    const type = k.types[i];
    if (type === 'for_in_clause') {
      const parts = kids(clause);
      if (parts.nodes.length === 0) continue;
      const variables = targetNames(ctx, parts.nodes[0], parts.types[0]);
      let iterable: Expr;
      if (parts.nodes.length === 2) {
        iterable = lowerExpr(ctx, parts.nodes[1], parts.types[1]);
      } else if (parts.nodes.length > 2) {
        const items: Expr[] = [];
        for (let j = 1; j < parts.nodes.length; j++) items.push(lowerExpr(ctx, parts.nodes[j], parts.types[j]));
        iterable = { kind: 'sequence', items, span: { start: items[0].span.start, end: items[items.length - 1].span.end } };
      } else {
        iterable = { kind: 'unknown', children: [], span: ctx.span(clause) };
      }
      groups.push({ variables, iterable, conditions: [] });
    } else {
      // if_clause (or anything unexpected): its expressions filter the latest `for`.
      const cond = kids(clause);
      const target = groups.length > 0 ? groups[groups.length - 1].conditions : strayConditions;
      for (let j = 0; j < cond.nodes.length; j++) target.push(lowerExpr(ctx, cond.nodes[j], cond.types[j]));
    }
  }
  if (groups.length === 0) return ctx.unknown(node, [element, ...strayConditions]);
  let result: Expr = element;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g];
    const conditions = group.conditions;
    const filtered: Expr =
      conditions.length > 0
        ? {
            kind: 'unknown',
            children: [result, ...conditions],
            span: { start: result.span.start, end: conditions[conditions.length - 1].span.end },
          }
        : result;
    const comprehension: ComprehensionExpr = {
      kind: 'comprehension',
      element: filtered,
      variables: group.variables,
      iterable: group.iterable,
      span,
    };
    result = comprehension;
  }
  return result;
}
