// `npm run ecosystem`: builds, then runs the CLI over ../shared/realcode and compares its findings
// with the hand-labelled baseline in test/ecosystem/baseline/ (options: see test/ecosystem/main.ts).
import { join } from 'path';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
build();
if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
process.exit(run(process.execPath, [join(root, 'out', 'test', 'ecosystem', 'main.js'), ...process.argv.slice(2)]));
