import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryServerError } from '../history/historyServer';
import { importFromHistoryServer } from '../history/historyServerImport';
import { addImportReport, emptyImportReport, ImportInterrupted, keptText, type ImportReport } from '../history/import';
import { HistoryService } from '../history/service';
import { StoreBusyError } from '../history/store/storeLock';
import { formatBytes } from '../common/format';
import { resultMessage } from '../history/importSummary';
import type { ImportOptions } from './args';
import { CliError, describeFsError } from './errors';
import { printLine, type CliIO } from './io';

const isUrl = (source: string) => /^https?:\/\//i.test(source);
/** Stop, clean up (downloads, the store's lock) and say what was kept. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * `spark-advisor import`: 0 imported (or unchanged), 1 some logs could not be read or nothing was
 * imported, 2 usage, store or server error.
 */
export async function importCommand(options: ImportOptions, io: CliIO): Promise<number> {
  const db = path.resolve(io.cwd, options.db);
  const paths = options.sources.filter((source) => !isUrl(source)).map((source) => localSource(io.cwd, source));
  let service: HistoryService;
  try {
    service = await HistoryService.open({ storeFile: db, roots: [io.cwd] });
  } catch (error) {
    throw new CliError(`cannot open the history store ${options.db}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const abort = new AbortController();
  const stop = () => abort.abort();
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  const downloads: string[] = [];
  const total = emptyImportReport();
  const fetchErrors: string[] = [];
  // On a terminal only: a server with thousands of applications takes minutes, and a pipe or a CI log should not fill with carriage returns.
  const showProgress = !options.quiet && io.stderr.isTTY === true;
  try {
    for (const url of options.sources.filter(isUrl)) {
      const target = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'spark-advisor-history-server-'));
      downloads.push(target);
      const fetched = await importFromHistoryServer(service, url, target, {
        signal: abort.signal,
        onProgress: showProgress ? (done, all) => io.stderr.write(`\rspark-advisor: ${done} of ${all} application attempts downloaded and imported   `) : undefined,
      });
      if (showProgress) io.stderr.write('\n');
      addImportReport(total, fetched.report);
      fetchErrors.push(...fetched.fetchErrors.map((e) => e.message));
    }
    if (paths.length > 0) {
      addImportReport(
        total,
        await service.import(paths, {
          signal: abort.signal,
          onProgress: showProgress ? ({ bytesDone, bytesTotal }) => io.stderr.write(`\rspark-advisor: importing ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}   `) : undefined,
        }),
      );
      if (showProgress) io.stderr.write('\n');
    }
    return summarize(total, fetchErrors, service, options, io);
  } catch (error) {
    if (error instanceof ImportInterrupted) {
      addImportReport(total, error.report);
      throw new CliError(`import interrupted; ${keptText(total)}`);
    }
    if (error instanceof HistoryServerError || error instanceof StoreBusyError) throw new CliError(error.message);
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, stop);
    service.close();
    for (const download of downloads) await fs.promises.rm(download, { recursive: true, force: true });
  }
}

/** A path named on the command line: it must be a folder or a regular file (not a device or a FIFO, which never end). */
function localSource(cwd: string, source: string): string {
  const absolute = path.resolve(cwd, source);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
    if (stat.isFile()) fs.accessSync(absolute, fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or folder: ${source}` : `cannot read ${source}: ${describeFsError(error)}`);
  }
  if (!stat.isFile() && !stat.isDirectory()) throw new CliError(`not a regular file or folder: ${source}`);
  return absolute;
}

function summarize(report: ImportReport, fetchErrors: string[], service: HistoryService, options: ImportOptions, io: CliIO): number {
  const message = resultMessage(report, service);
  const nothing = report.applications === 0 && report.unchanged === 0 && report.removed === 0;
  // When nothing came in, every file left out says why.
  const skipped = nothing ? report.skipped.map((entry) => `skipped ${entry.path}: ${entry.reason}`) : [];
  for (const line of [...fetchErrors, ...message.details, ...skipped]) printLine(io.stderr, `spark-advisor: ${line}`);
  if (nothing) printLine(io.stderr, 'spark-advisor: no event log was imported');
  if (!options.quiet) printLine(io.stdout, `${message.summary} Store: ${options.db}`);
  return report.errors.length > 0 || fetchErrors.length > 0 || nothing ? 1 : 0;
}
