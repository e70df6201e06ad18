// `npm run bench:import`: build, compile, and compare reading a generated ≥ 100 MB event log
// (plain and zstd) at the floor (split + JSON.parse), through readEventLog and through a full
// import into a fresh store. Results go to test-results/bench-import.json.
import { join } from 'path';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
build();
if (run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.']) !== 0) process.exit(1);
process.exit(run(process.execPath, [join(root, 'out', 'test', 'bench', 'importBench.js'), ...process.argv.slice(2)]));
