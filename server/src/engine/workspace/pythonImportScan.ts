/**
 * The modules a Python file's text may import, read from its import lines without parsing it: what
 * a run needs to know of every file before it analyses any (which files import one another). It
 * may name more than the file imports (an import in a string or a comment) and, rarely, less (an
 * import written over lines joined by `\`): the run then only does more work, never other work.
 */

/**
 * `from <module> import <names>` (one line, or in parentheses over several) and `import <modules>`;
 * a notebook's JSON quotes each line. No two quantifiers may share a run of blanks: a line of a
 * million spaces must cost a million steps, not a million squared.
 */
const IMPORT_LINE = /^[ \t]*(?:"[ \t]*)?(?:from[ \t]+(\.*(?:\w[\w.]*)?)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;"]*)|import[ \t]+([^\n#;"]*))/gm;

/** Dotted names the text imports, with `from m import n` giving both `m` and `m.n` (n may be a submodule). */
export function importedModuleNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(IMPORT_LINE)) {
    const [, from, imported, modules] = match;
    if (modules !== undefined) {
      for (const name of listedNames(modules)) names.add(name);
      continue;
    }
    names.add(from!);
    for (const name of listedNames(imported!)) if (name !== '*') names.add(from!.endsWith('.') ? `${from}${name}` : `${from}.${name}`);
  }
  return [...names].filter((name) => name.length > 0);
}

/** `a.b as c, d` or `(a,\n b as c)` → `a.b`, `d` / `a`, `b`. */
function listedNames(list: string): string[] {
  return list
    .replace(/\\n|[()\\"]/g, ' ')
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((name) => /^[\w.*]+$/.test(name));
}
