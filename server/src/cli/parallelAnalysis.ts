import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { threadId, Worker, type MessagePort } from 'worker_threads';
import type { AnalysisCache } from './analysisCache';
import { analyzeFile, parsersOnDemand, preloadGrammars, record, ScannedSources, type AnalysisRun, type EngineLog, type FileOutcome, type ParsersFor } from './analyzeFiles';
import type { DiscoveredFile } from './discovery';
import { pythonUnits, onProjectChange, scalaUnits } from './unitsOfWork';
import { runRoots, runScalaFiles, workspaceOfRun } from './workspaceOfRun';
import { workspaceFacts, type WorkspaceFacts } from '../engine/workspace/workspaceFacts';
import { addCosts, NO_COST, readModule, type IndexCost } from '../engine/workspace/workspaceIndex';

/**
 * Analyses files on every core: this thread and worker threads take units of files (files that
 * import one another: cli/unitsOfWork.ts) one at a time from a shared counter, each with its own
 * parsers and workspace index; the outcomes are put back in the files' order, so the output does
 * not depend on which thread did what.
 */

/** What a worker is given at its start (see analysisWorker.ts); its units follow in a message. */
export interface WorkerInput {
  files: readonly DiscoveredFile[];
  /** The run's folders, where imports of other files are resolved (all the run's files, not only those to analyse). */
  roots: readonly string[];
  /** The run's Scala files (all of them), where Scala calls find the objects they name. */
  scalaFiles: readonly string[];
  /** Calls into other files are followed (cli/workspaceOfRun.ts); off only to measure what that costs. */
  followImports: boolean;
  /** Each file's dependencies are worked out (for the cache, which alone reads them). */
  withDependencies: boolean;
  /** How many threads share the run (this one and the workers): how large a unit may be. */
  threads: number;
  /** Int32Array over a SharedArrayBuffer: the index of the next unit to take (the units known from the paths, then those of the imports). */
  next: Int32Array;
}

/**
 * Indices into `files`: a unit is analysed on one thread, in its order. The units of the Python
 * files' imports are sent to the workers once this thread has read them; the workers start on the
 * Scala units meanwhile (unitsKnownFromPaths).
 */
export type Units = ReadonlyArray<readonly number[]>;

/**
 * What a worker is sent after its start, in this order: what the main thread read of the whole
 * workspace (workspaceFacts.ts; none when imports are not followed), then the units of the
 * Python files' imports.
 */
export type ToWorker = { facts: WorkspaceFacts | undefined } | { units: Units };

/** What this thread is told after its start, as `ToWorker` messages on `port` arrive. */
export interface Told {
  facts: Promise<WorkspaceFacts | undefined>;
  units: Promise<Units>;
}

/** Listens on `port` until both messages came (a port listened on keeps its thread from ending). */
export function toldOn(port: Pick<MessagePort, 'on' | 'off'>): Told {
  let factsTold!: (facts: WorkspaceFacts | undefined) => void;
  let unitsTold!: (units: Units) => void;
  const told: Told = { facts: new Promise((resolve) => (factsTold = resolve)), units: new Promise((resolve) => (unitsTold = resolve)) };
  let awaited = 2;
  const listener = (message: ToWorker) => {
    if ('facts' in message) factsTold(message.facts);
    else unitsTold(message.units);
    if (--awaited === 0) port.off('message', listener);
  };
  port.on('message', listener);
  return told;
}

/** The units every thread works out alike from the paths alone: the Scala files (cli/unitsOfWork.ts), or every file alone when imports are not followed. */
function unitsKnownFromPaths(input: WorkerInput): Units {
  return input.followImports ? scalaUnits(input.files, input.threads) : input.files.map((_, index) => [index]);
}

/** What a worker sends for each file it analysed. */
export interface WorkerOutput {
  index: number;
  outcome: FileOutcome;
  logs: string[];
  /** The thread that analysed the file. */
  thread: number;
  /** The thread's index cost so far. */
  indexCost: IndexCost;
  /** The other files whose code the file's findings may depend on (modules it imports, directly or not); empty unless asked for. */
  dependencies: string[];
}

/** Below this many files per thread, starting a worker costs more than it saves. */
export const MIN_FILES_PER_THREAD = 24;

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** More threads than twice the cores only add start-up and memory (~40 MB each): a mistyped `--threads 1000` is held to this. */
export function maxThreads(): number {
  return 2 * defaultThreads();
}

/** The worker's script: beside this file in the bundle (dist/) and in the compiled tests (out/). */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'analysisWorker.js');
  return fs.existsSync(script) ? script : undefined;
}

/** Takes units of files from the shared counter until none is left: those known from the paths, then those of the imports (once told them). */
export async function takeFiles(input: WorkerInput, told: Partial<Told>, parsersFor: ParsersFor, done: (output: WorkerOutput) => void, scanned?: ScannedSources): Promise<void> {
  const { files, next } = input;
  const ofImports = told.units ?? [];
  const workspace = input.followImports ? workspaceOfRun(input.roots, parsersFor, input.scalaFiles, await told.facts) : undefined;
  const fromPaths = unitsKnownFromPaths(input);
  const beforeUnit = onProjectChange(files, () => workspace?.workspace.releaseModules(true));
  for (let taken = Atomics.add(next, 0, 1); ; taken = Atomics.add(next, 0, 1)) {
    const unit = taken < fromPaths.length ? fromPaths[taken] : (await ofImports)[taken - fromPaths.length];
    if (!unit) break;
    beforeUnit(unit);
    for (const index of unit) {
      const logs: string[] = [];
      const file = files[index]!;
      const outcome = await analyzeFile(file, { ...(workspace ?? { parsersFor }), engineLog: (message) => logs.push(message), scanned });
      done({ index, outcome, logs, thread: threadId, indexCost: workspace?.workspace.cost() ?? NO_COST, dependencies: (input.withDependencies && workspace?.workspace.dependenciesOf(file.file)) || [] });
    }
    workspace?.workspace.releaseModules();
  }
}

