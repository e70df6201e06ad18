// `npm run test:electron`: the same end-to-end suite in VS Code desktop via @vscode/test-electron,
// where one can be downloaded or is installed (set VSCODE_EXECUTABLE_PATH to use a local build).
import { runTests } from '@vscode/test-electron';
import { build, ensureInstalled, root, run } from './setup.mjs';
import { copyExamplesWorkspace, e2eSuite } from './e2eWorkspace.mjs';
import { join } from 'path';

ensureInstalled();
build();
if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: e2eSuite,
    launchArgs: [copyExamplesWorkspace(), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : error}`);
  console.error('No VS Code desktop build could be started here; `npm test` runs the same suite in code-server.');
  process.exit(1);
}
