import type { SyntaxNode as Node } from '../syntaxNode';
import type { AssignStmt, Expr, FunctionStmt, IfStmt, Span, Stmt } from '../ast';
import { armsAsIfChain, type MatchArm } from '../exclusiveArms';
import { type Kids, type LowerContext, keepsSpan, kids } from './context';
import { lowerExpr } from './expressions';
import { lowerFromImport, lowerImport } from './imports';
import { lowerParameters, targetNames, typeText } from './patterns';

/** Node types tree-sitter-python uses for statements (`_simple_statement`, `_compound_statement`). */
export const STATEMENT_TYPES = new Set([
  'expression_statement',
  'return_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'if_statement',
  'for_statement',
  'while_statement',
  'with_statement',
  'try_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
  'raise_statement',
  'assert_statement',
  'print_statement',
  'exec_statement',
  'delete_statement',
  'global_statement',
  'nonlocal_statement',
  'pass_statement',
  'break_statement',
  'continue_statement',
  'type_alias_statement',
]);

const AUGMENTED_OPERATORS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '<<=', '>>=', '&=', '|=', '^=', '@=']);

/** Lowers one statement node, appending zero or more statements to `out` (blocks are flattened). */
export function lowerStatement(ctx: LowerContext, node: Node, type: string, out: Stmt[]): void {
  switch (type) {
    case 'expression_statement':
      return lowerExpressionStatement(ctx, node, out);
    case 'return_statement':
      return lowerReturn(ctx, node, out);
    case 'import_statement':
      return lowerImport(ctx, node, out);
    case 'import_from_statement':
      return lowerFromImport(ctx, node, out);
    case 'future_import_statement':
      return lowerFromImport(ctx, node, out, '__future__');
    case 'if_statement':
      out.push(lowerIf(ctx, node));
      return;
    case 'for_statement':
    case 'while_statement':
      return lowerLoop(ctx, node, type, out);
    case 'with_statement':
      return lowerWith(ctx, node, out);
    case 'try_statement':
      return lowerTry(ctx, node, out);
    case 'function_definition':
    case 'class_definition':
      return lowerDefinition(ctx, node, type, [], ctx.span(node), out);
    case 'decorated_definition':
      return lowerDecorated(ctx, node, out);
    case 'match_statement':
      return lowerMatch(ctx, node, out);
    case 'raise_statement':
      return lowerExpressionsAsStatements(ctx, kids(node), out, 'raise');
    case 'assert_statement':
      return lowerExpressionsAsStatements(ctx, kids(node), out, 'assert');
    case 'print_statement':
    case 'exec_statement':
      return lowerExpressionsAsStatements(ctx, kids(node), out);
    case 'block':
      lowerBlockInto(ctx, node, out);
      return;
    case 'ERROR':
      return lowerErrorStatements(ctx, node, out);
    default:
      // delete / global / nonlocal / pass / break / continue / type alias, comments, and stray
      // expression fragments: nothing the model follows.
      return;
  }
}

/** The statements of a `block` (or of any node whose named children are statements). */
export function lowerBlock(ctx: LowerContext, node: Node): Stmt[] {
  const out: Stmt[] = [];
  lowerBlockInto(ctx, node, out);
  return out;
}

function lowerBlockInto(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const children = node.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const type = child.type;
    if (type !== 'comment') lowerStatement(ctx, child, type, out);
  }
}

/**
 * An ERROR node is recorded as a syntax error by the caller and its broken text skipped, but
 * complete statements tree-sitter recovered inside it are kept.
 */
function lowerErrorStatements(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const children = node.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const type = children[i].type;
    if (STATEMENT_TYPES.has(type) || type === 'ERROR') lowerStatement(ctx, children[i], type, out);
  }
}

function lowerExpressionsAsStatements(ctx: LowerContext, k: Kids, out: Stmt[], role?: 'assert' | 'raise'): void {
  for (let i = 0; i < k.nodes.length; i++) {
    const expr = lowerExpr(ctx, k.nodes[i], k.types[i]);
    // `assert cond, "message"`: only the condition is asserted.
    const statementRole = role === 'assert' && i > 0 ? undefined : role;
    out.push(statementRole ? { kind: 'expr', expr, span: expr.span, role: statementRole } : { kind: 'expr', expr, span: expr.span });
  }
}

