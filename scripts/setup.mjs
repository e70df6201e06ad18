// Makes a fresh clone ready: installs npm packages when package-lock.json changed since the last
// install, then builds. `npm start` and `npm test` call this first, so a newcomer needs nothing
// but Node 20.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function ensureInstalled() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.spark-advisor-install-stamp');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('setup: installing npm packages (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
  writeFileSync(stamp, hash);
}

export function build() {
  if (run(process.execPath, [join(root, 'scripts', 'build.mjs')]) !== 0) throw new Error('build failed');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureInstalled();
  build();
}
