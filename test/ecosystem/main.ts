/**
 * `npm run ecosystem [-- options]`: the CLI over ../shared/realcode against the labelled baseline.
 *
 *   --update             write the baseline: labels follow moved findings, new findings come in
 *                        unlabelled; gone entries stay (listed as fixed or lost)
 *   --prune              with --update: gone entries leave too (git keeps the record)
 *   --show WHICH         print findings with their code: unlabelled | tp | fp | debatable | all
 *   --rule ID, --repo R  only this rule / repository (owner__name) in --show
 *   --context N          lines of code around each shown finding (default 4)
 *   --markdown           the per-rule table as Markdown (for the README)
 *
 * Exit 1 when a finding is unlabelled or a labelled true positive is gone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { compareWithBaseline, readBaseline, unlabelledFindings, updatedBaseline, writeBaseline, type LabelledFinding } from './baseline';
import { realcodeDir, repositoryOf, runEcosystemCheck, type EcosystemFinding } from './findings';
import { figuresByRule, formatDiff, formatFigures, formatFiguresMarkdown } from './summary';

const { values } = parseArgs({
  options: {
    update: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    show: { type: 'string' },
    rule: { type: 'string' },
    repo: { type: 'string' },
    context: { type: 'string', default: '4' },
    markdown: { type: 'boolean', default: false },
  },
});

const root = realcodeDir();
const started = Date.now();
const findings = runEcosystemCheck(root);
const seconds = (Date.now() - started) / 1000;
const baseline = readBaseline();
const comparison = compareWithBaseline(findings, baseline);
const figures = figuresByRule(comparison);

console.log(`spark-advisor check over ${root}: ${findings.length} findings in ${seconds.toFixed(1)} s\n`);
console.log(values.markdown ? formatFiguresMarkdown(figures) : formatFigures(figures));
console.log('\n' + formatDiff(comparison));

if (values.show) showFindings(values.show);

if (values.update) {
  writeBaseline(updatedBaseline(comparison, values.prune));
  console.log(`\nbaseline written: ${comparison.matched.length} matched, ${unlabelledFindings(comparison).length} unlabelled, ${comparison.gone.length} gone ${values.prune ? 'removed' : 'kept'}`);
}

const unlabelled = unlabelledFindings(comparison).length;
const lostTruePositives = comparison.gone.filter((e) => e.label === 'tp').length;
process.exitCode = unlabelled > 0 || lostTruePositives > 0 ? 1 : 0;

function showFindings(which: string): void {
  const rows: { finding: EcosystemFinding; entry?: LabelledFinding }[] = [
    ...comparison.matched.map(({ finding, entry }) => ({ finding, entry })),
    ...comparison.added.map((finding) => ({ finding })),
  ];
  const context = Number(values.context);
  for (const { finding, entry } of rows) {
    const label = entry?.label ?? (finding.severity === 'hint' ? 'hint' : 'unlabelled');
    if (which !== 'all' && which !== label) continue;
    if (values.rule && finding.rule !== values.rule) continue;
    if (values.repo && repositoryOf(finding.file) !== values.repo) continue;
    console.log(`\n── ${finding.rule} [${label}, ${finding.severity}] ${finding.file}${finding.cell !== undefined ? ` cell ${finding.cell}` : ''}:${finding.line}`);
    console.log(`   ${finding.message}`);
    if (entry?.reason) console.log(`   label reason: ${entry.reason}`);
    const lines = fs.readFileSync(path.join(root, finding.file), 'utf8').split(/\r\n|\r|\n/);
    for (let line = Math.max(1, finding.line - context); line <= Math.min(lines.length, finding.line + context); line++) {
      console.log(`${line === finding.line ? '>' : ' '}${String(line).padStart(5)}  ${lines[line - 1]}`);
    }
  }
}