/** One expression from the named children: itself, or a sequence for `a, b` forms. */
function lowerExprList(ctx: LowerContext, k: Kids, from: number): Expr | undefined {
  const n = k.nodes.length - from;
  if (n <= 0) return undefined;
  if (n === 1) return lowerExpr(ctx, k.nodes[from], k.types[from]);
  const items: Expr[] = [];
  for (let i = from; i < k.nodes.length; i++) items.push(lowerExpr(ctx, k.nodes[i], k.types[i]));
  return { kind: 'sequence', items, span: { start: items[0].span.start, end: items[n - 1].span.end } };
}

/** The span of a statement that ends with the expression `last`. */
function statementSpan(ctx: LowerContext, node: Node, k: Kids, last: { span: Span } | undefined): Span {
  return k.lastKept && last ? ctx.spanFrom(node, last.span.end) : ctx.span(node);
}

function lowerExpressionStatement(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  if (k.nodes.length === 1) {
    const type = k.types[0];
    if (type === 'assignment') return lowerAssignment(ctx, k.nodes[0], out);
    if (type === 'augmented_assignment') return lowerAugmentedAssignment(ctx, k.nodes[0], out);
  }
  const expr = lowerExprList(ctx, k, 0);
  if (!expr) return;
  // A lone expression covers the whole statement: share its span.
  const span = k.nodes.length === 1 && k.firstKept && k.lastKept ? expr.span : statementSpan(ctx, node, k, expr);
  out.push({ kind: 'expr', expr, span });
}

/**
 * `x = e`, `x: T = e`, `a, b = e`, `a = b = e` (targets `[a, b]`), `self.x = e` (target `self.x`).
 * Without any such target (`obj.x = e`, `d[k] = e`) the value becomes an expression statement.
 * A bare annotation `x: T` assigns nothing and is dropped.
 */
function lowerAssignment(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const targets: string[] = [];
  let typeAnnotation: string | undefined;
  let value: Expr | undefined;
  let endsWithValue = true;
  let current = node;
  let targetSpan: Span | undefined;
  for (;;) {
    const k = kids(current);
    endsWithValue &&= k.lastKept;
    if (k.nodes.length === 0) break;
    targetSpan ??= ctx.span(k.nodes[0]);
    targetNames(ctx, k.nodes[0], k.types[0], targets);
    let rightIndex = -1;
    for (let i = 1; i < k.nodes.length; i++) {
      if (k.types[i] === 'type') {
        if (typeAnnotation === undefined) typeAnnotation = typeText(ctx, k.nodes[i]);
      } else if (rightIndex < 0) {
        rightIndex = i;
      }
    }
    if (rightIndex < 0) break;
    const right = k.nodes[rightIndex];
    const rightType = k.types[rightIndex];
    if (rightType === 'assignment') {
      current = right;
      continue;
    }
    value = lowerExpr(ctx, right, rightType);
    endsWithValue &&= rightIndex === k.nodes.length - 1;
    break;
  }
  if (!value) return;
  const span = endsWithValue ? ctx.spanFrom(node, value.span.end) : ctx.span(node);
  if (targets.length === 0) {
    out.push({ kind: 'expr', expr: value, span });
    return;
  }
  const assign: AssignStmt = { kind: 'assign', targets, value, declaration: 'none', operator: '=', span };
  if (typeAnnotation !== undefined) assign.typeAnnotation = typeAnnotation;
  if (targetSpan) assign.targetSpan = targetSpan;
  out.push(assign);
}

function lowerAugmentedAssignment(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const children = node.children;
  let operator: string | undefined;
  const operands: Node[] = [];
  const types: string[] = [];
  for (let i = 0; i < children.length; i++) {
    const t = children[i].type;
    if (AUGMENTED_OPERATORS.has(t)) operator ??= t;
    else if (t !== 'comment' && t !== 'line_continuation' && t !== 'ERROR') {
      operands.push(children[i]);
      types.push(t);
    }
  }
  if (operands.length < 2) {
    if (operands.length === 1) {
      const expr = lowerExpr(ctx, operands[0], types[0]);
      out.push({ kind: 'expr', expr, span: ctx.span(node) });
    }
    return;
  }
  const targets = targetNames(ctx, operands[0], types[0]);
  const value = lowerExpr(ctx, operands[1], types[1]);
  const endsWithValue = children[children.length - 1] === operands[1] && keepsSpan(types[1]);
  const span = endsWithValue ? ctx.spanFrom(node, value.span.end) : ctx.span(node);
  if (targets.length === 0) out.push({ kind: 'expr', expr: value, span });
  else out.push({ kind: 'assign', targets, value, declaration: 'none', operator: operator ?? '=', span });
}

function lowerReturn(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  const value = lowerExprList(ctx, k, 0);
  if (!value) {
    out.push({ kind: 'return', span: ctx.span(node) });
    return;
  }
  out.push({ kind: 'return', value, span: statementSpan(ctx, node, k, value) });
}

