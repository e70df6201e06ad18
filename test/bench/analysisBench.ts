/**
 * `npm run bench`: parse vs. full analysis on a 5,000-line file and on a 1,000-file tree,
 * incremental re-analysis after one-line edits, and CLI throughput — measured side by side.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeLowered } from '../../server/src/engine/analyze';
import { IncrementalDocument } from '../../server/src/engine/incrementalDocument';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { lowerTree } from '../../server/src/syntax/lower';
import { SparkParsers } from '../../server/src/syntax/parser';
import { generatePySparkFile } from './generateJobs';

const REPO = path.resolve(__dirname, '../../..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function parseOnly(parsers: SparkParsers, text: string): void {
  parsers.parse('python', text).delete();
}

function fullAnalysis(parsers: SparkParsers, text: string): number {
  const tree = parsers.parse('python', text);
  try {
    return analyzeLowered(lowerTree('python', tree.rootNode, text), text, { settings: DEFAULT_SETTINGS }).findings.length;
  } finally {
    tree.delete();
  }
}

/** Alternates the two measurements so machine noise hits both alike. */
function sideBySide(rounds: number, a: () => void, b: () => void): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(time(a));
    bs.push(time(b));
  }
  return [median(as), median(bs)];
}

async function main(): Promise<void> {
  const parsers = await SparkParsers.load();
  const results: Record<string, string> = {};
  const report = (name: string, line: string) => {
    results[name] = line;
    console.log(`  ${name.padEnd(24)} ${line}`);
  };
  console.log('\nSpark Advisor analysis benchmark');
  const big = generatePySparkFile(5000);
  const lines = big.split('\n').length;
  for (let i = 0; i < 5; i++) fullAnalysis(parsers, big); // warm-up: JIT and wasm
  const [parseMs, analysisMs] = sideBySide(15, () => parseOnly(parsers, big), () => fullAnalysis(parsers, big));
  report('5,000-line file', `${lines} lines: bare parse ${parseMs.toFixed(1)} ms, full analysis ${analysisMs.toFixed(1)} ms, ratio ${(analysisMs / parseMs).toFixed(2)}× (target ≤ 3×), ${fullAnalysis(parsers, big)} findings`);

  const files = Array.from({ length: 1000 }, (_, i) => generatePySparkFile(40 + (i % 7) * 20).replace(/build_/g, `f${i}_build_`));
  const [treeParseMs, treeAnalysisMs] = sideBySide(3, () => files.forEach((f) => parseOnly(parsers, f)), () => files.forEach((f) => fullAnalysis(parsers, f)));
  const treeLines = files.reduce((n, f) => n + f.split('\n').length, 0);
  report('1,000-file tree', `${treeLines} lines in 1,000 files: bare parse ${treeParseMs.toFixed(0)} ms, full analysis ${treeAnalysisMs.toFixed(0)} ms, ratio ${(treeAnalysisMs / treeParseMs).toFixed(2)}×`);

  const document = new IncrementalDocument(parsers, 'python', big);
  analyzeLowered(document.lower(), big, { settings: DEFAULT_SETTINGS });
  const edits: number[] = [];
  const editLines = big.split('\n');
  for (let i = 0; i < 200; i++) {
    const line = 20 + ((i * 997) % (editLines.length - 40));
    const character = editLines[line]!.length;
    edits.push(time(() => {
      document.applyChanges([{ range: { start: { line, character }, end: { line, character } }, text: i % 2 === 0 ? ' ' : '' }]);
      analyzeLowered(document.lower(), document.content, { settings: DEFAULT_SETTINGS });
    }));
  }
  document.dispose();
  report('incremental re-analysis', `one-line edit on ${lines} lines: p50 ${percentile(edits, 50).toFixed(2)} ms, p95 ${percentile(edits, 95).toFixed(2)} ms (target p95 ≤ 10 ms)`);

  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-bench-'));
  files.forEach((text, i) => fs.writeFileSync(path.join(dir, `job_${i}.py`), text));
  const cliStarted = performance.now();
  try {
    execFileSync(process.execPath, [path.join(REPO, 'bin', 'spark-advisor.js'), 'check', dir, '--format', 'json', '--output', path.join(dir, 'report.json')], { stdio: 'ignore' });
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error; // 1 = findings, expected here
  }
  const cliSeconds = (performance.now() - cliStarted) / 1000;
  report('CLI', `${(files.length / cliSeconds).toFixed(0)} files/s (${files.length} files in ${cliSeconds.toFixed(2)} s, including start-up)`);
  fs.rmSync(dir, { recursive: true, force: true });

  fs.writeFileSync(path.join(REPO, 'test-results', 'bench-analysis.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
