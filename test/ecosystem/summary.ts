/** Per-rule precision over the labelled findings, and the diff against the baseline, as text. */
import { unlabelledFindings, type Comparison, type Label } from './baseline';
import { isShownByDefault, type EcosystemFinding } from './findings';

export interface RuleFigures {
  rule: string;
  findings: number;
  tp: number;
  fp: number;
  debatable: number;
  unlabelled: number;
  /** Labelled findings now reported as hints (not shown by default, not in precision). */
  quieted: number;
}

/** tp over every labelled finding: `debatable` counts against it. */
export const strictPrecision = (f: Omit<RuleFigures, 'rule'>) => (f.tp + f.fp + f.debatable === 0 ? 1 : f.tp / (f.tp + f.fp + f.debatable));
/** tp over tp + fp: `debatable` left out. */
export const lenientPrecision = (f: Omit<RuleFigures, 'rule'>) => (f.tp + f.fp === 0 ? 1 : f.tp / (f.tp + f.fp));

const emptyFigures = (rule: string): RuleFigures => ({ rule, findings: 0, tp: 0, fp: 0, debatable: 0, unlabelled: 0, quieted: 0 });

/** Counts what the CLI shows by default; labelled findings lowered to hints count as quieted. */
export function figuresByRule(comparison: Comparison): { rules: RuleFigures[]; total: RuleFigures } {
  const byRule = new Map<string, RuleFigures>();
  const total = emptyFigures('all');
  const count = (finding: EcosystemFinding, label: Label | null) => {
    if (!isShownByDefault(finding) && label === null) return;
    if (!byRule.has(finding.rule)) byRule.set(finding.rule, emptyFigures(finding.rule));
    for (const figures of [byRule.get(finding.rule)!, total]) {
      if (!isShownByDefault(finding)) {
        figures.quieted++;
        continue;
      }
      figures.findings++;
      figures[label ?? 'unlabelled']++;
    }
  };
  for (const { finding, entry } of comparison.matched) count(finding, entry.label);
  for (const finding of comparison.added) count(finding, null);
  const rules = [...byRule.values()].sort((a, b) => b.findings - a.findings || (a.rule < b.rule ? -1 : 1));
  return { rules, total };
}

const percent = (value: number) => value.toFixed(2);

export function formatFigures({ rules, total }: ReturnType<typeof figuresByRule>): string {
  const header = ['rule', 'findings', 'tp', 'fp', 'debatable', 'unlabelled', 'precision', 'precision (debatable left out)', 'labelled, now hints'];
  const row = (f: RuleFigures) => [f.rule, f.findings, f.tp, f.fp, f.debatable, f.unlabelled, percent(strictPrecision(f)), percent(lenientPrecision(f)), f.quieted].map(String);
  const rows = [header, ...rules.map(row), row(total)];
  const widths = header.map((_, column) => Math.max(...rows.map((r) => r[column]!.length)));
  return rows.map((r) => r.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** The same table in Markdown, for the README. */
export function formatFiguresMarkdown({ rules, total }: ReturnType<typeof figuresByRule>): string {
  const lines = ['| Rule | Findings | tp | fp | debatable | Precision | (debatable left out) |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const f of [...rules, total]) {
    const name = f === total ? '**all**' : `\`${f.rule}\``;
    lines.push(`| ${name} | ${f.findings} | ${f.tp} | ${f.fp} | ${f.debatable} | ${percent(strictPrecision(f))} | ${percent(lenientPrecision(f))} |`);
  }
  return lines.join('\n');
}

export function formatDiff(comparison: Comparison): string {
  const lines: string[] = [];
  const where = (x: { file: string; cell?: number; line: number }) => `${x.file}${x.cell !== undefined ? `:cell ${x.cell}` : ''}:${x.line}`;
  const gone = (label: Label | null) => comparison.gone.filter((e) => e.label === label);
  const unlabelled = unlabelledFindings(comparison);
  lines.push(`new or unlabelled: ${unlabelled.length}`);
  for (const f of unlabelled) lines.push(`  + ${f.rule}  ${where(f)}  ${f.message.slice(0, 140)}`);
  const quietedTruePositives = comparison.matched.filter((m) => m.entry.label === 'tp' && !isShownByDefault(m.finding));
  lines.push(`labelled tp, now a hint (kept, not shown by default): ${quietedTruePositives.length}`);
  for (const { entry } of quietedTruePositives) lines.push(`  ↓ ${entry.rule}  ${where(entry)}  (${entry.reason})`);
  const lost = gone('tp');
  lines.push(`gone, labelled tp (lost true positives): ${lost.length}`);
  for (const e of lost) lines.push(`  - ${e.rule}  ${where(e)}  (${e.reason})`);
  lines.push(`gone, labelled fp (fixed): ${gone('fp').length}`);
  for (const e of gone('fp')) lines.push(`  ✓ ${e.rule}  ${where(e)}  (${e.reason})`);
  lines.push(`gone, labelled debatable: ${gone('debatable').length}`);
  for (const e of gone('debatable')) lines.push(`  ~ ${e.rule}  ${where(e)}  (${e.reason})`);
  const stale = gone(null);
  if (stale.length > 0) lines.push(`gone, never labelled: ${stale.length}`);
  return lines.join('\n');
}
