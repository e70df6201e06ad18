import { Node, type Point } from 'web-tree-sitter';
import { walkFrom } from './treeWalk';

/**
 * What the lowering reads of a syntax tree node: a tree-sitter `Node`, or a node of a
 * `copyOfTree` copy (the same answers, read from JavaScript objects instead of WebAssembly).
 */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  namedChild(index: number): SyntaxNode | null;
  readonly hasError: boolean;
  readonly isMissing: boolean;
}

/** The line breaks inside a copied node's text, to place its nodes' ends. */
class TextLines {
  private breaks: number[] | undefined;

  /**
   * @param text the source from tree index `base` on
   * @param start the position of tree index `from`, the copied node's start; `to` is its end
   */
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly from: number,
    private readonly to: number,
    private readonly start: Point,
  ) {}

  /** The position of tree index `index`, inside the copied node. */
  position(index: number): Point {
    const breaks = (this.breaks ??= lineBreaks(this.text, this.from - this.base, this.to - this.base));
    const local = index - this.base;
    // The number of line breaks before `index`.
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < local) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return { row: this.start.row, column: this.start.column + (index - this.from) };
    return { row: this.start.row + lo, column: local - breaks[lo - 1]! - 1 };
  }
}

function lineBreaks(text: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) found.push(i);
  return found;
}

/** The children of every leaf: most nodes are leaves, and none of them needs an array of its own. */
const NO_CHILDREN: CopiedNode[] = [];
Object.freeze(NO_CHILDREN);

class CopiedNode implements SyntaxNode {
  children: CopiedNode[] = NO_CHILDREN;
  /** Children that are anonymous (punctuation, keywords, operators). */
  anonymous = 0;
  private named: CopiedNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly row: number,
    private readonly column: number,
    private readonly lines: TextLines,
  ) {}

  add(child: CopiedNode): void {
    if (this.children === NO_CHILDREN) this.children = [];
    this.children.push(child);
    if (!child.isNamed) this.anonymous++;
  }

  get startPosition(): Point {
    return { row: this.row, column: this.column };
  }

  get namedChildren(): CopiedNode[] {
    if (this.anonymous === 0) return this.children;
    return (this.named ??= this.children.filter((child) => child.isNamed));
  }

  namedChild(index: number): CopiedNode | null {
    return this.namedChildren[index] ?? null;
  }

  get endPosition(): Point {
    return this.lines.position(this.endIndex);
  }

  /** Only subtrees without errors are copied. */
  get hasError(): boolean {
    return false;
  }

  get isMissing(): boolean {
    return false;
  }
}

/** Per language: the node type and whether it is named, by type id (tree-sitter's ERROR is 65535). */
const typeTables = new WeakMap<object, { types: string[]; named: boolean[] }>();

function typeTable(node: Node): { types: string[]; named: boolean[] } {
  const language = node.tree.language;
  let table = typeTables.get(language);
  if (!table) {
    const types = language.types.map((type) => type || 'ERROR');
    table = { types, named: types.map((_, id) => language.nodeTypeIsNamed(id)) };
    typeTables.set(language, table);
  }
  return table;
}

/**
 * A copy of `node`'s subtree in JavaScript objects, made in one walk: the lowering then reads
 * types, children and offsets without crossing into WebAssembly for each (which cost more than
 * the lowering itself). Only for a subtree without syntax errors (`hasError` false): error
 * recovery's MISSING nodes are not copied.
 *
 * @param text the source from tree index `base` on, at least to `node.endIndex` (positions are
 *   counted from it, from `node.startPosition` at `node.startIndex`)
 */
export function copyOfTree(node: Node, text: string, base: number, publicCursorOnly = false): SyntaxNode {
  const { types, named } = typeTable(node);
  const rootStart = node.startPosition;
  const lines = new TextLines(text, base, node.startIndex, node.endIndex, rootStart);
  const walk = walkFrom(node, publicCursorOnly);
  try {
    // Start positions come in order (a walk in document order), so each row is found from the last.
    let row = rootStart.row;
    let lineStart = node.startIndex - rootStart.column;
    let scanned = node.startIndex;
    const make = (): CopiedNode => {
      const typeId = walk.typeId();
      const start = walk.startIndex();
      for (let i = text.indexOf('\n', scanned - base); i !== -1 && i + base < start; i = text.indexOf('\n', i + 1)) {
        row++;
        lineStart = i + base + 1;
      }
      if (start > scanned) scanned = start;
      return new CopiedNode(types[typeId] ?? 'ERROR', named[typeId] ?? true, start, walk.endIndex(), row, start - lineStart, lines);
    };
    const root = make();
    const parents: CopiedNode[] = [root];
    if (!walk.toFirstChild()) return root;
    for (;;) {
      const parent = parents[parents.length - 1]!;
      const child = make();
      parent.add(child);
      if (walk.toFirstChild()) {
        parents.push(child);
        continue;
      }
      while (!walk.toNextSibling()) {
        // Back at the copied node: done (the walk never leaves the subtree).
        if (parents.length === 1) return root;
        walk.toParent();
        parents.pop();
      }
    }
  } finally {
    walk.end();
  }
}

/**
 * `node` read from a copy (`copyOfTree`) when it is a tree-sitter node without syntax errors;
 * else `node` itself (already a copy, or a subtree with errors read from the tree).
 */
export function cleanCopy(node: SyntaxNode, text: string, base: number): SyntaxNode {
  return node instanceof Node && !node.hasError ? copyOfTree(node, text, base) : node;
}
