import type { Node, TreeCursor } from 'web-tree-sitter';

/**
 * A depth-first walk over a subtree, one node at a time: what `copyOfTree` reads a tree through.
 *
 * web-tree-sitter's `TreeCursor` copies the cursor in and out of WebAssembly memory through
 * Emscripten's generic `getValue`/`setValue` on every move and every read (eight of them per
 * call), which costs more than the move itself. The cursor's state can instead stay where the
 * runtime's exported functions read and write it, and be moved by calling those functions
 * directly: about five times cheaper, a walk of a whole 5,000-line file under half its parse.
 * That reaches below web-tree-sitter's public API (the Emscripten module its `Parser.init` fills
 * in), so the walk checks what it needs is there and otherwise uses the public cursor: same
 * answers, slower (tested both ways in treeWalk.test.ts).
 */
export interface TreeWalk {
  toFirstChild(): boolean;
  toNextSibling(): boolean;
  toParent(): boolean;
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  /** Frees the cursor; the walk is not used afterwards. */
  end(): void;
}

/**
 * The Emscripten module of the tree-sitter runtime. `Parser.init` makes the object it is given
 * that module (it adds the exported functions and the heap views to it), so the parsers hand it
 * this one object (syntax/parser.ts).
 */
export const treeSitterModule: Record<string, unknown> = {};

type Exported = (tree: number) => number;

interface RuntimeExports {
  transferBuffer: number;
  heap(): Int32Array;
  first: Exported;
  next: Exported;
  parent: Exported;
  typeId: Exported;
  start: Exported;
  end: Exported;
}

const CURSOR_FUNCTIONS = {
  first: '_ts_tree_cursor_goto_first_child_wasm',
  next: '_ts_tree_cursor_goto_next_sibling_wasm',
  parent: '_ts_tree_cursor_goto_parent_wasm',
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  start: '_ts_tree_cursor_start_index_wasm',
  end: '_ts_tree_cursor_end_index_wasm',
} as const;

let exportsFound: RuntimeExports | null | undefined;

/** The runtime's cursor functions, or null when this version of web-tree-sitter does not expose them as expected. */
function runtimeExports(): RuntimeExports | null {
  if (exportsFound !== undefined) return exportsFound;
  const module = treeSitterModule;
  const functions = Object.values(CURSOR_FUNCTIONS).map((name) => module[name]);
  const init = module._ts_init;
  if (!functions.every((f) => typeof f === 'function') || typeof init !== 'function' || !(module.HEAP32 instanceof Int32Array)) {
    // Not yet initialised is not an answer: ask again next time.
    return typeof init === 'function' ? (exportsFound = null) : null;
  }
  const [first, next, parent, typeId, start, end] = functions as Exported[];
  // ts_init only stores the two version numbers and returns the transfer buffer's address.
  const transferBuffer = (init as () => number)();
  exportsFound = { transferBuffer, heap: () => module.HEAP32 as Int32Array, first: first!, next: next!, parent: parent!, typeId: typeId!, start: start!, end: end! };
  return exportsFound;
}

/** Whether walks go through the runtime's functions directly (false: web-tree-sitter's public cursor). */
export function walksDirectly(): boolean {
  return runtimeExports() !== null;
}

/** A walk of `node`'s subtree, starting on `node`. */
export function walkFrom(node: Node, publicCursorOnly = false): TreeWalk {
  const cursor = node.walk();
  const runtime = publicCursorOnly ? null : runtimeExports();
  return runtime ? new DirectWalk(cursor, runtime, (node.tree as unknown as Record<number, number>)[0]!) : new PublicWalk(cursor);
}

/** The cursor's four words as web-tree-sitter keeps them (indices 0–3 of the TreeCursor object). */
type CursorWords = Record<0 | 1 | 2 | 3, number>;

class DirectWalk implements TreeWalk {
  private readonly slot: number;

  constructor(
    private readonly cursor: TreeCursor,
    private readonly runtime: RuntimeExports,
    private readonly tree: number,
  ) {
    // Every exported cursor function reads the cursor from the transfer buffer and writes it back
    // there after a move: it stays there for the whole walk (nothing else runs in between).
    this.slot = runtime.transferBuffer >> 2;
    const words = cursor as unknown as CursorWords;
    const heap = runtime.heap();
    for (let i = 0; i < 4; i++) heap[this.slot + i] = words[i as 0 | 1 | 2 | 3];
  }

  toFirstChild(): boolean {
    return this.runtime.first(this.tree) === 1;
  }

  toNextSibling(): boolean {
    return this.runtime.next(this.tree) === 1;
  }

  toParent(): boolean {
    return this.runtime.parent(this.tree) === 1;
  }

  typeId(): number {
    return this.runtime.typeId(this.tree);
  }

  startIndex(): number {
    return this.runtime.start(this.tree);
  }

  endIndex(): number {
    return this.runtime.end(this.tree);
  }

  end(): void {
    // The cursor's stack may have been reallocated by the moves: free what the buffer holds now
    // (the heap view is read again, as memory may have grown).
    const words = this.cursor as unknown as CursorWords;
    const heap = this.runtime.heap();
    for (let i = 0; i < 4; i++) words[i as 0 | 1 | 2 | 3] = heap[this.slot + i]!;
    this.cursor.delete();
  }
}

class PublicWalk implements TreeWalk {
  constructor(private readonly cursor: TreeCursor) {}

  toFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }

  toNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }

  toParent(): boolean {
    return this.cursor.gotoParent();
  }

  typeId(): number {
    return this.cursor.nodeTypeId;
  }

  startIndex(): number {
    return this.cursor.startIndex;
  }

  endIndex(): number {
    return this.cursor.endIndex;
  }

  end(): void {
    this.cursor.delete();
  }
}
