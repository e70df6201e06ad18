/** Running the real CLI (`node bin/spark-advisor.js`, i.e. the dist/cli.js bundle) from tests. */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../../..');
export const BIN = path.join(ROOT, 'bin', 'spark-advisor.js');
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Run as another user (when the tests run as root). */
  uid?: number;
  gid?: number;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when the bundle is older than server/src (call from a `before` with a long timeout). */
export function ensureCliBundle(): void {
  const stale = !fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < newestSource(path.join(ROOT, 'server', 'src'));
  if (stale) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

function spawnOptions(options: CliOptions) {
  return {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', SPARK_ADVISOR_DEBUG: '', ...options.env },
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  };
}

/** Runs the CLI to its end. */
export function cli(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { ...spawnOptions(options), encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, so several can run at once or one can be signalled. */
export function startCli(args: string[], options: CliOptions = {}): { pid: number; kill(signal: NodeJS.Signals): void; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { ...spawnOptions(options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, ...(signal ? { signal } : {}), stdout, stderr }));
  });
  return { pid: child.pid ?? -1, kill: (signal) => child.kill(signal), result };
}

export function cliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}
