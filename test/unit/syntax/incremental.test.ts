import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeLowered } from '../../../server/src/engine/analyze';
import { IncrementalDocument, type TextChange } from '../../../server/src/engine/incrementalDocument';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import type { Language } from '../../../server/src/syntax/ast';
import { lowerTree } from '../../../server/src/syntax/lower';
import { REPO_ROOT } from '../helpers/fixtures';
import { parsers } from '../helpers/parsers';

/** A deterministic generator so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const SNIPPETS = ['x', ')', '(', '\n', '.cache()', ' = ', 'df.join(dim, "k")\n', '"', '# comment\n', '{', '}', '    ', 'é😀', ''];

function randomChange(text: string, next: () => number): { change: TextChange; text: string } {
  const start = Math.floor(next() * (text.length + 1));
  const end = Math.min(text.length, start + Math.floor(next() * 12 * (next() < 0.5 ? 0 : 1)));
  // Do not split a surrogate pair: editors never do.
  const safe = (offset: number) => (offset > 0 && offset < text.length && /[\uDC00-\uDFFF]/.test(text[offset]!) ? offset + 1 : offset);
  const from = safe(start);
  const to = Math.max(from, safe(end));
  const inserted = SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
  const change = { range: { start: positionAt(text, from), end: positionAt(text, to) }, text: inserted };
  return { change, text: text.slice(0, from) + inserted + text.slice(to) };
}

describe('incremental parsing and analysis', () => {
  const cases: Array<[Language, string]> = [
    ['python', 'examples/pyspark/daily_orders_etl.py'],
    ['scala', 'examples/scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala'],
  ];
  for (const [language, file] of cases) {
    it(`equals a fresh parse and lowering after random edits (${language})`, async () => {
      const loaded = await parsers();
      let text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const document = new IncrementalDocument(loaded, language, text);
      const next = random(language === 'python' ? 7 : 11);
      try {
        document.lower();
        for (let round = 0; round < 120; round++) {
          const edits = 1 + Math.floor(next() * 3);
          const changes: TextChange[] = [];
          for (let i = 0; i < edits; i++) {
            const edit = randomChange(text, next);
            changes.push(edit.change);
            text = edit.text;
          }
          document.applyChanges(changes);
          const incremental = document.lower();
          assert.strictEqual(document.content, text, `text after round ${round}`);
          const fresh = loaded.parse(language, text);
          try {
            assert.strictEqual(document.currentTree()!.rootNode.toString(), fresh.rootNode.toString(), `tree after round ${round}`);
            const freshLowering = lowerTree(language, fresh.rootNode, text);
            assert.deepStrictEqual(incremental, freshLowering, `lowering after round ${round}`);
            // Findings from models that reuse unchanged functions equal those of a model built from scratch.
            const options = { settings: DEFAULT_SETTINGS };
            assert.deepStrictEqual(analyzeLowered(incremental, text, options).findings, analyzeLowered(freshLowering, text, options).findings, `findings after round ${round}`);
          } finally {
            fresh.delete();
          }
        }
      } finally {
        document.dispose();
      }
    });
  }
});
