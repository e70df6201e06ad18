import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { threadId, Worker } from 'worker_threads';
import { analyzeFile, analyzeFiles, parsersOnDemand, record, type AnalysisRun, type EngineLog, type FileOutcome, type ParsersFor } from './analyzeFiles';
import type { DiscoveredFile } from './discovery';
import { workspaceOfRun } from './workspaceOfRun';
import { addCosts, type IndexCost } from '../engine/workspace/workspaceIndex';

/**
 * Analyses files on every core: this thread and worker threads take files one at a time from a
 * shared counter (a slow file never holds up a batch), each with its own parsers; the outcomes are
 * put back in the files' order, so the output does not depend on which thread did what.
 */

/** What a worker is given (see analysisWorker.ts). */
export interface WorkerInput {
  files: readonly DiscoveredFile[];
  /** Int32Array over a SharedArrayBuffer: the index of the next file to take. */
  next: Int32Array;
}

/** What a worker sends for each file it analysed. */
export interface WorkerOutput {
  index: number;
  outcome: FileOutcome;
  logs: string[];
  /** The thread that analysed the file. */
  thread: number;
  /** What the thread's workspace index has cost so far. */
  indexCost: IndexCost;
}

/** Below this many files per thread, starting a worker costs more than it saves. */
export const MIN_FILES_PER_THREAD = 24;

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The worker's script: beside this file in the bundle (dist/) and in the compiled tests (out/). */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'analysisWorker.js');
  return fs.existsSync(script) ? script : undefined;
}

/** Takes files from the shared counter until none is left. */
export async function takeFiles(input: WorkerInput, parsersFor: ParsersFor, done: (output: WorkerOutput) => void): Promise<void> {
  const { files, next } = input;
  const workspace = workspaceOfRun(files, parsersFor);
  for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
    const logs: string[] = [];
    const outcome = await analyzeFile(files[index]!, { ...workspace, engineLog: (message) => logs.push(message) });
    done({ index, outcome, logs, thread: threadId, indexCost: workspace.workspace.cost() });
  }
}

export async function analyzeInParallel(files: readonly DiscoveredFile[], threads: number, engineLog?: EngineLog): Promise<AnalysisRun> {
  const script = workerScript();
  const workers = Math.min(threads, Math.floor(files.length / MIN_FILES_PER_THREAD)) - 1;
  if (!script || workers < 1) return analyzeFiles(files, parsersOnDemand(), undefined, engineLog);

  const input: WorkerInput = { files, next: new Int32Array(new SharedArrayBuffer(4)) };
  const outputs: Array<WorkerOutput | undefined> = new Array(files.length);
  const keep = (output: WorkerOutput) => (outputs[output.index] = output);
  const stopped: unknown[] = [];
  const running = Array.from({ length: workers }, () => runWorker(script, input, keep).catch((error: unknown) => stopped.push(error)));
  await takeFiles(input, parsersOnDemand(), keep);
  await Promise.all(running);

  const run: AnalysisRun = { results: [], skipped: [], failures: [], filesPerThread: [] };
  const perThread = new Map<number, number>();
  const indexCosts = new Map<number, IndexCost>();
  files.forEach((file, index) => {
    const output = outputs[index];
    // Only a file a worker was on when it died has no outcome.
    record(run, output?.outcome ?? { failure: { file: file.file, error: stopped[0] ?? new Error('the analysis thread stopped') } });
    for (const message of output?.logs ?? []) engineLog?.(message, file.file);
    if (output) perThread.set(output.thread, (perThread.get(output.thread) ?? 0) + 1);
    // Each output carries its thread's running total: the latest (largest) is the thread's.
    if (output && output.indexCost.milliseconds >= (indexCosts.get(output.thread)?.milliseconds ?? 0)) indexCosts.set(output.thread, output.indexCost);
  });
  run.workspaceIndex = addCosts([...indexCosts.values()]);
  run.filesPerThread = [...perThread].sort((a, b) => a[0] - b[0]).map(([, files]) => files);
  return run;
}

function runWorker(script: string, input: WorkerInput, keep: (output: WorkerOutput) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    let failure: unknown;
    worker.on('message', keep);
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => (failure || code !== 0 ? reject(failure ?? new Error(`an analysis thread exited with code ${code}`)) : resolve()));
  });
}