function indexOfType(k: Kids, type: string, from = 0): number {
  for (let i = from; i < k.types.length; i++) if (k.types[i] === type) return i;
  return -1;
}

/** The block of a clause (`else:`, `finally:`, `except E:`, `case p:`). */
function clauseBody(ctx: LowerContext, clause: Node): Stmt[] {
  const k = kids(clause);
  const block = indexOfType(k, 'block');
  return block >= 0 ? lowerBlock(ctx, k.nodes[block]) : [];
}

/** `for` / `while`; an `else:` body runs after the loop, so it is flattened after it. */
function lowerLoop(ctx: LowerContext, node: Node, type: string, out: Stmt[]): void {
  const k = kids(node);
  const blockIndex = indexOfType(k, 'block');
  const body = blockIndex >= 0 ? lowerBlock(ctx, k.nodes[blockIndex]) : [];
  const headerEnd = blockIndex >= 0 ? blockIndex : k.nodes.length;
  const span = ctx.span(node);
  if (type === 'for_statement') {
    const variables = headerEnd > 0 ? targetNames(ctx, k.nodes[0], k.types[0]) : [];
    const iterable = headerEnd > 1 ? lowerExpr(ctx, k.nodes[1], k.types[1]) : undefined;
    out.push(iterable ? { kind: 'loop', loopKind: 'for', variables, iterable, body, span } : { kind: 'loop', loopKind: 'for', variables, body, span });
  } else {
    const condition = headerEnd > 0 ? lowerExpr(ctx, k.nodes[0], k.types[0]) : undefined;
    out.push(
      condition
        ? { kind: 'loop', loopKind: 'while', variables: [], iterable: condition, body, span }
        : { kind: 'loop', loopKind: 'while', variables: [], body, span },
    );
  }
  const elseIndex = indexOfType(k, 'else_clause');
  if (elseIndex >= 0) out.push(...clauseBody(ctx, k.nodes[elseIndex]));
}

/** A zero-width `unknown` at the start of `node`, for a condition that is missing. */
function emptyAt(ctx: LowerContext, node: Node): Expr {
  const span = ctx.lineSpan(node, node.startIndex);
  return { kind: 'unknown', children: [], span };
}

/** `if / elif / else`: each `elif` is an `if` nested in the `otherwise` of the previous one. */
function lowerIf(ctx: LowerContext, node: Node): IfStmt {
  const k = kids(node);
  const span = ctx.span(node);
  const blockIndex = indexOfType(k, 'block');
  const condition: Expr =
    blockIndex !== 0 && k.nodes.length > 0 && k.types[0] !== 'elif_clause' && k.types[0] !== 'else_clause'
      ? lowerExpr(ctx, k.nodes[0], k.types[0])
      : emptyAt(ctx, node);
  const arms: MatchArm[] = [{ guard: condition, body: blockIndex >= 0 ? lowerBlock(ctx, k.nodes[blockIndex]) : [], span }];
  let otherwise: Stmt[] = [];
  for (let i = Math.max(blockIndex, 0) + 1; i < k.nodes.length; i++) {
    const clause = k.nodes[i];
    const type = k.types[i];
    if (type === 'else_clause') {
      otherwise = clauseBody(ctx, clause);
    } else if (type === 'elif_clause') {
      const parts = kids(clause);
      const elifBlock = indexOfType(parts, 'block');
      const elifCondition: Expr =
        elifBlock !== 0 && parts.nodes.length > 0
          ? lowerExpr(ctx, parts.nodes[0], parts.types[0])
          : emptyAt(ctx, clause);
      const elifThen = elifBlock >= 0 ? lowerBlock(ctx, parts.nodes[elifBlock]) : [];
      arms.push({ guard: elifCondition, body: elifThen, span: ctx.spanFrom(clause, span.end) });
    }
  }
  return armsAsIfChain(arms, span, otherwise)!;
}

/** `with a as x, b:` → `x = a`, `b`, then the body, in the surrounding statement list. */
function lowerWith(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  for (let i = 0; i < k.nodes.length; i++) {
    const type = k.types[i];
    if (type === 'with_clause') {
      const items = kids(k.nodes[i]);
      for (let j = 0; j < items.nodes.length; j++) {
        if (items.types[j] === 'with_item') lowerWithItem(ctx, items.nodes[j], out);
      }
    } else if (type === 'block') {
      lowerBlockInto(ctx, k.nodes[i], out);
    }
  }
}

