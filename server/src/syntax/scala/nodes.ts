import type { SyntaxNode as Node } from '../syntaxNode';
/**
 * Small helpers over tree-sitter nodes. Every property read on a web-tree-sitter node is a call
 * into Wasm (except `startIndex` / `startPosition`), so callers read `type` once per node and
 * use `children` (one call, cached on the node) instead of field lookups.
 */

/** Comments can appear between any two tokens; they are never part of the lowered syntax. */
export function isComment(type: string): boolean {
  return type === 'comment' || type === 'block_comment';
}

/** Named node types that only carry type information and never contain code. */
const TYPE_NODES = new Set([
  'type_identifier',
  'generic_type',
  'type_arguments',
  'type_parameters',
  'stable_type_identifier',
  'function_type',
  'compound_type',
  'infix_type',
  'tuple_type',
  'annotated_type',
  'projected_type',
  'singleton_type',
  'structural_type',
  'literal_type',
  'match_type',
  'type_lambda',
  'lazy_parameter_type',
  'repeated_parameter_type',
  'named_tuple_type',
  'annotation',
  'modifiers',
  'access_modifier',
  'extends_clause',
  'derives_clause',
  'context_bound',
  'view_bound',
  'upper_bound',
  'lower_bound',
]);

export function isTypeNode(type: string): boolean {
  return TYPE_NODES.has(type);
}

/**
 * Anonymous tokens (punctuation, keywords) have their literal text as type. Named node types are
 * snake_case words, and the few keyword tokens we meet in child lists are listed here.
 */
const KEYWORD_TOKENS = new Set([
  'val', 'var', 'def', 'class', 'object', 'trait', 'case', 'new', 'if', 'else', 'for', 'while', 'do',
  'yield', 'match', 'try', 'catch', 'finally', 'return', 'throw', 'import', 'package', 'implicit',
  'lazy', 'extends', 'with', 'then', 'given', 'using', 'enum', 'end', 'export', 'extension', 'override',
  'private', 'protected', 'abstract', 'final', 'sealed', 'inline', 'type', 'as',
]);

/** True for punctuation and keyword tokens (which are never lowered). */
export function isToken(type: string): boolean {
  const first = type.charCodeAt(0);
  const isWordChar = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95;
  return !isWordChar || KEYWORD_TOKENS.has(type);
}

/** The sides of an `a = b` node (assignments, named arguments), skipping comments. */
export function sidesOfEquals(node: Node): { left?: Node; right?: Node } {
  let left: Node | undefined;
  let right: Node | undefined;
  let seenEquals = false;
  for (const child of node.children) {
    const type = child.type;
    if (isComment(type)) continue;
    if (type === '=') seenEquals = true;
    else if (!seenEquals) left ??= child;
    else right ??= child;
  }
  return { left, right };
}