/**
 * Analyses `files` on up to `threads` threads; with a cache, only files whose outcome it does not
 * hold (and the fresh outcomes are stored in it, with the files they depend on).
 */
export async function analyzeInParallel(files: readonly DiscoveredFile[], threads: number, engineLog?: EngineLog, cache?: AnalysisCache, followImports = true): Promise<AnalysisRun> {
  const roots = runRoots(files);
  cache?.knowFiles(files);
  const cached = files.map((file) => cache?.lookup(file));
  const pending = files.filter((_, index) => !cached[index]);
  const fresh = await analyzeOnThreads(pending, { roots, scalaFiles: runScalaFiles(files), withDependencies: cache !== undefined }, threads, followImports, engineLog);
  const run: AnalysisRun = { results: [], skipped: [], failures: [] };
  let next = 0;
  files.forEach((file, index) => {
    let outcome = cached[index];
    if (!outcome) {
      const output = fresh.outputs[next++]!;
      outcome = output.outcome;
      cache?.store(file, outcome, output.dependencies);
    }
    record(run, outcome);
  });
  if (fresh.filesPerThread) run.filesPerThread = fresh.filesPerThread;
  run.workspaceIndex = fresh.indexCost;
  if (cache) run.fromCache = files.length - pending.length;
  return run;
}

interface ThreadsResult {
  /** In the files' order. */
  outputs: Array<Pick<WorkerOutput, 'outcome' | 'dependencies'>>;
  filesPerThread?: number[];
  indexCost: IndexCost;
}

async function analyzeOnThreads(files: readonly DiscoveredFile[], workspace: Pick<WorkerInput, 'roots' | 'scalaFiles' | 'withDependencies'>, threads: number, followImports: boolean, engineLog?: EngineLog): Promise<ThreadsResult> {
  const script = workerScript();
  const workers = Math.min(threads, maxThreads(), Math.floor(files.length / MIN_FILES_PER_THREAD)) - 1;
  const input: WorkerInput = { files, ...workspace, followImports, threads: Math.max(1, workers + 1), next: new Int32Array(new SharedArrayBuffer(4)) };
  const outputs: Array<WorkerOutput | undefined> = new Array(files.length);
  const scanned = new ScannedSources();
  const keep = (output: WorkerOutput) => {
    outputs[output.index] = output;
    // Analysed (by a worker, when this thread had not taken it): what the import scan kept of it is not needed.
    scanned.take(files[output.index]!.file);
  };
  const stopped: unknown[] = [];
  // The workers load the bundle and the grammars and start on the Scala files, and this thread loads its grammars, while it reads the Python files' imports.
  const started = !script || workers < 1 ? [] : Array.from({ length: workers }, () => new Worker(script, { workerData: input }));
  const running = started.map((worker) => runWorker(worker, keep).catch((error: unknown) => stopped.push(error)));
  // Read once here rather than by every thread, and first: the workers wait for them.
  const facts = followImports && started.length > 0 ? workspaceFacts(workspace.roots, workspace.scalaFiles, readModule) : undefined;
  for (const worker of started) worker.postMessage({ facts } satisfies ToWorker);
  const parsersFor = parsersOnDemand();
  preloadGrammars(files, parsersFor);
  const units = followImports ? pythonUnits(files, workspace.roots, input.threads, scanned.textOf) : [];
  for (const worker of started) worker.postMessage({ units } satisfies ToWorker);
  await takeFiles(input, { facts: Promise.resolve(facts), units: Promise.resolve(units) }, parsersFor, keep, scanned);
  scanned.clear();
  await Promise.all(running);

  const perThread = new Map<number, number>();
  const indexCosts = new Map<number, IndexCost>();
  const ordered = files.map((file, index) => {
    const output = outputs[index];
    for (const message of output?.logs ?? []) engineLog?.(message, file.file);
    if (output) perThread.set(output.thread, (perThread.get(output.thread) ?? 0) + 1);
    // Each output carries its thread's running total: the latest (largest) is the thread's.
    if (output && output.indexCost.milliseconds >= (indexCosts.get(output.thread)?.milliseconds ?? 0)) indexCosts.set(output.thread, output.indexCost);
    // Only a file a worker was on when it died has no outcome.
    return output ?? { outcome: { failure: { file: file.file, error: stopped[0] ?? new Error('the analysis thread stopped') } }, dependencies: [] };
  });
  const result: ThreadsResult = { outputs: ordered, indexCost: addCosts([...indexCosts.values()]) };
  if (running.length > 0) result.filesPerThread = [...perThread].sort((a, b) => a[0] - b[0]).map(([, count]) => count);
  return result;
}

function runWorker(worker: Worker, keep: (output: WorkerOutput) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    worker.on('message', keep);
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => (failure || code !== 0 ? reject(failure ?? new Error(`an analysis thread exited with code ${code}`)) : resolve()));
  });
}