function lowerWithItem(ctx: LowerContext, item: Node, out: Stmt[]): void {
  const k = kids(item);
  if (k.nodes.length === 0) return;
  const node = k.nodes[0];
  const type = k.types[0];
  if (type === 'as_pattern') {
    const parts = kids(node);
    if (parts.nodes.length === 0) return;
    const value = lowerExpr(ctx, parts.nodes[0], parts.types[0]);
    const span = ctx.span(item);
    const targets = parts.nodes.length > 1 ? targetNames(ctx, parts.nodes[1], parts.types[1]) : [];
    if (targets.length > 0) out.push({ kind: 'assign', targets, value, declaration: 'none', operator: '=', span });
    else out.push({ kind: 'expr', expr: value, span });
    return;
  }
  const expr = lowerExpr(ctx, node, type);
  out.push({ kind: 'expr', expr, span: expr.span });
}

/** `try` / `except` / `else` / `finally` bodies, flattened in source order. */
function lowerTry(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  for (let i = 0; i < k.nodes.length; i++) {
    const type = k.types[i];
    if (type === 'block') lowerBlockInto(ctx, k.nodes[i], out);
    else if (type.endsWith('_clause')) out.push(...clauseBody(ctx, k.nodes[i]));
  }
}

/** `match s:` → `s` as an expression statement, then the cases as an `if` / `elif` chain (one case runs). */
function lowerMatch(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  const arms: MatchArm[] = [];
  for (let i = 0; i < k.nodes.length; i++) {
    const type = k.types[i];
    if (type === 'block') {
      const cases = kids(k.nodes[i]);
      for (let j = 0; j < cases.nodes.length; j++) {
        if (cases.types[j] === 'case_clause') arms.push(matchArm(ctx, cases.nodes[j]));
        else lowerStatement(ctx, cases.nodes[j], cases.types[j], out);
      }
    } else {
      const expr = lowerExpr(ctx, k.nodes[i], type);
      out.push({ kind: 'expr', expr, span: expr.span });
    }
  }
  const chain = armsAsIfChain(arms, ctx.span(node));
  if (chain) out.push(chain);
}

/** One `case pattern if guard:` and its body. */
function matchArm(ctx: LowerContext, clause: Node): MatchArm {
  const k = kids(clause);
  const guardIndex = indexOfType(k, 'if_clause');
  const guardNode = guardIndex >= 0 ? kids(k.nodes[guardIndex]) : undefined;
  const guard = guardNode && guardNode.nodes.length > 0 ? lowerExpr(ctx, guardNode.nodes[0]!, guardNode.types[0]!) : undefined;
  return { guard, body: clauseBody(ctx, clause), span: ctx.span(clause) };
}

function lowerDecorated(ctx: LowerContext, node: Node, out: Stmt[]): void {
  const k = kids(node);
  const decorators: Expr[] = [];
  for (let i = 0; i < k.nodes.length; i++) {
    const type = k.types[i];
    if (type === 'decorator') {
      const inner = kids(k.nodes[i]);
      if (inner.nodes.length > 0) decorators.push(lowerExpr(ctx, inner.nodes[0], inner.types[0]));
    } else if (type === 'function_definition' || type === 'class_definition') {
      lowerDefinition(ctx, k.nodes[i], type, decorators, ctx.span(node), out);
    }
  }
}

/** `def` / `async def` / `class`. Class decorators and base classes are dropped. */
function lowerDefinition(ctx: LowerContext, node: Node, type: string, decorators: Expr[], span: Span, out: Stmt[]): void {
  const k = kids(node);
  if (k.nodes.length === 0 || k.types[0] !== 'identifier') return;
  const nameNode = k.nodes[0];
  const nameEnd = nameNode.endIndex;
  if (nameEnd <= nameNode.startIndex) return;
  const name = ctx.slice(nameNode.startIndex, nameEnd);
  const blockIndex = indexOfType(k, 'block');
  const body = blockIndex >= 0 ? lowerBlock(ctx, k.nodes[blockIndex]) : [];
  if (type === 'class_definition') {
    out.push({ kind: 'class', name, body, span });
    return;
  }
  const paramsIndex = indexOfType(k, 'parameters');
  const params = paramsIndex >= 0 ? lowerParameters(ctx, k.nodes[paramsIndex]) : [];
  const returnIndex = indexOfType(k, 'type');
  const fn: FunctionStmt = { kind: 'function', name, params, decorators, body, span, nameSpan: ctx.lineSpan(nameNode, nameEnd) };
  if (returnIndex >= 0) fn.returnType = typeText(ctx, k.nodes[returnIndex]);
  out.push(fn);
}
