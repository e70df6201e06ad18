import * as fs from 'fs';
import * as path from 'path';
import type { Language } from './ast';

const GRAMMAR_FILE: Record<Language, string> = {
  python: 'tree-sitter-python.wasm',
  scala: 'tree-sitter-scala.wasm',
};

/**
 * The grammars live in `grammars/` at the extension root. The bundles run from `dist/`, the unit
 * tests from `out/server/src/...`, so walk up from this file instead of assuming one depth.
 */
export function grammarDirectory(startDir: string = __dirname): string {
  const override = process.env.SPARK_ADVISOR_GRAMMARS;
  if (override) return override;
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'grammars', GRAMMAR_FILE.python))) return path.join(dir, 'grammars');
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`Spark Advisor: no grammars/ folder with ${GRAMMAR_FILE.python} above ${startDir}; run \`npm run build\` first.`);
}

export function grammarPath(language: Language): string {
  return path.join(grammarDirectory(), GRAMMAR_FILE[language]);
}

/** web-tree-sitter's runtime: next to the bundle when bundled, else from the package. */
export function treeSitterRuntimePath(): string {
  const besideBundle = path.join(__dirname, 'web-tree-sitter.wasm');
  if (fs.existsSync(besideBundle)) return besideBundle;
  return require.resolve('web-tree-sitter/web-tree-sitter.wasm');
}
