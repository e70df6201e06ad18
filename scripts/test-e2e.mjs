// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server 4.100.3 in headless
// Chromium). Installs code-server and Chromium on first use (scripts/setup-code-server.sh).
import { join } from 'path';
import { copyExamplesWorkspace, e2eSuite } from './e2eWorkspace.mjs';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
if (run('bash', [join(root, 'scripts', 'setup-code-server.sh')]) !== 0) {
  console.error('test:e2e: could not set up code-server and Chromium (see above)');
  process.exit(1);
}
build();
if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
const folder = copyExamplesWorkspace();
console.log(`test:e2e: workspace copy ${folder}`);
process.exit(
  run(process.execPath, [
    join(root, 'test', 'e2e', 'runInCodeServer.mjs'),
    '--extension-development-path', root,
    '--extension-tests-path', e2eSuite,
    '--folder', folder,
    '--timeout-seconds', '900',
    ...(process.env.SPARK_ADVISOR_THEME ? ['--theme', process.env.SPARK_ADVISOR_THEME] : []),
  ]),
);
