import { CliError } from './errors';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  paths: string[];
  format: Format;
  output?: string;
  config?: string;
  /** Findings below error severity tolerated before the exit code turns 1; undefined: none. */
  maxWarnings?: number;
  quiet: boolean;
  includeHints: boolean;
  /** History store whose imported runs back the findings. */
  db?: string;
  /** Also say how many files were analysed and skipped, and why. */
  verbose: boolean;
  /** Threads analysing files (this one included); undefined: one per core. */
  threads?: number;
  /** Reuse the outcomes of unchanged files from this cache file (and update it); undefined: no cache. */
  cache?: string;
}

export interface ImportOptions {
  /** Files, folders or History Server URLs. */
  sources: string[];
  db: string;
  quiet: boolean;
}

export const REPORT_FORMATS = ['json', 'text', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  db: string;
  format: ReportFormat;
  output?: string;
  apps: string[];
  /** sparkAdvisor.cost.* and the other settings, as for check. */
  config?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'import'; options: ImportOptions }
  | { kind: 'report'; options: ReportOptions };

type ValueOption = 'format' | 'output' | 'config' | 'maxWarnings' | 'db' | 'app' | 'threads' | 'cacheLocation';
type FlagOption = 'quiet' | 'includeHints' | 'verbose' | 'cache';

const VALUE_OPTIONS: Record<string, ValueOption> = {
  '--format': 'format',
  '-f': 'format',
  '--output': 'output',
  '-o': 'output',
  '--config': 'config',
  '-c': 'config',
  '--max-warnings': 'maxWarnings',
  '--db': 'db',
  '--app': 'app',
  '--threads': 'threads',
  '--cache-location': 'cacheLocation',
};

/** Which options each command accepts. */
const COMMAND_OPTIONS: Record<string, ReadonlySet<string>> = {
  check: new Set(['format', 'output', 'config', 'maxWarnings', 'quiet', 'includeHints', 'db', 'verbose', 'threads', 'cache', 'cacheLocation']),
  import: new Set(['db', 'quiet']),
  report: new Set(['db', 'format', 'output', 'app', 'config']),
  rules: new Set(),
};
const FLAG_OPTIONS: Record<string, FlagOption> = {
  '--quiet': 'quiet',
  '--include-hints': 'includeHints',
  '--verbose': 'verbose',
  '--cache': 'cache',
};

const SEE_HELP = ' (see spark-advisor --help)';

function usageError(message: string): CliError {
  return new CliError(message + SEE_HELP);
}

/** Parses the arguments after `node spark-advisor.js`; throws CliError for anything malformed. */
export function parseArgs(argv: readonly string[]): Command {
  const positionals: string[] = [];
  const values: Partial<Record<ValueOption, string>> = {};
  const flags = new Set<FlagOption>();
  const apps: string[] = [];
  const optionsSeen: Array<{ name: string; option: ValueOption | FlagOption }> = [];
  let help = false;
  let version = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-v' || arg === '--version') version = true;
    else if (!arg.startsWith('-') || arg === '-') positionals.push(arg);
    else {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const valueOption = Object.hasOwn(VALUE_OPTIONS, name) ? VALUE_OPTIONS[name] : undefined;
      const flagOption = Object.hasOwn(FLAG_OPTIONS, name) ? FLAG_OPTIONS[name] : undefined;
      if (valueOption) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === '') throw usageError(`option ${name} needs a value`);
        values[valueOption] = value;
        if (valueOption === 'app') apps.push(value);
      } else if (flagOption) {
        if (eq >= 0) throw usageError(`option ${name} takes no value`);
        flags.add(flagOption);
      } else {
        throw usageError(`unknown option ${name}`);
      }
      optionsSeen.push({ name, option: (valueOption ?? flagOption)! });
    }
  }

  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };

  const [command, ...rest] = positionals;
  if (command === undefined) throw usageError('missing command: use "check <files or folders...>", "import", "report" or "rules"');
  const accepted = COMMAND_OPTIONS[command];
  if (!accepted) throw usageError(`unknown command "${command}" (expected check, import, report or rules)`);
  const misplaced = optionsSeen.find((seen) => !accepted.has(seen.option));
  if (misplaced) throw usageError(`option ${misplaced.name} does not apply to ${command}`);
  if (command === 'rules') {
    if (rest.length > 0) throw usageError(`unexpected argument "${rest[0]}" after rules`);
    return { kind: 'rules' };
  }
  if (command === 'import') {
    if (rest.length === 0) throw usageError('import needs at least one event log file, folder or History Server URL');
    if (values.db === undefined) throw usageError('import needs --db <file> (the history store to import into)');
    return { kind: 'import', options: { sources: rest, db: values.db, quiet: flags.has('quiet') } };
  }
  if (command === 'report') {
    if (rest.length > 0) throw usageError(`unexpected argument "${rest[0]}" after report`);
    if (values.db === undefined) throw usageError('report needs --db <file> (a history store made by spark-advisor import)');
    const reportFormat = values.format ?? 'json';
    if (!(REPORT_FORMATS as readonly string[]).includes(reportFormat)) throw usageError(`unknown report format "${reportFormat}" (expected ${REPORT_FORMATS.join(', ')})`);
    return { kind: 'report', options: { db: values.db, format: reportFormat as ReportFormat, output: values.output, apps, config: values.config } };
  }
  if (rest.length === 0) throw usageError('check needs at least one file or folder');

  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw usageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
  let maxWarnings: number | undefined;
  if (values.maxWarnings !== undefined) {
    if (!/^\d+$/.test(values.maxWarnings)) throw usageError(`--max-warnings needs a whole number >= 0, not "${values.maxWarnings}"`);
    maxWarnings = Number(values.maxWarnings);
  }
  let threads: number | undefined;
  if (values.threads !== undefined) {
    if (!/^\d+$/.test(values.threads) || Number(values.threads) < 1) throw usageError(`--threads needs a whole number >= 1, not "${values.threads}"`);
    threads = Number(values.threads);
  }
  if (values.db !== undefined && (flags.has('cache') || values.cacheLocation !== undefined)) throw usageError('--cache does not apply with --db: the findings then depend on the runs in the store');
  return {
    kind: 'check',
    options: {
      paths: rest,
      format: format as Format,
      output: values.output,
      config: values.config,
      maxWarnings,
      quiet: flags.has('quiet'),
      includeHints: flags.has('includeHints'),
      db: values.db,
      verbose: flags.has('verbose'),
      threads,
      // --cache-location alone turns the cache on; '' stands for the default location, chosen with the working folder.
      cache: values.cacheLocation ?? (flags.has('cache') ? '' : undefined),
    },
  };
}
