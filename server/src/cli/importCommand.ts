import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fetchHistoryServerLogs } from '../history/historyServer';
import { HistoryService } from '../history/service';
import { formatBytes } from '../common/format';
import { resultMessage } from '../history/importSummary';
import type { ImportOptions } from './args';
import { CliError } from './errors';
import type { CliIO } from './io';

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** `spark-advisor import`: 0 all imported, 1 some logs could not be read, 2 usage or store error. */
export async function importCommand(options: ImportOptions, io: CliIO): Promise<number> {
  const db = path.resolve(io.cwd, options.db);
  const paths: string[] = [];
  for (const source of options.sources) {
    if (isUrl(source)) continue;
    const absolute = path.resolve(io.cwd, source);
    if (!fs.existsSync(absolute)) throw new CliError(`no such file or folder: ${source}`);
    paths.push(absolute);
  }
  let service: HistoryService;
  try {
    service = await HistoryService.open({ storeFile: db, roots: [io.cwd] });
  } catch (error) {
    throw new CliError(`cannot open the history store ${options.db}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  const downloads: string[] = [];
  const errors: string[] = [];
  try {
    for (const url of options.sources.filter(isUrl)) {
      const target = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'spark-advisor-history-server-'));
      downloads.push(target);
      const fetched = await fetchHistoryServerLogs(url, target, { signal: abort.signal });
      paths.push(...fetched.directories);
      errors.push(...fetched.errors.map((e) => `${e.url}: ${e.message}`));
    }
    const showProgress = !options.quiet && io.stderr.isTTY === true;
    const report = await service.import(paths, {
      signal: abort.signal,
      onProgress: showProgress ? ({ bytesDone, bytesTotal }) => io.stderr.write(`\rspark-advisor: importing ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}   `) : undefined,
    });
    if (showProgress) io.stderr.write('\n');
    const message = resultMessage(report, service);
    for (const line of [...errors, ...message.details]) io.stderr.write(`spark-advisor: ${line}\n`);
    if (!options.quiet) io.stdout.write(`${message.summary} Store: ${options.db}\n`);
    return report.errors.length > 0 || errors.length > 0 ? 1 : 0;
  } catch (error) {
    if (abort.signal.aborted) throw new CliError('import interrupted; the history store is unchanged');
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    service.close();
    for (const download of downloads) await fs.promises.rm(download, { recursive: true, force: true });
  }
}
