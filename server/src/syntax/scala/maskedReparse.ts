import { Edit, Parser, type Language as TSLanguage, type Point, type Tree } from 'web-tree-sitter';

/**
 * Parses the `$"`-masked copy of a document (see dollarStrings.ts). A full parse costs as much as
 * the server's own, so the last few masked trees are kept and the next version of a document is
 * parsed incrementally from the closest one: a keystroke is one edit (common prefix and suffix),
 * which tree-sitter re-parses in a few milliseconds.
 *
 * The trees stay owned by this module (the caller must not delete them and must not keep their
 * nodes beyond the current lowering).
 */

const KEPT_TREES = 3;
/**
 * A pathological file must not stall lowering. The server's own parse of the same-length text
 * already finished within its budget (1.5 s by default), so twice that only cuts off outliers
 * (a busy machine); over budget, the broken tree is lowered instead.
 */
const PARSE_BUDGET_MS = 3000;

interface KeptTree {
  text: string;
  tree: Tree;
}

let kept: KeptTree[] = [];
let parser: Parser | undefined;
let parserLanguage: TSLanguage | undefined;

function parserFor(language: TSLanguage): Parser {
  if (!parser || parserLanguage !== language) {
    parser ??= new Parser();
    parser.setLanguage(language);
    parserLanguage = language;
    releaseMaskedTrees();
  }
  return parser;
}

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The single edit turning `before` into `after`, and how much of them it leaves untouched. */
function diff(before: string, after: string): { edit: Edit; unchanged: number } {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const oldEndIndex = before.length - suffix;
  const newEndIndex = after.length - suffix;
  const edit = new Edit({
    startIndex: prefix,
    oldEndIndex,
    newEndIndex,
    startPosition: pointAt(before, prefix),
    oldEndPosition: pointAt(before, oldEndIndex),
    newEndPosition: pointAt(after, newEndIndex),
  });
  return { edit, unchanged: prefix + suffix };
}

/** Returns the masked text's tree, or undefined when the parse ran over budget. */
export function parseMasked(language: TSLanguage, text: string): Tree | undefined {
  const p = parserFor(language);
  const same = kept.findIndex((entry) => entry.text === text);
  if (same >= 0) {
    const [entry] = kept.splice(same, 1);
    kept.unshift(entry);
    return entry.tree;
  }

  let oldTree: Tree | undefined;
  let best = -1;
  for (const entry of kept) {
    if (Math.abs(entry.text.length - text.length) > text.length / 2) continue;
    const { edit, unchanged } = diff(entry.text, text);
    if (unchanged > best && unchanged >= text.length / 2) {
      oldTree?.delete();
      oldTree = entry.tree.copy();
      oldTree.edit(edit);
      best = unchanged;
    }
  }

  const deadline = performance.now() + PARSE_BUDGET_MS;
  // web-tree-sitter's types say void, but a `true` return cancels the parse.
  const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
  const tree = p.parse(text, oldTree ?? null, { progressCallback });
  oldTree?.delete();
  if (!tree) {
    p.reset();
    return undefined;
  }
  kept.unshift({ text, tree });
  while (kept.length > KEPT_TREES) kept.pop()?.tree.delete();
  return tree;
}

/** Frees the kept trees (tests, shutdown). */
export function releaseMaskedTrees(): void {
  for (const entry of kept) entry.tree.delete();
  kept = [];
}
