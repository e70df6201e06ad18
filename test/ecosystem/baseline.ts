/**
 * The hand-labelled baseline: every finding the CLI gives on ../shared/realcode, with a label
 * written by reading the code against the rule's page. One JSON file per repository in
 * `test/ecosystem/baseline/`, so labels of different repositories never touch the same file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareFindings, isShownByDefault, REPO_ROOT, repositoryOf, type EcosystemFinding } from './findings';

export const BASELINE_DIR = path.join(REPO_ROOT, 'test', 'ecosystem', 'baseline');

/** `tp`: a senior Spark engineer would want it on production code. `fp`: wrong, or not worth it. `debatable`: either way. */
export type Label = 'tp' | 'fp' | 'debatable';
export const LABELS: readonly Label[] = ['tp', 'fp', 'debatable'];

export interface LabelledFinding {
  rule: string;
  file: string;
  cell?: number;
  line: number;
  code: string;
  /** null until someone has read the code. */
  label: Label | null;
  reason: string;
}

export function readBaseline(dir = BASELINE_DIR): LabelledFinding[] {
  if (!fs.existsSync(dir)) return [];
  const entries: LabelledFinding[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as LabelledFinding[];
    for (const entry of parsed) {
      if (entry.label !== null && !LABELS.includes(entry.label)) throw new Error(`${name}: unknown label ${JSON.stringify(entry.label)} at ${entry.file}:${entry.line}`);
      entries.push(entry);
    }
  }
  return entries;
}

/** Rewrites the per-repository files; repositories with no entry lose their file. */
export function writeBaseline(entries: readonly LabelledFinding[], dir = BASELINE_DIR): void {
  fs.mkdirSync(dir, { recursive: true });
  const byRepository = new Map<string, LabelledFinding[]>();
  for (const entry of entries) {
    const repository = repositoryOf(entry.file);
    if (!byRepository.has(repository)) byRepository.set(repository, []);
    byRepository.get(repository)!.push(entry);
  }
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    if (!byRepository.has(name.slice(0, -'.json'.length))) fs.rmSync(path.join(dir, name));
  }
  for (const [repository, list] of byRepository) {
    const sorted = [...list].sort(compareFindings).map(canonical);
    fs.writeFileSync(path.join(dir, `${repository}.json`), JSON.stringify(sorted, null, 2) + '\n');
  }
}

/** A fixed key order keeps diffs of the baseline readable. */
function canonical(entry: LabelledFinding): LabelledFinding {
  return {
    rule: entry.rule,
    file: entry.file,
    ...(entry.cell !== undefined ? { cell: entry.cell } : {}),
    line: entry.line,
    code: entry.code,
    label: entry.label,
    reason: entry.reason,
  };
}

export interface Comparison {
  /** Findings with a baseline entry (possibly at a moved line). */
  matched: { finding: EcosystemFinding; entry: LabelledFinding }[];
  /** Findings the baseline does not know. */
  added: EcosystemFinding[];
  /** Baseline entries no finding matches any more. */
  gone: LabelledFinding[];
}

const sameUnit = (a: { rule: string; file: string; cell?: number }, b: { rule: string; file: string; cell?: number }) => a.rule === b.rule && a.file === b.file && (a.cell ?? 0) === (b.cell ?? 0);

/** Lines a finding may move (a narrower range, a statement's other end) and keep its label. */
const NEARBY_LINES = 3;

/**
 * Matches findings to entries: the same rule, file and line first; then the same rule and file
 * with the same line text (the nearest); then the nearest within a few lines.
 */
export function compareWithBaseline(findings: readonly EcosystemFinding[], baseline: readonly LabelledFinding[]): Comparison {
  const unmatched = new Set(baseline);
  const exact = new Map<string, LabelledFinding[]>();
  const key = (x: { rule: string; file: string; cell?: number; line: number }) => `${x.rule}|${x.file}|${x.cell ?? 0}|${x.line}`;
  for (const entry of baseline) {
    if (!exact.has(key(entry))) exact.set(key(entry), []);
    exact.get(key(entry))!.push(entry);
  }
  const matched: Comparison['matched'] = [];
  const pending: EcosystemFinding[] = [];
  for (const finding of findings) {
    const entry = exact.get(key(finding))?.find((e) => unmatched.has(e));
    if (entry) {
      unmatched.delete(entry);
      matched.push({ finding, entry });
    } else {
      pending.push(finding);
    }
  }
  const nearest = (finding: EcosystemFinding, accept: (entry: LabelledFinding) => boolean) => {
    let best: LabelledFinding | undefined;
    for (const entry of unmatched) {
      if (!sameUnit(entry, finding) || !accept(entry)) continue;
      if (!best || Math.abs(entry.line - finding.line) < Math.abs(best.line - finding.line)) best = entry;
    }
    return best;
  };
  const added: EcosystemFinding[] = [];
  for (const finding of pending) {
    const entry =
      (finding.code !== '' ? nearest(finding, (e) => e.code === finding.code) : undefined) ??
      nearest(finding, (e) => Math.abs(e.line - finding.line) <= NEARBY_LINES);
    if (entry) {
      unmatched.delete(entry);
      matched.push({ finding, entry });
    } else {
      added.push(finding);
    }
  }
  return { matched, added, gone: [...unmatched].sort(compareFindings) };
}

/** Findings shown by default that nobody has labelled yet (new hints need no label). */
export function unlabelledFindings(comparison: Comparison): EcosystemFinding[] {
  return [...comparison.added, ...comparison.matched.filter((m) => m.entry.label === null).map((m) => m.finding)].filter(isShownByDefault);
}

/**
 * The baseline after a run: matched entries follow their finding's line and new findings shown by
 * default come in unlabelled. Gone entries stay unless `prune` (several people fixing rules at once
 * then only ever add lines, which merge cleanly); git keeps the record of what was pruned.
 */
export function updatedBaseline(comparison: Comparison, prune: boolean): LabelledFinding[] {
  return [
    ...(prune ? [] : comparison.gone),
    ...comparison.matched.map(({ finding, entry }) => ({ ...entry, line: finding.line, code: finding.code })),
    ...comparison.added.filter(isShownByDefault).map((finding): LabelledFinding => ({
      rule: finding.rule,
      file: finding.file,
      ...(finding.cell !== undefined ? { cell: finding.cell } : {}),
      line: finding.line,
      code: finding.code,
      label: null,
      reason: '',
    })),
  ];
}
