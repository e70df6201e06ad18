import * as fs from 'fs';
import * as path from 'path';
import { ruleDocMarkdown, ruleDocUri } from '../engine/ruleDocs';
import type { Severity } from '../rules/types';
import { ALL_RULES_LIST } from '../rules/registry';
import { AnalysisCache, defaultCacheLocation } from './analysisCache';
import { analyzeFiles, parsersOnDemand, type AnalysisRun, type EngineLog } from './analyzeFiles';
import type { CheckOptions } from './args';
import { discoverFiles, resolveInputs } from './discovery';
import { CliError, describeFsError } from './errors';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { printLine, type CliIO } from './io';
import { packageInfo } from './packageInfo';
import { analyzeInParallel, defaultThreads } from './parallelAnalysis';
import { countBySeverity, displayPath, exitCodeFor, filterReport, type Report } from './report';
import { describeRun } from './runSummary';
import { loadSettings } from './settingsFiles';
import { openExistingStore } from './reportCommand';

/** `spark-advisor check`: returns the exit code; CliError for problems with the inputs. */
export async function check(options: CheckOptions, io: CliIO): Promise<number> {
  const { cwd } = io;
  const debug = io.env.SPARK_ADVISOR_DEBUG === '1';
  // Calls into other files not followed: for measuring what following them costs (npm run bench).
  const followImports = io.env.SPARK_ADVISOR_NO_WORKSPACE_INDEX !== '1';
  const warn = (message: string) => printLine(io.stderr, `spark-advisor: ${message}`);

  const inputs = resolveInputs(options.paths, cwd);
  const folders = inputs.filter((input) => input.isDirectory).map((input) => input.absolute);
  const settings = loadSettings({ cwd, config: options.config, folders });
  settings.warnings.forEach(warn);

  const discovery = discoverFiles(inputs, (input) => (input.isDirectory && settings.byFolder.get(input.absolute)) || settings.base);
  discovery.warnings.forEach(warn);
  if (discovery.files.length === 0) warn('no .py, .ipynb or .scala files found');

  const engineLog: EngineLog = (message, file) => {
    const text = debug ? message : message.split('\n')[0]!;
    warn(`${text.replace(/^spark-advisor:\s*/, '')} (in ${displayPath(cwd, file)})`);
  };
  let run: AnalysisRun;
  if (options.db === undefined) {
    const cache = options.cache === undefined ? undefined : new AnalysisCache(options.cache === '' ? defaultCacheLocation(cwd) : path.resolve(cwd, options.cache), followImports ? '' : 'without calls into other files');
    run = await analyzeInParallel(discovery.files, options.threads ?? defaultThreads(), engineLog, cache, followImports);
    const notSaved = cache?.save();
    if (notSaved) warn(`the cache was not saved to ${cache!.location}: ${notSaved}`);
  } else {
    // The runs' store is open in this thread only: files backed by it are analysed here.
    const history = await openExistingStore(options.db, io, folders.length > 0 ? folders : [cwd]);
    try {
      run = await analyzeFiles(discovery.files, parsersOnDemand(), history.provider, engineLog, followImports);
    } finally {
      history.close();
    }
  }
  for (const skipped of run.skipped) warn(`skipped ${displayPath(cwd, skipped.file)}: ${skipped.reason}`);
  for (const failure of run.failures) {
    const error = failure.error;
    warn(`internal error on ${displayPath(cwd, failure.file)}: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  }
  if (options.verbose) {
    describeRun(discovery, run, cwd).forEach(warn);
    // maxRSS is in kilobytes, and counts the analysis threads too (they share the process).
    warn(`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }

  const minimum: Severity = options.quiet ? 'error' : options.includeHints ? 'hint' : 'information';
  const report = filterReport({ cwd, files: run.results, skipped: run.skipped }, minimum);
  const color = !options.output && !!io.stdout.isTTY && !io.env.NO_COLOR;
  const output = formatReport(report, options.format, color, options.quiet);
  if (options.output) writeOutputFile(path.resolve(cwd, options.output), options.output, output);
  else io.stdout.write(output);

  if (run.failures.length > 0) return 2;
  const code = exitCodeFor(report, options.maxWarnings);
  const counts = countBySeverity(report.files);
  if (code === 1 && options.maxWarnings !== undefined && counts.error === 0) {
    warn(`too many warnings: ${counts.warning + counts.information + counts.hint} findings below error severity (maximum ${options.maxWarnings})`);
  }
  return code;
}

function formatReport(report: Report, format: CheckOptions['format'], color: boolean, errorsOnly: boolean): string {
  const { version, informationUri } = packageInfo();
  switch (format) {
    case 'text':
      return formatText(report, { color, errorsOnly });
    case 'json':
      return formatJson(report, { version });
    case 'sarif':
      return formatSarif(report, { version, informationUri, rules: ALL_RULES_LIST, helpUri: ruleDocUri, helpMarkdown: ruleDocMarkdown });
  }
}

export function writeOutputFile(file: string, shown: string, output: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, output);
  } catch (error) {
    throw new CliError(`cannot write ${shown}: ${describeFsError(error)}`);
  }
}
