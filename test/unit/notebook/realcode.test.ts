/**
 * Every notebook of ../shared/realcode (Jupyter notebooks and Databricks sources of third-party
 * projects) is read, and every finding in one points at the right line of the right cell.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFile, parsersOnDemand, type FileOutcome } from '../../../server/src/cli/analyzeFiles';
import { placerFor } from '../../../server/src/cli/placement';
import type { FileResult } from '../../../server/src/cli/report';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { analysableText } from '../../../server/src/notebook/analysableText';
import { cellSource } from '../../../server/src/notebook/jupyter';
import type { Language } from '../../../server/src/syntax/ast';
import { realCodeDir } from '../helpers/sharedLogs';

interface Listed {
  file: string;
  kind: 'ipynb' | 'dbpy';
}

/** FILES.tsv: repo, path, kind, blob; the files live under `<owner>__<repo>/<path>`. */
function listedNotebooks(root: string): Listed[] {
  return fs
    .readFileSync(path.join(root, 'FILES.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'))
    .filter(([, , kind]) => kind === 'ipynb' || kind === 'dbpy')
    .map(([repo, file, kind]) => ({ file: path.join(root, repo!.replace('/', '__'), file!), kind: kind as Listed['kind'] }));
}

function languageOf(file: string): Language {
  return file.endsWith('.scala') ? 'scala' : 'python';
}

/** The text of a JSON string from `raw[offset]` (inside the string) to its closing quote. */
function jsonStringFrom(raw: string, offset: number): string {
  let end = offset;
  while (end < raw.length && raw[end] !== '"') end += raw[end] === '\\' ? 2 : 1;
  return JSON.parse(`"${raw.slice(offset, end)}"`) as string;
}

describe('notebooks of ../shared/realcode', function () {
  this.timeout(180_000);
  const root = realCodeDir();
  const listed = listedNotebooks(root);
  const results: Array<{ listed: Listed; outcome: FileOutcome }> = [];

  before(async () => {
    const parsersFor = parsersOnDemand();
    for (const entry of listed) {
      results.push({ listed: entry, outcome: await analyzeFile({ file: entry.file, relativePath: path.relative(root, entry.file).split(path.sep).join('/'), language: languageOf(entry.file), settings: DEFAULT_SETTINGS }, { parsersFor }) });
    }
  });

  it('reads every notebook FILES.tsv lists, each as the kind of notebook it is', () => {
    assert.ok(listed.filter((l) => l.kind === 'ipynb').length > 0 && listed.filter((l) => l.kind === 'dbpy').length > 0, 'FILES.tsv lists both kinds');
    let read = 0;
    for (const entry of listed) {
      const text = analysableText(entry.file, fs.readFileSync(entry.file, 'utf8').replace(/^\uFEFF/, ''), languageOf(entry.file));
      assert.ok(!('skipped' in text), `${entry.file}: ${'skipped' in text ? text.skipped : ''}`);
      assert.strictEqual(text.notebook?.kind, entry.kind === 'ipynb' ? 'jupyter' : 'databricks', entry.file);
      assert.ok(text.notebook.cells.length > 0, `${entry.file} has code cells`);
      read++;
    }
    assert.strictEqual(read, listed.length);
    const outcomes = results.map(({ outcome }) => outcome);
    assert.deepStrictEqual(outcomes.filter((o) => !('result' in o)), [], 'no notebook is skipped or fails');
  });

  it('places every finding on the code line it flags, in the right cell', () => {
    let jupyter = 0;
    let databricks = 0;
    for (const { listed: entry, outcome } of results) {
      if (!('result' in outcome)) continue;
      const result: FileResult = outcome.result;
      const placer = placerFor(result);
      const raw = fs.readFileSync(entry.file, 'utf8');
      const analysed = result.text?.split('\n') ?? [];
      for (const finding of result.findings) {
        const where = `${entry.file}: ${finding.ruleId} at ${finding.span.start.line + 1}:${finding.span.start.character + 1}`;
        const code = analysed[finding.span.start.line]!;
        assert.ok(code.trim() !== '', `${where} is on a line of code`);
        const { file, cell } = placer.place(finding.span);
        assert.ok(cell, `${where} has a cell`);
        if (entry.kind === 'ipynb') {
          // The cell's own source, read straight from the notebook.
          const cells = (JSON.parse(raw) as { cells: Array<{ source: unknown }> }).cells;
          assert.strictEqual(cellSource(cells[cell.index - 1]!.source).split('\n')[cell.span.start.line], code, `${where}: the cell line`);
          // The file position is inside the JSON string holding that line, at the flagged character.
          const rest = jsonStringFrom(raw.split(/\r\n|\r|\n/)[file.start.line]!, file.start.character);
          assert.strictEqual(rest.split('\n')[0], code.slice(cell.span.start.character), `${where}: the file position`);
          jupyter++;
        } else {
          const lines = raw.split('\n');
          assert.strictEqual(lines[file.start.line], code, `${where}: a Databricks source is analysed line for line`);
          // Cells start after each separator (and the blank line Databricks writes after it).
          const separators = lines.slice(0, file.start.line).flatMap((text, index) => (/^# COMMAND -+\s*$/.test(text) ? [index] : []));
          assert.strictEqual(cell.index, separators.length + 1, `${where}: the cell`);
          const separator = separators.at(-1);
          const start = separator === undefined ? 1 : lines[separator + 1]!.trim() === '' ? separator + 2 : separator + 1;
          assert.strictEqual(cell.span.start.line, file.start.line - start, `${where}: the line in the cell`);
          databricks++;
        }
      }
    }
    assert.ok(jupyter >= 10 && databricks >= 10, `findings to check in both kinds (Jupyter ${jupyter}, Databricks ${databricks})`);
  });
});
