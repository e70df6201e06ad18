// `npm start`: set up, build, analyse examples/ with the CLI and say where to go next.
import { join } from 'path';
import { build, ensureInstalled, root, run } from './setup.mjs';

ensureInstalled();
build();
const examples = join(root, 'examples');
console.log(`\nSpark Advisor — analysing ${examples}\n`);
const status = run(process.execPath, [join(root, 'bin', 'spark-advisor.js'), 'check', examples], { cwd: examples });
if (status === 2) process.exit(2);
console.log(`
Where to go next:
  • In VS Code: open examples/ with the extension (F5 "Run Extension", or install the VSIX from \`npm run package\`) to see these findings inline with quick fixes.
  • On your own jobs: npx spark-advisor check path/to/jobs [--format json|sarif --output report.sarif]
  • Rules and how to fix each finding: docs/rules.md
  • Everything is tested by: npm test
`);
