import * as fs from 'fs';
import * as path from 'path';
import { HistoryService } from '../history/service';
import { buildReport } from '../history/report/applicationReport';
import type { ReportOptions } from './args';
import { CliError } from './errors';
import type { CliIO } from './io';
import { writeOutputFile } from './check';

/** Opens an existing store for reading; a missing file is a usage error, not an empty report. */
export async function openExistingStore(db: string, io: CliIO, roots: string[]): Promise<HistoryService> {
  const file = path.resolve(io.cwd, db);
  if (!fs.existsSync(file)) throw new CliError(`no history store at ${db} (create one with: spark-advisor import <logs> --db ${db})`);
  try {
    return await HistoryService.open({ storeFile: file, roots });
  } catch (error) {
    throw new CliError(`cannot open the history store ${db}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `spark-advisor report`: the imported applications as JSON. */
export async function reportCommand(options: ReportOptions, io: CliIO): Promise<number> {
  const service = await openExistingStore(options.db, io, [io.cwd]);
  try {
    const resolveFile = (sparkPath: string) => {
      const resolution = service.files.resolve({ path: sparkPath, line: 1, language: 'unknown' });
      return resolution.kind === 'resolved' ? path.relative(io.cwd, resolution.file).split(path.sep).join('/') : undefined;
    };
    const report = buildReport(service.store, { appIds: options.apps.length > 0 ? options.apps : undefined, resolveFile });
    if (options.apps.length > 0 && report.applications.length === 0) throw new CliError(`no application ${options.apps.join(', ')} in ${options.db}`);
    const output = `${JSON.stringify(report, null, 2)}\n`;
    if (options.output) writeOutputFile(path.resolve(io.cwd, options.output), options.output, output);
    else io.stdout.write(output);
    return 0;
  } finally {
    service.close();
  }
}
