/**
 * `npm run bench:keystroke`: only the per-keystroke part of `npm run bench` (one-character edits
 * in function bodies of a 5,000-line file, re-analysed as the editor does), quick enough to run
 * while working on it. With `--against <an older out/ folder>` each round runs both engines, one
 * process each, alternately, and prints both side by side: percentiles of a shared machine are
 * only comparable when measured in the same minutes. Each engine runs in its own process so one's
 * garbage does not land in the other's timings. Allocation per keystroke and the young-generation
 * collections it causes are printed beside the times: they make the tail.
 *
 *   node out/test/bench/keystrokeBench.js [--lines 5000] [--edits 300] [--rounds 4] [--against DIR]
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { GCProfiler } from 'v8';
import { generatePySparkFile } from './generateJobs';
import { percentile } from './median';

const NO_BUDGET_MS = 600_000;

interface Samples {
  wall: number[];
  cpu: number[];
  whole: number;
  findings: number;
  /** Bytes allocated on the JS heap during the measured edits: what the heap grew by, plus what each collection freed. */
  allocated: number;
  /** Young-generation collections (scavenges) during the measured edits: the tail of the wall times. */
  youngCollections: number;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** This file's folder inside the out/ folder `root` (the engine measured is that folder's). */
function engineModule(root: string, relative: string): string {
  return path.join(root, 'server', 'src', relative);
}

/** One round in this process, with the engine under `root`: the figures go to stdout as JSON. */
async function measureRound(root: string, lines: number, edits: number, seed: number): Promise<Samples> {
  /* eslint-disable @typescript-eslint/no-require-imports -- the engine measured is chosen at run time */
  const { SparkParsers } = require(engineModule(root, 'syntax/parser')) as typeof import('../../server/src/syntax/parser');
  const { IncrementalDocument } = require(engineModule(root, 'engine/incrementalDocument')) as typeof import('../../server/src/engine/incrementalDocument');
  const { analyzeLowered } = require(engineModule(root, 'engine/analyze')) as typeof import('../../server/src/engine/analyze');
  const { DEFAULT_SETTINGS } = require(engineModule(root, 'engine/settings')) as typeof import('../../server/src/engine/settings');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const parsers = await SparkParsers.load(['python']);
  const source = generatePySparkFile(lines);
  const sourceLines = source.split('\n');
  const sites = sourceLines.map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S.*"/.test(line));
  const document = new IncrementalDocument(parsers, 'python', source);
  document.parse(NO_BUDGET_MS);
  const analyse = () => analyzeLowered(document.lower(), document.text, { settings: DEFAULT_SETTINGS });
  analyse();
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const edit = (i: number) => {
    const site = sites[((i + seed) * 7919) % sites.length]!;
    const character = site.line.indexOf('"') + 1;
    document.applyChanges([{ range: { start: { line: site.index, character }, end: { line: site.index, character } }, text: 'x' }]);
    return analyse();
  };
  // Warm-up edits (JIT), then the measured ones, as `npm run bench` measures them.
  for (let i = 0; i < 30; i++) edit(edits + i);
  const wall: number[] = [];
  const cpu: number[] = [];
  const wholeBefore = document.parses.whole;
  let findings = 0;
  const collections = new GCProfiler();
  collections.start();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < edits; i++) {
    const cpuStart = cpuMs();
    const started = performance.now();
    findings = edit(i).findings.length;
    wall.push(performance.now() - started);
    cpu.push(cpuMs() - cpuStart);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  const { statistics } = collections.stop();
  const freed = statistics.reduce((sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize, 0);
  const youngCollections = statistics.filter((gc) => gc.gcType === 'Scavenge').length;
  const whole = document.parses.whole - wholeBefore;
  document.dispose();
  return { wall, cpu, whole, findings, allocated: heapAfter - heapBefore + freed, youngCollections };
}

function runChild(root: string, lines: number, edits: number, seed: number): Samples {
  const args = [...process.execArgv, __filename, '--child', root, '--lines', String(lines), '--edits', String(edits), '--seed', String(seed)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 })) as Samples;
}

function describe(name: string, samples: Samples[]): string {
  const wall = samples.flatMap((s) => s.wall);
  const cpu = samples.flatMap((s) => s.cpu);
  const figure = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} p95 ${percentile(values, 95).toFixed(2)} p99 ${percentile(values, 99).toFixed(2)} max ${Math.max(...values).toFixed(1)}`;
  const whole = samples.reduce((n, s) => n + s.whole, 0);
  const allocated = samples.reduce((n, s) => n + s.allocated, 0) / wall.length / 1e6;
  const young = samples.reduce((n, s) => n + s.youngCollections, 0);
  return `${name.padEnd(10)} wall ${figure(wall)} | CPU ${figure(cpu)} | ${allocated.toFixed(2)} MB allocated a keystroke, ${young} young collections | ${whole} whole parses in ${wall.length} edits, ${samples.at(-1)!.findings} findings`;
}

async function main(): Promise<void> {
  const lines = Number(option('lines', '5000'));
  const edits = Number(option('edits', '300'));
  const seed = Number(option('seed', '0'));
  const child = option('child', '');
  if (child) {
    process.stdout.write(JSON.stringify(await measureRound(child, lines, edits, seed)));
    return;
  }
  const rounds = Number(option('rounds', '4'));
  const against = option('against', '');
  const engines: Array<{ name: string; root: string }> = [{ name: 'this', root: path.resolve(__dirname, '..', '..') }];
  if (against) engines.push({ name: 'against', root: path.resolve(against) });
  const samples = engines.map(() => [] as Samples[]);
  for (let round = 0; round < rounds; round++) {
    // Alternate which engine goes first, so neither always follows the other.
    const order = round % 2 === 0 ? engines.map((_, i) => i) : engines.map((_, i) => i).reverse();
    for (const i of order) samples[i]!.push(runChild(engines[i]!.root, lines, edits, round));
  }
  console.log(`one-character edits in function bodies of a ${lines}-line file, ${rounds} rounds of ${edits} (ms):`);
  engines.forEach((engine, i) => console.log(describe(engine.name, samples[i]!)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
