// `npm start`: set up, build, analyse examples/ with the CLI and say where to go next.
import { rmSync } from 'fs';
import { join } from 'path';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
build();
const examples = join(root, 'examples');
const cli = join(root, 'bin', 'spark-advisor.js');
// A fresh store each time, so the demo shows exactly what the example logs say.
const db = join(root, 'out', 'examples-history.sqlite');
rmSync(db, { force: true });
console.log(`\nSpark Advisor — importing the example jobs' past runs (examples/eventlogs)\n`);
if (run(process.execPath, [cli, 'import', join(examples, 'eventlogs'), '--db', db], { cwd: examples }) === 2) process.exit(2);
console.log(`\nSpark Advisor — analysing ${examples} with that history\n`);
const status = run(process.execPath, [cli, 'check', examples, '--db', db], { cwd: examples });
if (status === 2) process.exit(2);
console.log(`
Where to go next:
  • In VS Code: open examples/ with the extension (F5 "Run Extension", or install the VSIX from \`npm run package\`) to see these findings inline with quick fixes.
  • On your own jobs: npx spark-advisor check path/to/jobs [--format json|sarif --output report.sarif]
  • With their past runs: npx spark-advisor import path/to/spark-events --db history.sqlite, then check … --db history.sqlite
    (in VS Code: "Spark Advisor: Import Event Logs…", or list the folders in sparkAdvisor.eventLogPaths)
  • The runs as JSON for other tools: npx spark-advisor report --db ${db}
  • Rules and how to fix each finding: docs/rules.md
  • Everything is tested by: npm test
`);
