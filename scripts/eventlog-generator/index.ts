/**
 * Realistic, deterministic Spark event logs from a description of a job run: what each action ran
 * (plan), and the figures of its stages (tasks, durations, skew, spill, failures).
 *
 *   for (const line of generateEventLog(run)) …          // JSON lines, lazily
 *   await writeEventLog(run, '/tmp/app-20261101020000-0001');       // streamed to disk
 *   await writeEventLog(run, '/tmp/app-20261101020000-0001.zstd');  // zstd frames, as Spark writes
 */
export type * from './types';
export { generateEventLog } from './generate';
export type { GenerateOptions } from './generate';
export { writeEventLog, writeLines, loadZstdCompressor } from './write';
export type { WriteOptions } from './write';
export { planStages } from './plan';
