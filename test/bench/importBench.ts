/**
 * `npm run bench:import`: reading Spark event logs, side by side in one run. A generated log of at
 * least 100 MB (and the same log zstd-compressed) goes through:
 *   floor   read the file, split lines, JSON.parse each: the least any reader does;
 *   fold    readEventLog (decode, split, parse, fold into stage aggregates);
 *   import  importEventLogs into a fresh on-disk HistoryStore, saved;
 * each case in a child process of its own, so its peak RSS is its own, in interleaved rounds (the
 * median of each case counts: the machine is shared). Prints MB/s (of decoded log), the ratios to
 * the floor by wall time and by CPU time (steadier on a busy machine), zstd against plain, and peak
 * RSS, and writes test-results/bench-import.json.
 *
 *   node out/test/bench/importBench.js [--mb 100] [--rounds 3]   the whole comparison
 *   node out/test/bench/importBench.js --case fold <file>   one case (what the children run)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readEventLog } from '../../server/src/history/eventlog';
import { importEventLogs } from '../../server/src/history/import';
import { HistoryStore } from '../../server/src/history/store';
import { writeEventLog } from '../../scripts/eventlog-generator';
import { benchRun } from './importBenchLog';

const REPO = path.resolve(__dirname, '../../..');
const RESULTS = path.join(REPO, 'test-results', 'bench-import.json');
/** Import of a plain log against the floor, and of the zstd log against the plain one. */
const TARGET_RATIO = 0.9;
const TARGET_ZSTD_RATIO = 0.8;
const TARGET_RSS_MB = 400;
const MB = 1024 * 1024;

type CaseName = 'floor' | 'fold' | 'import';

interface CaseResult {
  case: CaseName;
  file: string;
  ms: number;
  /** User + system CPU time of the case's process (its own threads: GC helpers count). */
  cpuMs: number;
  /** What the case reports it read (decoded bytes, events, tasks…). */
  detail: Record<string, number>;
  maxRssMb: number;
}

/** Floor: the file's lines through JSON.parse, streamed, nothing kept. */
async function floor(file: string): Promise<Record<string, number>> {
  let rest = '';
  let lines = 0;
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      if (line === '') continue;
      JSON.parse(line);
      lines++;
    }
  }
  if (rest !== '') {
    JSON.parse(rest);
    lines++;
  }
  return { bytes, lines };
}

async function fold(file: string): Promise<Record<string, number>> {
  const summary = await readEventLog(file);
  if (summary.warnings.length > 0) throw new Error(`${file}: ${summary.warnings[0]!.message}`);
  const app = summary.applications[0];
  return { bytes: summary.bytesDecoded, lines: summary.lines, stages: app?.stages.length ?? 0, tasks: app?.totals.tasks ?? 0 };
}

async function importIntoFreshStore(file: string): Promise<Record<string, number>> {
  const storeFile = path.join(path.dirname(file), `store-${process.pid}.sqlite`);
  const store = await HistoryStore.open({ file: storeFile });
  try {
    const report = await importEventLogs([file], store);
    if (report.errors.length > 0) throw new Error(`${report.errors[0]!.file}: ${report.errors[0]!.message}`);
    await store.save();
    return { applications: report.applications, stages: report.stages, tasks: report.tasks, storeBytes: fs.statSync(storeFile).size };
  } finally {
    store.close();
    fs.rmSync(storeFile, { force: true });
  }
}

