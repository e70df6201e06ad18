import type { SyntaxNode as Node } from '../syntaxNode';
import type { Parameter } from '../ast';
import { type LowerContext, kids } from './context';

/** Pattern node types whose children are themselves targets: `a, b`, `(a, b)`, `[a, *b]`. */
const TARGET_GROUPS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'expression_list',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'list_splat',
  'as_pattern_target',
]);

/**
 * The names bound by an assignment / loop / `as` target, in source order. An attribute of `self`
 * is named `self.x`: class-based jobs keep their DataFrames there. Other attribute and subscript
 * targets (`obj.x`, `d[k]`) bind no name and are left out.
 */
export function targetNames(ctx: LowerContext, node: Node, type: string, out: string[] = []): string[] {
  if (type === 'identifier') {
    const end = node.endIndex;
    if (end > node.startIndex) out.push(ctx.slice(node.startIndex, end));
  } else if (type === 'attribute') {
    const k = kids(node);
    const [object, property] = k.nodes;
    if (k.nodes.length === 2 && k.types[0] === 'identifier' && k.types[1] === 'identifier' && ctx.text(object!) === 'self') {
      out.push(`self.${ctx.text(property!)}`);
    }
  } else if (TARGET_GROUPS.has(type)) {
    const k = kids(node);
    for (let i = 0; i < k.nodes.length; i++) targetNames(ctx, k.nodes[i], k.types[i], out);
  }
  return out;
}

/** The name of an identifier, or of the identifier inside `*args` / `**kwargs`. */
function boundName(ctx: LowerContext, node: Node, type: string): string | undefined {
  if (type === 'identifier') {
    const end = node.endIndex;
    return end > node.startIndex ? ctx.slice(node.startIndex, end) : undefined;
  }
  if (type === 'list_splat_pattern' || type === 'dictionary_splat_pattern') {
    const k = kids(node);
    return k.nodes.length > 0 ? boundName(ctx, k.nodes[0], k.types[0]) : undefined;
  }
  return undefined;
}

/** An annotation as written. */
export function typeText(ctx: LowerContext, node: Node): string {
  return ctx.text(node).trim();
}

/**
 * `parameters` of a `def` or `lambda_parameters` of a lambda. Separators (`*`, `/`) and Python 2
 * tuple parameters are dropped; `*args` and `**kwargs` are named `args` and `kwargs`.
 */
export function lowerParameters(ctx: LowerContext, node: Node): Parameter[] {
  const params: Parameter[] = [];
  const k = kids(node);
  for (let i = 0; i < k.nodes.length; i++) {
    const child = k.nodes[i];
    const type = k.types[i];
    switch (type) {
      case 'identifier':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const name = boundName(ctx, child, type);
        if (name !== undefined) params.push({ name });
        break;
      }
      case 'default_parameter':
      case 'typed_parameter':
      case 'typed_default_parameter': {
        const parts = kids(child);
        if (parts.nodes.length === 0) break;
        const name = boundName(ctx, parts.nodes[0], parts.types[0]);
        if (name === undefined) break;
        const typeIndex = parts.types.indexOf('type');
        params.push(typeIndex > 0 ? { name, type: typeText(ctx, parts.nodes[typeIndex]) } : { name });
        break;
      }
      default:
        break;
    }
  }
  return params;
}
