/**
 * Runs the real CLI (`dist/cli.js check`) over the third-party code in ../shared/realcode, as a
 * user would run it in CI, and reads its JSON output back as ecosystem findings. Hints come too:
 * they are not shown by default, but a true positive lowered to a hint is quieted, not lost.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface EcosystemFinding {
  rule: string;
  /** `hint`s are left out of the CLI's default output, and so out of precision. */
  severity: string;
  /** Relative to the realcode folder, `/`-separated: `<owner>__<repo>/…`. */
  file: string;
  /** 1-based cell of a notebook, when the CLI reports one. */
  cell?: number;
  /** 1-based, as the CLI reports it; in a Jupyter notebook, the line in its cell (its JSON lines are not code lines). */
  line: number;
  message: string;
  /** The flagged line's text, trimmed: keeps a label attached when a rule moves its range a little. */
  code: string;
}

/** `../shared/realcode` beside the repo, or `$SPARK_ADVISOR_SHARED/realcode`. Throws, loudly, when absent. */
export function realcodeDir(): string {
  const shared = process.env.SPARK_ADVISOR_SHARED;
  const dir = shared ? path.resolve(shared, 'realcode') : path.resolve(REPO_ROOT, '..', 'shared', 'realcode');
  if (!fs.existsSync(path.join(dir, 'SOURCES.tsv'))) {
    throw new Error(`the ecosystem check needs the third-party code in ${dir} (with SOURCES.tsv), and it is not there: ` + 'put ../shared beside the repository or set SPARK_ADVISOR_SHARED');
  }
  return dir;
}

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  cell?: number;
  cellLine?: number;
}

interface CliOutput {
  files: { path: string; findings: CliFinding[] }[];
}

/** The CLI's findings over `root`, sorted by file, cell, line and rule. */
export function runEcosystemCheck(root: string): EcosystemFinding[] {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--include-hints'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.error) throw result.error;
  // Exit 1 means "findings"; 2 is a usage or internal error.
  if (result.status !== 0 && result.status !== 1) throw new Error(`spark-advisor check exited ${result.status}:\n${result.stderr}`);
  const output = JSON.parse(result.stdout) as CliOutput;
  const lines = new Map<string, string[]>();
  const lineOf = (file: string, line: number) => {
    if (!lines.has(file)) lines.set(file, fs.readFileSync(path.join(root, file), 'utf8').split(/\r\n|\r|\n/));
    return lines.get(file)![line - 1]?.trim() ?? '';
  };
  const findings: EcosystemFinding[] = [];
  for (const file of output.files) {
    const relative = file.path.split(path.sep).join('/').replace(/^\.\//, '');
    for (const f of file.findings) {
      findings.push({
        rule: f.ruleId,
        severity: f.severity,
        file: relative,
        ...(f.cell !== undefined ? { cell: f.cell } : {}),
        line: relative.endsWith('.ipynb') ? (f.cellLine ?? f.line) : f.line,
        message: f.message,
        // A notebook's JSON lines are not its code lines: no anchor text there.
        code: relative.endsWith('.ipynb') ? '' : lineOf(relative, f.line),
      });
    }
  }
  return findings.sort(compareFindings);
}

export function compareFindings(a: Pick<EcosystemFinding, 'file' | 'cell' | 'line' | 'rule'>, b: Pick<EcosystemFinding, 'file' | 'cell' | 'line' | 'rule'>): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if ((a.cell ?? 0) !== (b.cell ?? 0)) return (a.cell ?? 0) - (b.cell ?? 0);
  if (a.line !== b.line) return a.line - b.line;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}

/** `<owner>__<repo>`: the first path segment under realcode. */
export function repositoryOf(file: string): string {
  return file.split('/')[0]!;
}

/** What the CLI shows without `--include-hints`: what precision is about. */
export const isShownByDefault = (finding: Pick<EcosystemFinding, 'severity'>) => finding.severity !== 'hint';
