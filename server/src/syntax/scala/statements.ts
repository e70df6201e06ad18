import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, Stmt } from '../ast';
import { MAX_DEPTH, type ScalaContext } from './context';
import { lowerIf, lowerMatchStatement, lowerTry } from './control';
import { lowerClass, lowerFunction, lowerValDefinition } from './definitions';
import { emptyExpr, firstOperand, lowerExpr, lowerWithPlaceholders } from './expressions';
import { infixAssignment, startsWithAssignment } from './infix';
import { lowerImport } from './imports';
import { lowerFor, lowerWhile } from './loops';
import { isComment, isToken, sidesOfEquals } from './nodes';
import { identifierName } from './patterns';
import { isDollarError } from './syntaxErrors';

/** Node types whose lowering produces no statement. */
const IGNORED = new Set([
  'val_declaration',
  'var_declaration',
  'type_definition',
  'export_declaration',
  'annotation',
  'modifiers',
  'using_directive',
  'enum_case_definitions',
  'simple_enum_case',
  'full_enum_case',
]);

/** Lowers the statements of a block, template body, indented block or case body. */
export function lowerBlockItems(ctx: ScalaContext, container: Node): Stmt[] {
  const out: Stmt[] = [];
  for (const child of container.children) lowerStatement(ctx, child, out);
  return out;
}

/** Appends the statements one node lowers to (none for punctuation, several for `try`). */
export function lowerStatement(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  if (ctx.depth >= MAX_DEPTH) return;
  ctx.depth++;
  try {
    lowerStatementNode(ctx, node, out);
  } finally {
    ctx.depth--;
  }
}

function lowerStatementNode(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  const type = node.type;
  switch (type) {
    case 'val_definition':
    case 'var_definition':
      out.push(lowerValDefinition(ctx, node, type === 'var_definition' ? 'var' : 'val'));
      return;
    case 'function_definition':
    case 'function_declaration':
      out.push(lowerFunction(ctx, node));
      return;
    case 'class_definition':
    case 'object_definition':
    case 'trait_definition':
    case 'enum_definition':
    case 'package_object':
      out.push(lowerClass(ctx, node, (body) => lowerBlockItems(ctx, body)));
      return;
    case 'import_declaration':
      lowerImport(ctx, node, out);
      return;
    case 'package_clause':
    case 'extension_definition':
      // `package a { ... }` and `extension (df: DataFrame) { def ... }`: the members are what counts.
      for (const child of node.children) {
        const childType = child.type;
        if (childType === 'template_body' || childType === 'with_template_body' || childType === 'indented_block') {
          for (const member of child.children) lowerStatement(ctx, member, out);
        } else if (childType === 'function_definition') {
          lowerStatement(ctx, child, out);
        }
      }
      return;
    case 'assignment_expression':
      lowerAssignment(ctx, node, out);
      return;
    case 'infix_expression':
      if (startsWithAssignment(ctx, node)) lowerAssignment(ctx, node, out);
      else out.push({ kind: 'expr', expr: lowerExpr(ctx, node), span: ctx.span(node) });
      return;
    case 'for_expression':
      out.push(lowerFor(ctx, node));
      return;
    case 'while_expression':
    case 'do_while_expression':
      out.push(lowerWhile(ctx, node));
      return;
    case 'if_expression':
      out.push(lowerIf(ctx, node));
      return;
    case 'try_expression':
      lowerTry(ctx, node, out);
      return;
    case 'match_expression':
      lowerMatchStatement(ctx, node, out);
      return;
    case 'return_expression': {
      const operand = firstOperand(node);
      const span = ctx.span(node);
      out.push(operand ? { kind: 'return', value: lowerExpr(ctx, operand), span } : { kind: 'return', span });
      return;
    }
    case 'ERROR':
      if (!isDollarError(ctx, node)) recoverFromError(ctx, node, out);
      return;
    case 'throw_expression':
      out.push({ kind: 'expr', expr: lowerExpr(ctx, node), span: ctx.span(node), role: 'raise' });
      return;
    default:
      if (isToken(type) || isComment(type) || IGNORED.has(type)) return;
      out.push({ kind: 'expr', expr: lowerExpr(ctx, node), span: ctx.span(node) });
  }
}

/**
 * An ERROR node is a run of tokens and complete nodes the parser could not fit together. Its
 * complete statements (definitions, calls, chains) are still lowered; the loose tokens and bare
 * names around them are skipped. The span itself is recorded by collectSyntaxErrors.
 */
function recoverFromError(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  for (const child of node.children) {
    const type = child.type;
    if (isToken(type) || isComment(type) || !isRecoverable(type)) continue;
    lowerStatement(ctx, child, out);
  }
}

/** Fragments inside an ERROR worth keeping: anything but names, literals, types and parentheses. */
export function isRecoverable(type: string): boolean {
  switch (type) {
    case 'identifier':
    case 'operator_identifier':
    case 'wildcard':
    case 'string':
    case 'integer_literal':
    case 'floating_point_literal':
    case 'boolean_literal':
    case 'null_literal':
    case 'character_literal':
    case 'parenthesized_expression':
    case 'tuple_expression':
    case 'ascription_expression':
    case 'type_identifier':
    case 'generic_type':
    case 'parameters':
    case 'arguments':
    case 'bindings':
    case 'extends_clause':
    case 'class_parameters':
    case 'type_parameters':
    case 'enumerators':
      return false;
    default:
      return true;
  }
}

/** `x = e` and Scala's compound assignments `x += e`, `xs ++= ys` (not `<=`, `>=`, `!=`, `==`). */
export function isAssignment(ctx: ScalaContext, node: Node, type: string): boolean {
  if (type === 'assignment_expression') return true;
  return type === 'infix_expression' && startsWithAssignment(ctx, node);
}

function lowerAssignment(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  const span = ctx.span(node);
  let left: Node | undefined;
  let operator = '=';
  let value: Expr;
  if (node.type === 'infix_expression') {
    const assignment = infixAssignment(ctx, node);
    if (!assignment) {
      out.push({ kind: 'expr', expr: lowerExpr(ctx, node), span });
      return;
    }
    ({ target: left, operator, value } = assignment);
  } else {
    const sides = sidesOfEquals(node);
    left = sides.left;
    const right = sides.right;
    value = right ? lowerWithPlaceholders(ctx, right) : emptyExpr(span);
  }
  if (left && left.type === 'identifier') {
    const name = identifierName(ctx.text(left));
    if (name) {
      out.push({ kind: 'assign', targets: [name], value, declaration: 'none', operator, span });
      return;
    }
  }
  out.push({ kind: 'expr', expr: value, span });
}
