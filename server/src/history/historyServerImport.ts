/**
 * Importing a Spark History Server's applications one at a time: each attempt's logs are downloaded,
 * imported and deleted before the next is downloaded, so the disk holds one application's logs at
 * most, and an interrupt keeps what was imported before it. Shared by the editor and the CLI.
 */
import { fetchHistoryServerLogs, type FetchHistoryServerLogsOptions } from './historyServer';
import { emptyImportReport, addImportReport, ImportInterrupted, type ImportOptions, type ImportReport } from './import';
import type { HistoryService } from './service';

export interface HistoryServerImport {
  report: ImportReport;
  /** Attempts that could not be downloaded, and zip entries left out. */
  fetchErrors: Array<{ url: string; message: string }>;
}

export type HistoryServerImportOptions = Pick<FetchHistoryServerLogsOptions, 'timeoutMs' | 'minBytesPerWindow' | 'deadlineMs' | 'maxZipBytes' | 'maxExtractedBytes' | 'onProgress'> & Pick<ImportOptions, 'signal'>;

/**
 * Downloads into `targetDir` (which it leaves empty) and imports every attempt listed by the server
 * at `url`. Rejects when the server cannot be listed (HistoryServerError), and with an
 * ImportInterrupted holding what was imported when the signal aborts.
 */
export async function importFromHistoryServer(service: HistoryService, url: string, targetDir: string, options: HistoryServerImportOptions = {}): Promise<HistoryServerImport> {
  const total = emptyImportReport();
  const { signal } = options;
  try {
    const fetched = await fetchHistoryServerLogs(url, targetDir, {
      ...options,
      onFetched: async (directory) => addImportReport(total, await service.import([directory], signal ? { signal } : {})),
    });
    return { report: total, fetchErrors: fetched.errors };
  } catch (error) {
    if (error instanceof ImportInterrupted) addImportReport(total, error.report);
    if (signal?.aborted) throw new ImportInterrupted(total, error);
    throw error;
  }
}
