/**
 * Run by import.test.ts in a child process, to be killed midway: imports the log(s) given into the
 * store file given, printing each progress report as a line `progress <bytesDone> <bytesTotal>`.
 *
 *   node importCrashChild.js <store file> <log path>…
 */
import { importEventLogs } from '../../../server/src/history/import';
import { HistoryStore } from '../../../server/src/history/store';

async function main(): Promise<void> {
  const [file, ...logs] = process.argv.slice(2);
  if (!file || logs.length === 0) throw new Error('usage: importCrashChild <store file> <log path>…');
  const store = await HistoryStore.open({ file });
  const report = await importEventLogs(logs, store, { onProgress: (p) => process.stdout.write(`progress ${p.bytesDone} ${p.bytesTotal}\n`) });
  process.stdout.write(`done ${report.applications}\n`);
  store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