async function runCase(name: CaseName, file: string): Promise<void> {
  const started = performance.now();
  const detail = name === 'floor' ? await floor(file) : name === 'fold' ? await fold(file) : await importIntoFreshStore(file);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage();
  const result: CaseResult = { case: name, file, ms, cpuMs: (cpu.user + cpu.system) / 1000, detail, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs one case in a child process and returns what it reported. */
function child(name: CaseName, file: string): CaseResult {
  const result = spawnSync(process.execPath, [__filename, '--case', name, file], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (result.status !== 0) throw new Error(`case ${name} on ${path.basename(file)} failed (exit ${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CaseResult;
}

async function main(): Promise<void> {
  const mbArg = process.argv.indexOf('--mb');
  const minBytes = (mbArg > 0 ? Number(process.argv[mbArg + 1]) : 100) * MB;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-bench-import-'));
  try {
    // About 1.4 MB per action: enough actions for minBytes.
    const actions = Math.ceil(minBytes / (1.3 * MB));
    const plain = path.join(dir, 'app-20261101000000-0999');
    const zstd = `${plain}.zstd`;
    let started = performance.now();
    const written = await writeEventLog(benchRun(actions), plain);
    const generateMs = performance.now() - started;
    if (written.bytes < minBytes) throw new Error(`generated only ${(written.bytes / MB).toFixed(1)} MB, wanted ${minBytes / MB} MB`);
    let zstdOk = true;
    started = performance.now();
    try {
      await writeEventLog(benchRun(actions), zstd);
    } catch (error) {
      zstdOk = false;
      console.error(`\n*** zstd cases SKIPPED: cannot write zstd (${error instanceof Error ? error.message : error}) ***\n`);
    }
    const compressMs = performance.now() - started;
    const plainBytes = fs.statSync(plain).size;
    console.log(`log: ${(plainBytes / MB).toFixed(1)} MB plain, ${written.lines} lines (generated in ${(generateMs / 1000).toFixed(1)} s)` + (zstdOk ? `; ${(fs.statSync(zstd).size / MB).toFixed(1)} MB zstd (${(compressMs / 1000).toFixed(1)} s)` : ''));

    const plan: Array<[string, CaseName, string]> = [
      ['floor (split + JSON.parse)', 'floor', plain],
      ['fold (readEventLog)', 'fold', plain],
      ['import (fresh store, saved)', 'import', plain],
    ];
    if (zstdOk) plan.push(['fold, zstd', 'fold', zstd], ['import, zstd', 'import', zstd]);
    const roundsArg = process.argv.indexOf('--rounds');
    const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
    const runs = plan.map(() => [] as CaseResult[]);
    for (let round = 0; round < rounds; round++) plan.forEach(([, name, file], i) => runs[i]!.push(child(name, file)));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const results = plan.map(([label], i) => {
      const all = runs[i]!;
      return { label, ...all[0]!, ms: median(all.map((r) => r.ms)), cpuMs: median(all.map((r) => r.cpuMs)), maxRssMb: Math.max(...all.map((r) => r.maxRssMb)) };
    });
    const floorResult = results[0]!;
    const rows = results.map((result) => {
      const mbPerS = plainBytes / MB / (result.ms / 1000);
      return { label: result.label, case: result.case, compressed: result.file.endsWith('.zstd'), seconds: result.ms / 1000, cpuSeconds: result.cpuMs / 1000, mbPerS, ratioToFloor: floorResult.ms / result.ms, cpuRatioToFloor: floorResult.cpuMs / result.cpuMs, maxRssMb: result.maxRssMb, detail: result.detail };
    });
    console.log(`\nmedian of ${rounds} interleaved rounds`);
    console.log('case                           s      MB/s   vs floor  CPU s  vs floor (CPU)   peak RSS');
    for (const row of rows) {
      console.log(`${row.label.padEnd(28)} ${row.seconds.toFixed(2).padStart(6)} ${row.mbPerS.toFixed(1).padStart(8)} ${row.ratioToFloor.toFixed(2).padStart(9)} ${row.cpuSeconds.toFixed(2).padStart(6)} ${row.cpuRatioToFloor.toFixed(2).padStart(9)}   ${row.maxRssMb.toFixed(0).padStart(9)} MB`);
    }
    const plainImport = rows.find((row) => row.case === 'import' && !row.compressed)!;
    const zstdImport = rows.find((row) => row.case === 'import' && row.compressed);
    const zstdRatio = zstdImport && { wall: zstdImport.mbPerS / plainImport.mbPerS, cpu: plainImport.cpuSeconds / zstdImport.cpuSeconds };
    const ratioOk = plainImport.ratioToFloor >= TARGET_RATIO;
    const zstdTargetOk = !zstdRatio || zstdRatio.wall >= TARGET_ZSTD_RATIO;
    const rssOk = rows.every((row) => row.maxRssMb < TARGET_RSS_MB);
    if (zstdRatio) console.log(`zstd import vs plain import: ${zstdRatio.wall.toFixed(2)} (CPU ${zstdRatio.cpu.toFixed(2)})`);
    console.log(
      `\ntargets: plain import ≥ ${TARGET_RATIO} of floor: ${ratioOk ? 'met' : 'MISSED'} (CPU ${plainImport.cpuRatioToFloor.toFixed(2)}); ` +
        `zstd import ≥ ${TARGET_ZSTD_RATIO} of plain import: ${zstdTargetOk ? 'met' : 'MISSED'}; peak RSS < ${TARGET_RSS_MB} MB: ${rssOk ? 'met' : 'MISSED'}`,
    );
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      log: { plainBytes, zstdBytes: zstdOk ? fs.statSync(zstd).size : undefined, lines: written.lines, actions },
      rounds,
      targets: { ratioToFloor: TARGET_RATIO, zstdToPlain: TARGET_ZSTD_RATIO, maxRssMb: TARGET_RSS_MB, ratioMet: ratioOk, zstdMet: zstdTargetOk, rssMet: rssOk },
      zstdToPlain: zstdRatio,
      skipped: zstdOk ? [] : ['zstd'],
      cases: rows,
    };
    fs.writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`results: ${path.relative(REPO, RESULTS)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const caseArg = process.argv.indexOf('--case');
const entry = caseArg > 0 ? runCase(process.argv[caseArg + 1] as CaseName, process.argv[caseArg + 2]!) : main();
entry.catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
