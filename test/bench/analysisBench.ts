/**
 * `npm run bench`: parse vs. full analysis on a 5,000-line file and on 1,000-file trees,
 * incremental re-analysis after one-line edits, and CLI throughput (cold and with a warm cache) on
 * the same 1,000 files, on a tree of 1,000 smaller files in both languages (the one issue 8's
 * target was set on), and on ../shared/realcode — measured side by side; over realcode also what
 * the workspace index (calls into other files) costs, against the CLI without it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeLowered } from '../../server/src/engine/analyze';
import { IncrementalDocument } from '../../server/src/engine/incrementalDocument';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import type { Language } from '../../server/src/syntax/ast';
import { lowerTree } from '../../server/src/syntax/lower';
import { SparkParsers } from '../../server/src/syntax/parser';
import { generateMixedTree, generatePySparkFile, generateScalaFile, MIXED_TREE_PYTHON_FILES } from './generateJobs';
import { median, percentile } from './median';
import { measureSummaryChange } from './summaryChangeBench';
import { realCodeDir } from '../unit/helpers/sharedLogs';

const REPO = path.resolve(__dirname, '../../..');

/** User + system CPU time of this process's waited-for children (Linux: /proc; elsewhere NaN). */
function childrenCpuMs(): number {
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** The bench measures speed, not the budget: a busy machine must not abandon a parse. */
const NO_BUDGET_MS = 600_000;

function parseOnly(parsers: SparkParsers, text: string, language: Language = 'python'): void {
  parsers.parse(language, text, null, NO_BUDGET_MS).delete();
}

function fullAnalysis(parsers: SparkParsers, text: string, language: Language = 'python'): number {
  const tree = parsers.parse(language, text, null, NO_BUDGET_MS);
  try {
    return analyzeLowered(lowerTree(language, tree.rootNode, text), text, { settings: DEFAULT_SETTINGS }).findings.length;
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

  const scala = generateScalaFile(3000);
  for (let i = 0; i < 3; i++) fullAnalysis(parsers, scala, 'scala');
  const [scalaParseMs, scalaAnalysisMs] = sideBySide(9, () => parseOnly(parsers, scala, 'scala'), () => fullAnalysis(parsers, scala, 'scala'));
  report('3,000-line Scala file', `bare parse ${scalaParseMs.toFixed(1)} ms, full analysis ${scalaAnalysisMs.toFixed(1)} ms, ratio ${(scalaAnalysisMs / scalaParseMs).toFixed(2)}× (target ≤ 3×)`);

  const files = Array.from({ length: 1000 }, (_, i) => generatePySparkFile(40 + (i % 7) * 20).replace(/build_/g, `f${i}_build_`));
  const [treeParseMs, treeAnalysisMs] = sideBySide(3, () => files.forEach((f) => parseOnly(parsers, f)), () => files.forEach((f) => fullAnalysis(parsers, f)));
  const treeLines = files.reduce((n, f) => n + f.split('\n').length, 0);
  report('1,000-file tree', `${treeLines} lines in 1,000 files: bare parse ${treeParseMs.toFixed(0)} ms, full analysis ${treeAnalysisMs.toFixed(0)} ms, ratio ${(treeAnalysisMs / treeParseMs).toFixed(2)}×`);
  // Issue 8's CLI target was set on a tree of both languages with smaller files: measured as well.
  const mixed = generateMixedTree();
  const mixedLines = mixed.reduce((n, f) => n + f.text.split('\n').length, 0);
  const mixedShape = `1,000 files, both languages (${MIXED_TREE_PYTHON_FILES} Python, ${mixed.length - MIXED_TREE_PYTHON_FILES} Scala), ${mixedLines.toLocaleString('en-US')} lines`;
  const [mixedParseMs, mixedAnalysisMs] = sideBySide(3, () => mixed.forEach((f) => parseOnly(parsers, f.text, f.language)), () => mixed.forEach((f) => fullAnalysis(parsers, f.text, f.language)));
  report('1,000-file mixed tree', `${mixedShape}: bare parse ${mixedParseMs.toFixed(0)} ms, full analysis ${mixedAnalysisMs.toFixed(0)} ms, ratio ${(mixedAnalysisMs / mixedParseMs).toFixed(2)}×`);

  // One-character edits inside string literals of statements in function bodies: what typing in a
  // job looks like. Blank lines between top-level functions are measured apart: there the Python
  // grammar's indentation scanner makes tree-sitter re-parse the rest of the file.
  const editLines = big.split('\n');
  const inBody = editLines.map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S.*"/.test(line));
  const blank = editLines.map((line, index) => ({ line, index })).filter(({ line, index }) => line === '' && editLines[index + 1]?.startsWith('def '));
  /** CPU time of this process: steadier than wall time when other work shares the cores. */
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const measureEdits = (sites: Array<{ line: string; index: number }>, count: number, edit: (line: string) => number, source = big) => {
    const document = new IncrementalDocument(parsers, 'python', source);
    document.parse(NO_BUDGET_MS); // the first whole parse is not what is measured
    analyzeLowered(document.lower(), source, { settings: DEFAULT_SETTINGS });
    const times: number[] = [];
    const cpu: number[] = [];
    const parsesBefore = { ...document.parses };
    for (let i = 0; i < count; i++) {
      const site = sites[(i * 7919) % sites.length]!;
      const character = edit(site.line);
      const cpuStart = cpuMs();
      times.push(time(() => {
        document.applyChanges([{ range: { start: { line: site.index, character }, end: { line: site.index, character } }, text: 'x' }]);
        analyzeLowered(document.lower(), document.text, { settings: DEFAULT_SETTINGS });
      }));
      cpu.push(cpuMs() - cpuStart);
    }
    const whole = document.parses.whole - parsesBefore.whole;
    document.dispose();
    return Object.assign(times, { cpu, whole });
  };
  const edits = measureEdits(inBody, 300, (line) => line.indexOf('"') + 1);
  report(
    'incremental re-analysis',
    `one-character edit in a function body of ${lines} lines: p50 ${percentile(edits, 50).toFixed(2)} ms, p95 ${percentile(edits, 95).toFixed(2)} ms (target p95 ≤ 10 ms); ` +
      `CPU p50 ${percentile(edits.cpu, 50).toFixed(2)} ms, p95 ${percentile(edits.cpu, 95).toFixed(2)} ms; whole-document parses: ${edits.whole} of ${edits.length} edits`,
  );
  // The same edits in smaller files: per-keystroke work that grows with the file shows here.
  const bySize = [1000, 3000, 5000].map((size) => {
    const source = generatePySparkFile(size);
    const sites = source.split('\n').map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S.*"/.test(line));
    const times = measureEdits(sites, 200, (line) => line.indexOf('"') + 1, source);
    return `${size.toLocaleString('en-US')} lines p50 ${percentile(times, 50).toFixed(1)} / p95 ${percentile(times, 95).toFixed(1)} ms (CPU ${percentile(times.cpu, 50).toFixed(1)} / ${percentile(times.cpu, 95).toFixed(1)})`;
  });
  report('incremental by file size', bySize.join(', '));
  const blankEdits = measureEdits(blank, 20, () => 0);
  report('edit between functions', `typing on a blank line between top-level functions: p50 ${percentile(blankEdits, 50).toFixed(1)} ms, p95 ${percentile(blankEdits, 95).toFixed(1)} ms; whole-document parses: ${blankEdits.whole} of ${blankEdits.length} edits`);
  const summaryChange = measureSummaryChange(parsers, 200);
  report(
    'helper summary change',
    `an edit that changes a helper's summary: ${summaryChange.stale} of ${summaryChange.callers} calling files stale, found and analysed again in ${summaryChange.ms.toFixed(0)} ms (${(summaryChange.ms / Math.max(1, summaryChange.stale)).toFixed(1)} ms a file); ` +
      `an edit that changes no summary: ${summaryChange.unchangedStale} stale, ${summaryChange.unchangedMs.toFixed(1)} ms`,
  );

  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-bench-'));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  files.forEach((text, i) => fs.writeFileSync(path.join(tree, `job_${i}.py`), text));
  const mixedTree = path.join(dir, 'mixed');
  for (const { name, text } of mixed) {
    fs.mkdirSync(path.dirname(path.join(mixedTree, name)), { recursive: true });
    fs.writeFileSync(path.join(mixedTree, name), text);
  }
  const cacheFile = path.join(dir, 'check.cache');
  // The CLI as CI runs it (a new process, start-up included): on every core, on one thread, and
  // with a warm cache (every file unchanged since the previous run), alternately, against the bare
  // parse of the same files measured above in this process. BENCH_BASELINE_CLI=<a dist/cli.js>
  // adds an older build, measured in the same rounds, to compare a change with.
  const runCli = (target: string, extra: string[] = [], cli = path.join(REPO, 'dist', 'cli.js'), env: NodeJS.ProcessEnv = process.env) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, 'check', target, '--format', 'json', '--output', path.join(dir, 'report.json'), ...extra], { stdio: ['ignore', 'ignore', 'pipe'], env });
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error; // 1 = findings, expected here
      stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    }
    return { ms: performance.now() - started, cpuMs: childrenCpuMs() - cpuBefore, stderr };
  };
  const baseline = process.env.BENCH_BASELINE_CLI;
  const allPython = { shape: `1,000 files, all Python, ${treeLines.toLocaleString('en-US')} lines`, parseMs: treeParseMs };
  const bothLanguages = { shape: mixedShape, parseMs: mixedParseMs };
  const cases: Array<{ name: string; tree: typeof allPython; run: () => { ms: number; cpuMs: number } }> = [
    { name: `cold, ${os.availableParallelism()} cores`, tree: allPython, run: () => runCli(tree) },
    { name: 'cold, one thread', tree: allPython, run: () => runCli(tree, ['--threads', '1']) },
    { name: 'warm cache', tree: allPython, run: () => runCli(tree, ['--cache-location', cacheFile]) },
    { name: `both languages, cold, ${os.availableParallelism()} cores`, tree: bothLanguages, run: () => runCli(mixedTree) },
    { name: 'both languages, cold, one thread', tree: bothLanguages, run: () => runCli(mixedTree, ['--threads', '1']) },
    ...(baseline
      ? [
          { name: `baseline ${baseline}, cold, ${os.availableParallelism()} cores`, tree: allPython, run: () => runCli(tree, [], baseline) },
          { name: `baseline ${baseline}, both languages, cold, ${os.availableParallelism()} cores`, tree: bothLanguages, run: () => runCli(mixedTree, [], baseline) },
        ]
      : []),
  ];
  runCli(tree, ['--cache-location', cacheFile]); // fills the cache
  const samples = cases.map(() => ({ ms: [] as number[], cpuMs: [] as number[] }));
  for (let round = 0; round < 5; round++) {
    cases.forEach((c, i) => {
      const { ms, cpuMs } = c.run();
      samples[i]!.ms.push(ms);
      samples[i]!.cpuMs.push(cpuMs);
    });
  }
  cases.forEach((c, i) => {
    const seconds = median(samples[i]!.ms) / 1000;
    const cpuSeconds = median(samples[i]!.cpuMs) / 1000;
    const bareParseSeconds = c.tree.parseMs / 1000;
    report(
      `CLI, 1,000 files, ${c.name}`,
      `${c.tree.shape}: ${(files.length / seconds).toFixed(0)} files/s, ${seconds.toFixed(2)} s${c.name.startsWith('baseline') ? '' : ' (target ≤ 0.8 s)'}, CPU ${cpuSeconds.toFixed(2)} s; ` +
        `${(seconds / bareParseSeconds).toFixed(2)}× the bare parse of the same files (${bareParseSeconds.toFixed(2)} s, one thread, in process), CPU ${(cpuSeconds / bareParseSeconds).toFixed(2)}×`,
    );
  });

  const realcode = realCodeDir();
  const realFiles = fs.readFileSync(path.join(realcode, 'FILES.tsv'), 'utf8').trim().split('\n').length - 1;
  // With the workspace index (calls into other files followed) and without it, alternately: the
  // difference is what the index costs; its own figures come from --verbose.
  const withIndex: Array<ReturnType<typeof runCli>> = [];
  const withoutIndex: Array<ReturnType<typeof runCli>> = [];
  for (let round = 0; round < 3; round++) {
    withIndex.push(runCli(realcode, ['--verbose']));
    withoutIndex.push(runCli(realcode, ['--verbose'], undefined, { ...process.env, SPARK_ADVISOR_NO_WORKSPACE_INDEX: '1' }));
  }
  const seconds = (runs: typeof withIndex) => median(runs.map((r) => r.ms)) / 1000;
  const cpuSeconds = (runs: typeof withIndex) => median(runs.map((r) => r.cpuMs)) / 1000;
  const peakMb = (runs: typeof withIndex) => median(runs.map((r) => Number(/peak memory (\d+) MB/.exec(r.stderr)?.[1] ?? NaN)));
  report('CLI over realcode', `${realFiles.toLocaleString('en-US')} files of third-party Spark code (../shared/realcode) in ${seconds(withIndex).toFixed(2)} s (target < 10 s), CPU ${cpuSeconds(withIndex).toFixed(2)} s, peak memory ${peakMb(withIndex)} MB`);
  const index = /calls into other files: (.*) \(all threads\)/.exec(withIndex.at(-1)!.stderr)?.[1] ?? 'no figures (not in --verbose)';
  report(
    'workspace index, realcode',
    `${index}; the CLI without it (SPARK_ADVISOR_NO_WORKSPACE_INDEX=1) ${seconds(withoutIndex).toFixed(2)} s, CPU ${cpuSeconds(withoutIndex).toFixed(2)} s, peak memory ${peakMb(withoutIndex)} MB: ` +
      `the index costs ${(seconds(withIndex) - seconds(withoutIndex)).toFixed(2)} s, CPU ${(cpuSeconds(withIndex) - cpuSeconds(withoutIndex)).toFixed(2)} s, ${peakMb(withIndex) - peakMb(withoutIndex)} MB`,
  );
  fs.rmSync(dir, { recursive: true, force: true });

  fs.writeFileSync(path.join(REPO, 'test-results', 'bench-analysis.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
