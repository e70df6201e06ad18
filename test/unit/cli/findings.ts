import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import type { Finding, Severity } from '../../../server/src/rules/types';

/** A hand-built finding; lines and characters are 0-based like the engine's spans. */
export function finding(ruleId: string, severity: Severity, line: number, character: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity,
    message: `${ruleId} message`,
    span: { start: { line, character }, end: { line, character: character + 5 } },
    fixes: [],
    evidence: [],
    related: [],
    ...extra,
  };
}

/** A fresh folder under the OS temp dir, removed after the current mocha suite. */
export function tempDir(prefix = 'spark-advisor-cli-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

const created: string[] = [];

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (relative path → content) under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

const REPO = path.resolve(__dirname, '../../../..');

/** Captures what `run()` writes; the working directory is the repository unless given. */
export function fakeIO(options: { isTTY?: boolean; env?: Record<string, string>; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    cwd: options.cwd ?? REPO,
    env: options.env ?? {},
    stdout: { write: (text: string) => out.push(text), isTTY: options.isTTY },
    stderr: { write: (text: string) => err.push(text) },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
