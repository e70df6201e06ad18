// `npm test`: sets up everything (npm packages, the real editor) and runs every suite:
// lint, type-check, unit, protocol, end-to-end in code-server, packaging. Prints one closing
// line "tests: N passed, N failed" that CI reads.
import { spawn } from 'child_process';
import { join } from 'path';
import { build, ensureInstalled, root } from './setup.mjs';

const only = process.argv.slice(2);
const npx = (bin) => join(root, 'node_modules', '.bin', bin);

/** Runs a step, echoing its output, and reads mocha-style "N passing / N failing" counts from it. */
function step(name, command, args, { counts = false, env = {} } = {}) {
  return new Promise((resolve) => {
    console.log(`\n━━ ${name} ━━`);
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('close', (code) => {
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const number = (re) => [...plain.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
      const passed = counts ? number(/(?:^|\]\s+|^\s+)(\d+) passing\b/gm) : 0;
      const failed = counts ? number(/(?:^|\]\s+|^\s+)(\d+) failing\b/gm) : 0;
      const ok = code === 0 && failed === 0 && (!counts || passed > 0);
      console.log(`━━ ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s${counts ? ` (${passed} passed, ${failed} failed)` : ''}`);
      resolve({ name, ok, passed, failed: failed + (ok || failed > 0 ? 0 : 1) });
    });
  });
}

const steps = [
  ['lint', () => step('lint', npx('eslint'), ['.'])],
  ['typecheck', () => step('type-check and compile', npx('tsc'), ['-p', '.'])],
  ['typecheck-webview', () => step('type-check the report page script (DOM types)', npx('tsc'), ['-p', 'webview'])],
  // Chromium serves the unit tests of the report page as well as the real editor: install it first.
  ['browser', () => step('code-server and Chromium (installed once)', 'bash', [join(root, 'scripts', 'setup-code-server.sh')])],
  ['unit', () => step('unit tests', npx('mocha'), [], { counts: true })],
  ['protocol', () => step('protocol tests (server over stdio)', npx('mocha'), ['--config', 'test/protocol/.mocharc.json'], { counts: true })],
  ['e2e', () => step('end-to-end in code-server', process.execPath, [join(root, 'scripts', 'test-e2e.mjs')], { counts: true })],
  ['package', () => step('packaging (VSIX, installed into code-server)', process.execPath, [join(root, 'scripts', 'test-package.mjs')], { counts: true })],
];

ensureInstalled();
build();
const results = [];
for (const [id, runStep] of steps) {
  if (only.length > 0 && !only.includes(id)) continue;
  results.push(await runStep());
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.passed || r.failed ? ` — ${r.passed} passed, ${r.failed} failed` : ''}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
