import type { SyntaxNode as Node } from '../syntaxNode';
import type { Parameter } from '../ast';
import type { ScalaContext } from './context';
import { isComment, isToken, isTypeNode } from './nodes';

/** `` `type` `` → `type`. */
export function identifierName(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === 96 ? text.slice(1, -1) : text;
}

/**
 * The names a pattern binds, in order: `x` → [x]; `(a, b)` → [a, b]; `(a, _)` → [a, _] (the
 * wildcard keeps tuple positions aligned); `Person(n, _)` → [n]; `x: Int` → [x]; `all @ (a, b)` → [all].
 */
export function patternNames(ctx: ScalaContext, node: Node): string[] {
  const names: string[] = [];
  collect(ctx, node, names, true);
  return names;
}

function collect(ctx: ScalaContext, node: Node, names: string[], keepWildcards: boolean): void {
  const type = node.type;
  switch (type) {
    case 'identifier':
    case 'operator_identifier': {
      const name = identifierName(ctx.text(node));
      if (name) names.push(name);
      return;
    }
    case 'wildcard':
      if (keepWildcards) names.push('_');
      return;
    case 'tuple_pattern':
    case 'identifiers':
      for (const child of node.children) collect(ctx, child, names, true);
      return;
    case 'typed_pattern':
    case 'capture_pattern':
    case 'named_pattern': {
      const first = node.children.find((child) => !isComment(child.type));
      if (first) collect(ctx, first, names, keepWildcards);
      return;
    }
    case 'case_class_pattern':
    case 'infix_pattern':
    case 'alternative_pattern':
    case 'named_tuple_pattern':
    case 'repeat_pattern':
    case 'given_pattern':
      for (const child of node.children) {
        const childType = child.type;
        if (childType === 'type_identifier' || childType === 'stable_type_identifier' || isTypeNode(childType)) continue;
        collect(ctx, child, names, false);
      }
      return;
    default:
      // Tokens, types, literals and stable identifiers (`Some.thing`) bind nothing.
      return;
  }
}

/** True when the pattern is a plain name or a tuple of plain names / wildcards. */
export function isSimplePattern(node: Node): boolean {
  const type = node.type;
  if (type === 'identifier' || type === 'wildcard') return true;
  if (type === 'typed_pattern') {
    const first = node.children[0];
    return first !== undefined && first.type === 'identifier';
  }
  if (type !== 'tuple_pattern') return false;
  for (const child of node.children) {
    const childType = child.type;
    if (isToken(childType) || isComment(childType)) continue;
    if (childType !== 'identifier' && childType !== 'wildcard') return false;
  }
  return true;
}

/** A `parameter` / `binding` / `class_parameter`: its name and type as written. */
function parameterOf(ctx: ScalaContext, node: Node): Parameter | undefined {
  let name: string | undefined;
  let type: string | undefined;
  let afterColon = false;
  for (const child of node.children) {
    const childType = child.type;
    if (childType === ':') {
      afterColon = true;
    } else if (childType === '=') {
      break;
    } else if (!afterColon && (childType === 'identifier' || childType === 'operator_identifier' || childType === 'wildcard')) {
      name ??= identifierName(ctx.text(child));
    } else if (afterColon && type === undefined && !isComment(childType)) {
      type = ctx.text(child);
    }
  }
  if (!name) return undefined;
  return type === undefined ? { name } : { name, type };
}

/** Parameters of every `parameters` / `bindings` list under `node` (curried lists flattened). */
export function parameterList(ctx: ScalaContext, list: Node, out: Parameter[]): void {
  for (const child of list.children) {
    const type = child.type;
    if (type === 'parameter' || type === 'binding' || type === 'class_parameter') {
      const parameter = parameterOf(ctx, child);
      if (parameter) out.push(parameter);
    }
  }
}
