import { Language as TSLanguage, Parser, type Range, Tree } from 'web-tree-sitter';
import type { Language } from './ast';
import { grammarPath, treeSitterRuntimePath } from './grammarFiles';
import { maskDollarStrings } from './scala/dollarStrings';
import { ownCopy, type SourceText } from './sourceText';
import { treeSitterModule } from './treeWalk';

/** A pathological file (megabytes of nesting) must not stall the server: parsing gives up after this. */
export const DEFAULT_PARSE_BUDGET_MS = 1500;

/**
 * Characters handed to tree-sitter per read. Its lexer reads again from wherever it backs up to,
 * and each read copies the chunk into WebAssembly memory: the Scala grammar backs up often, so
 * small chunks parse it faster (realcode's 725 Scala files: 1.41 s with 64, 1.74 s with 512,
 * 4.0 s with the whole rest of the text), while Python reads forward (1.18 s with 512, 1.24 s with 64).
 */
const INPUT_CHUNK: Record<Language, number> = { python: 512, scala: 64 };

export class ParseBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`parsing took longer than ${budgetMs} ms and was abandoned`);
  }
}

/**
 * Owns the tree-sitter runtime and one parser per language. `load()` must finish before
 * `parse()`; the language server awaits it once at start-up.
 */
export class SparkParsers {
  private readonly parsers = new Map<Language, Parser>();

  private constructor() {}

  /** Loads the runtime and the grammars of `languages` (more can be added with `loadLanguage`). */
  static async load(languages: readonly Language[] = ['python', 'scala']): Promise<SparkParsers> {
    const runtime = treeSitterRuntimePath();
    // One module object for the process: the tree walks call into it (treeWalk.ts).
    treeSitterModule.locateFile = () => runtime;
    await Parser.init(treeSitterModule);
    const parsers = new SparkParsers();
    for (const language of languages) await parsers.loadLanguage(language);
    return parsers;
  }

  has(language: Language): boolean {
    return this.parsers.has(language);
  }

  /** Adds a language's grammar (the Scala one takes a noticeable time: load it only when needed). */
  async loadLanguage(language: Language): Promise<void> {
    if (this.parsers.has(language)) return;
    const grammar = await TSLanguage.load(grammarPath(language));
    if (this.parsers.has(language)) return;
    const parser = new Parser();
    parser.setLanguage(grammar);
    this.parsers.set(language, parser);
  }

  /**
   * Parses `text`, reusing `oldTree` when given (it must already have been `edit`ed to match);
   * only `range` of it when given (positions stay those of the whole text).
   * Throws ParseBudgetExceeded when the budget runs out.
   */
  parse(language: Language, text: SourceText, oldTree?: Tree | null, budgetMs = DEFAULT_PARSE_BUDGET_MS, range?: Range): Tree {
    const parser = this.parsers.get(language);
    if (!parser) throw new Error(`no parser for ${language}`);
    const deadline = performance.now() + budgetMs;
    // web-tree-sitter's types say void, but a `true` return cancels the parse.
    const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
    // tree-sitter-scala cannot parse Spark's `$"col"`; a same-length mask keeps every position.
    const source = language === 'scala' ? maskDollarStrings(text.toString()) : text;
    // Reading through a callback lets an incremental parse skip the text of reused subtrees
    // instead of copying the whole document into wasm memory (about a third faster per edit).
    const chunk = INPUT_CHUNK[language];
    const input = range ? rangeInput(source, range, chunk) : (index: number) => source.slice(index, index + chunk);
    const tree = parser.parse(input, oldTree ?? null, range ? { progressCallback, includedRanges: [range] } : { progressCallback });
    if (!tree) {
      parser.reset();
      throw new ParseBudgetExceeded(budgetMs);
    }
    return tree;
  }
}

/**
 * Reads only `range` of `source`, from a copy of its own: a tree keeps its input callback (for
 * `node.text`), and a statement's tree re-parsed per keystroke must not keep the whole document
 * of that moment alive (a 5,000-line file edited in every function grew the heap by 50 MB).
 */
function rangeInput(source: SourceText, range: Range, chunk: number): (index: number) => string {
  const own = ownCopy(source.slice(range.startIndex, range.endIndex));
  const at = range.startIndex;
  return (index) => (index < at ? '' : own.slice(index - at, index - at + chunk));
}
