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
import { generatePySparkFile } from '../../bench/generateJobs';

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

/** Edits as typing makes them in a job that parses: inside strings, names and bodies, new lines, blank lines between functions. */
function typingChange(text: string, next: () => number): { change: TextChange; text: string } {
  const lines = text.split('\n');
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const inString = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S.*"/.test(line) || /^\w.*"/.test(line));
  const blankBeforeDef = lines.map((line, index) => ({ line, index })).filter(({ line, index }) => line === '' && /^(def|class|@)/.test(lines[index + 1] ?? ''));
  const kind = next();
  let line: number;
  let character: number;
  let inserted: string;
  let removed = 0;
  if (kind < 0.5 && inString.length > 0) {
    const site = pick(inString);
    line = site.index;
    character = site.line.indexOf('"') + 1;
    inserted = pick(['x', 'é', '_', '😀']);
    if (next() < 0.3 && /\w/.test(site.line[character] ?? '')) {
      inserted = '';
      removed = 1;
    }
  } else if (kind < 0.7 && blankBeforeDef.length > 0) {
    // Typing a new top-level statement on a blank line between functions, one character at a time.
    line = pick(blankBeforeDef).index;
    character = 0;
    inserted = pick(['x', 'x = 1', 'print(1)', '# note', 'import os']);
  } else {
    // A new statement in a function body, after a line of it.
    // Lines that end a simple statement: no brackets or continuation, and the body goes on (or ends) after them.
    const bodies = lines.map((l, index) => ({ l, index })).filter(({ l, index }) => /^ {4}\w[^()[\]{}\\:,]*$/.test(l) && /^( {4}\S|\S|$)/.test(lines[index + 1] ?? ''));
    if (bodies.length === 0) return typingChange(text, next);
    const site = pick(bodies);
    line = site.index;
    character = site.l.length;
    inserted = pick(['\n    y = 2', '\n    z = df.count()', '  # tail']);
  }
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  const change = { range: { start: { line, character }, end: { line, character: character + removed } }, text: inserted };
  return { change, text: text.slice(0, offset) + inserted + text.slice(offset + removed) };
}

describe('incremental parsing of single top-level Python statements', () => {
  it('re-parses only the edited statement while the job parses, and lowers as a fresh parse does', async function () {
    this.timeout(120_000);
    const loaded = await parsers();
    let text = fs.readFileSync(path.join(REPO_ROOT, 'examples/pyspark/daily_orders_etl.py'), 'utf8') + generatePySparkFile(300);
    const document = new IncrementalDocument(loaded, 'python', text);
    const next = random(23);
    try {
      document.lower();
      for (let round = 0; round < 150; round++) {
        const edit = typingChange(text, next);
        text = edit.text;
        document.applyChanges([edit.change]);
        const incremental = document.lower();
        const fresh = loaded.parse('python', text);
        try {
          const freshLowering = lowerTree('python', fresh.rootNode, text);
          assert.deepStrictEqual(incremental, freshLowering, `lowering after round ${round} (${JSON.stringify(edit.change)})`);
          const options = { settings: DEFAULT_SETTINGS };
          assert.deepStrictEqual(analyzeLowered(incremental, text, options).findings, analyzeLowered(freshLowering, text, options).findings, `findings after round ${round}`);
        } finally {
          fresh.delete();
        }
      }
      // Most edits kept the job parsing: those re-parsed one statement, not the 300-line job.
      assert.ok(document.parses.statements >= 100, `${document.parses.statements} statement parses`);
      assert.ok(document.parses.whole < 40, `${document.parses.whole} whole-document parses`);
      // Edits inside a statement that added no line lowered only the statements re-parsed, the others kept.
      assert.ok(document.continuedLowerings >= 50, `${document.continuedLowerings} lowerings of the edited statements alone`);
      // The document's own tree, parsed as a whole again, is the fresh one.
      const fresh = loaded.parse('python', text);
      assert.strictEqual(document.currentTree()!.rootNode.toString(), fresh.rootNode.toString());
      fresh.delete();
    } finally {
      document.dispose();
    }
  });
});
