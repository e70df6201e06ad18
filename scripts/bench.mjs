// `npm run bench`: build, compile, and run the benchmarks (figures go into the README).
import { join } from 'path';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
build();
if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
if (run(process.execPath, ['--expose-gc', join(root, 'out', 'test', 'bench', 'analysisBench.js')]) !== 0) process.exit(1);
process.exit(run(process.execPath, [join(root, 'out', 'test', 'bench', 'reportBench.js')]));
