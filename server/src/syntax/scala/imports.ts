import type { SyntaxNode as Node } from '../syntaxNode';
import type { ImportedName, Span, Stmt } from '../ast';
import type { ScalaContext } from './context';
import { isComment } from './nodes';
import { identifierName } from './patterns';

/**
 * `import a.b.c` → module `a.b`, names [c]; `import a.b._` / `a.b.*` → names [*];
 * `import a.b.{c, d => e, f as g, _}` → names [c, {d, e}, {f, g}, *] (a hidden name `c => _`
 * imports nothing and is left out); `import a` → module `a`, no names.
 * `import a.b, c.d` gives one statement per comma-separated expression.
 */
export function lowerImport(ctx: ScalaContext, node: Node, out: Stmt[]): void {
  const declarationSpan = ctx.span(node);
  let path: string[] = [];
  let names: ImportedName[] | undefined;
  let first: Node | undefined;
  let last: Node | undefined;
  let isFirstGroup = true;

  const flush = (): void => {
    if (path.length > 0 && first && last) {
      const start = isFirstGroup ? declarationSpan.start : ctx.span(first).start;
      const span: Span = { start, end: ctx.span(last).end };
      if (names) out.push({ kind: 'import', module: path.join('.'), names, span });
      else if (path.length === 1) out.push({ kind: 'import', module: path[0], names: [], span });
      else out.push({ kind: 'import', module: path.slice(0, -1).join('.'), names: [{ name: path[path.length - 1] }], span });
      isFirstGroup = false;
    }
    path = [];
    names = undefined;
    first = undefined;
    last = undefined;
  };

  for (const child of node.children) {
    const type = child.type;
    if (isComment(type) || type === 'import' || type === '.') continue;
    if (type === ',') {
      flush();
      continue;
    }
    first ??= child;
    last = child;
    if (type === 'identifier' || type === 'operator_identifier') {
      const name = identifierName(ctx.text(child));
      if (name) path.push(name);
    } else if (type === 'namespace_wildcard') {
      names = [{ name: '*' }];
    } else if (type === 'namespace_selectors') {
      names = selectors(ctx, child);
    } else if (type === 'as_renamed_identifier' || type === 'arrow_renamed_identifier') {
      // Scala 3 `import a.b as c` renames the last path segment.
      const renamed = renaming(ctx, child);
      if (renamed && renamed.alias !== undefined) {
        names = renamed.alias === '_' ? [] : [renamed];
      }
    }
  }
  flush();
}

function selectors(ctx: ScalaContext, node: Node): ImportedName[] {
  const names: ImportedName[] = [];
  for (const child of node.children) {
    const type = child.type;
    if (type === 'identifier' || type === 'operator_identifier') {
      const name = identifierName(ctx.text(child));
      if (name) names.push({ name });
    } else if (type === 'namespace_wildcard' || type === 'wildcard') {
      names.push({ name: '*' });
    } else if (type === 'arrow_renamed_identifier' || type === 'as_renamed_identifier') {
      const renamed = renaming(ctx, child);
      if (renamed && renamed.alias !== '_') names.push(renamed);
    }
  }
  return names;
}

/** `d => e` / `d as e` → {d, e}; `d => _` → alias `_` (hidden). */
function renaming(ctx: ScalaContext, node: Node): ImportedName | undefined {
  let name: string | undefined;
  let alias: string | undefined;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'identifier' || type === 'operator_identifier') {
      const text = identifierName(ctx.text(child));
      if (name === undefined) name = text;
      else alias = text;
    } else if (type === 'wildcard') {
      alias = '_';
    }
  }
  if (!name) return undefined;
  return alias === undefined ? { name } : { name, alias };
}
