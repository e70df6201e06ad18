import type { SyntaxNode as Node } from '../syntaxNode';
import type { ImportedName, Span, Stmt } from '../ast';
import { type LowerContext, kids } from './context';

/** A dotted name as written, without the spaces or line continuations Python tolerates in it. */
function dottedText(ctx: LowerContext, node: Node): string {
  const text = ctx.text(node);
  return /[\s\\]/.test(text) ? text.replace(/[\s\\]+/g, '') : text;
}

function identifierText(ctx: LowerContext, node: Node): string | undefined {
  const end = node.endIndex;
  return end > node.startIndex ? ctx.slice(node.startIndex, end) : undefined;
}

/** `name` or `name as alias` (an `aliased_import`); undefined when half-typed. */
function importedName(ctx: LowerContext, node: Node, type: string): ImportedName | undefined {
  if (type === 'dotted_name') {
    const name = dottedText(ctx, node);
    return name ? { name } : undefined;
  }
  if (type === 'aliased_import') {
    const parts = kids(node);
    if (parts.nodes.length === 0 || parts.types[0] !== 'dotted_name') return undefined;
    const name = dottedText(ctx, parts.nodes[0]);
    if (!name) return undefined;
    const alias = parts.nodes.length > 1 && parts.types[1] === 'identifier' ? identifierText(ctx, parts.nodes[1]) : undefined;
    return alias !== undefined ? { name, alias } : { name };
  }
  return undefined;
}

/** `import a.b as c, d` → one ImportStmt per module: `{a.b, [], alias c}`, `{d, []}`. */
export function lowerImport(ctx: LowerContext, node: Node, out: Stmt[], span: Span = ctx.span(node)): void {
  const k = kids(node);
  for (let i = 0; i < k.nodes.length; i++) {
    const imported = importedName(ctx, k.nodes[i], k.types[i]);
    if (!imported) continue;
    out.push(
      imported.alias !== undefined
        ? { kind: 'import', module: imported.name, names: [], alias: imported.alias, span }
        : { kind: 'import', module: imported.name, names: [], span },
    );
  }
}

/**
 * `from a.b import c as d, e` → `{a.b, [{c, d}, {e}]}`; `from . import x` keeps the dots as the
 * module (`.`, `..pkg`); `from m import *` → names `[{*}]`.
 */
export function lowerFromImport(ctx: LowerContext, node: Node, out: Stmt[], moduleOverride?: string): void {
  const span = ctx.span(node);
  const k = kids(node);
  let module = moduleOverride;
  let first = 0;
  if (module === undefined) {
    if (k.nodes.length === 0 || (k.types[0] !== 'dotted_name' && k.types[0] !== 'relative_import')) return;
    module = dottedText(ctx, k.nodes[0]);
    first = 1;
  }
  const names: ImportedName[] = [];
  for (let i = first; i < k.nodes.length; i++) {
    if (k.types[i] === 'wildcard_import') {
      names.push({ name: '*' });
      continue;
    }
    const imported = importedName(ctx, k.nodes[i], k.types[i]);
    if (imported) names.push(imported);
  }
  out.push({ kind: 'import', module, names, span });
}
