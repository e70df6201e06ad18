// `npm run test:package`: builds the VSIX with vsce, checks what is inside (size, no node_modules,
// the bundles, grammars and docs), installs it into code-server and sees it report diagnostics.
import { spawnSync } from 'child_process';
import { mkdtempSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import yauzl from 'yauzl';
import { copyExamplesWorkspace, e2eSuite } from './e2eWorkspace.mjs';
import { build, ensureInstalled, root, run } from './setup.mjs';

const MAX_BYTES = 10 * 1024 * 1024;
const REQUIRED = ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/webview.js', 'extension/dist/webview.css', 'extension/dist/web-tree-sitter.wasm', 'extension/dist/sql-wasm.wasm', 'extension/dist/libzstd.wasm', 'extension/grammars/tree-sitter-python.wasm', 'extension/grammars/tree-sitter-scala.wasm', 'extension/grammars/scala.tmLanguage.json', 'extension/grammars/scala.tmLanguage.LICENSE.txt', 'extension/grammars/scala-language-configuration.json', 'extension/docs/rules/missing-broadcast.md', 'extension/package.json'];

function entries(vsix) {
  return new Promise((resolve, reject) => {
    yauzl.open(vsix, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names = [];
      zip.on('entry', (entry) => { names.push(entry.fileName); zip.readEntry(); });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  console.log(`  ${ok ? '✔' : '✖'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (ok) passed++;
  else failed++;
}

ensureInstalled();
build();
const vsix = join(mkdtempSync(join(tmpdir(), 'spark-advisor-vsix-')), 'spark-advisor.vsix');
const packaged = spawnSync(join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, stdio: 'inherit' });
check('vsce package succeeds', packaged.status === 0);
if (packaged.status === 0) {
  const size = statSync(vsix).size;
  check('VSIX is under 10 MB', size < MAX_BYTES, `${(size / 1024 / 1024).toFixed(2)} MB`);
  const names = await entries(vsix);
  check('no node_modules inside', !names.some((n) => n.includes('node_modules/')), `${names.length} files`);
  for (const file of REQUIRED) check(`contains ${file}`, names.includes(file));
  check('no sources, tests or maps inside', !names.some((n) => /\.(ts|map)$|\/test\/|\/server\/src\//.test(n)));
  console.log('\n  installing the VSIX into code-server…');
  if (run('bash', [join(root, 'scripts', 'setup-code-server.sh')]) !== 0) process.exit(1);
  if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
  const status = run(process.execPath, [
    join(root, 'test', 'e2e', 'runInCodeServer.mjs'),
    '--install-extension', vsix,
    '--extension-development-path', join(root, 'test', 'e2e', 'probe'),
    '--extension-tests-path', e2eSuite,
    '--folder', copyExamplesWorkspace(),
    '--timeout-seconds', '600',
  ], { env: { ...process.env, SPARK_ADVISOR_E2E_SPEC: 'installed.e2e.js', SPARK_ADVISOR_REPO: root } });
  check('the installed VSIX reports diagnostics in code-server', status === 0);
}
console.log(`\n  ${passed} passing`);
if (failed > 0) console.log(`  ${failed} failing`);
process.exit(failed > 0 ? 1 : 0);
