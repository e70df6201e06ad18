import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { HistoryService } from '../history/service';
import { buildReportJson } from '../report/json';
import { buildReportModel } from '../report/build';
import { renderMarkdown, renderReportHtml, renderText } from '../report/render';
import { reportPageAssets } from '../report/render/assets';
import type { CostSettings, ReportModel } from '../report/types';
import type { ReportOptions } from './args';
import { writeOutputFile } from './check';
import { CliError } from './errors';
import type { CliIO } from './io';
import { loadSettings } from './settingsFiles';
import { workspaceLocator } from './reportLocations';

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

/** dist/webview.js and .css, inlined into a standalone HTML report. */
function webviewAssets(): { script: string; style: string } {
  const assets = reportPageAssets();
  if (!assets) throw new CliError('the report page assets (webview.js, webview.css) are missing: run npm run build');
  return assets;
}

/** `spark-advisor report`: the imported applications as JSON, or one application's report as text, Markdown or HTML. */
export async function reportCommand(options: ReportOptions, io: CliIO): Promise<number> {
  const service = await openExistingStore(options.db, io, [io.cwd]);
  const settings = loadSettings({ cwd: io.cwd, config: options.config, folders: [] }).base.settings;
  const cost: CostSettings = settings.cost;
  try {
    // Before the working folder is analysed (it can hold thousands of files): an unknown --app is a typo to say at once.
    const stored = service.store.applications();
    const known = (id: string) => stored.some((app) => app.appKey === id || app.appId === id);
    if (options.apps.length > 0 && !options.apps.some(known)) throw new CliError(`no application ${options.apps.join(', ')} in ${options.db}`);
    // The same threshold as the editor's missing-broadcast rule, so both give the same findings.
    // The recommendations shown are recorded in the store, to be held against the job's next run.
    const context = { reader: service.store, predictionLog: service.store, cost, broadcastThresholdBytes: settings.broadcastThresholdBytes, locate: await workspaceLocator(service, [io.cwd], { warn: (line) => io.stderr.write(`${line}\n`) }) };
    const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/');
    const resolveFile = (sparkPath: string) => {
      const resolution = service.files.resolve({ path: sparkPath, line: 1, language: 'unknown' });
      return resolution.kind === 'resolved' ? relative(resolution.file) : undefined;
    };
    const wanted = options.apps.length > 0 ? options.apps : undefined;
    let output: string;
    if (options.format === 'json') {
      const report = buildReportJson(service.store, context, { appIds: wanted, resolveFile });
      if (wanted && report.applications.length === 0) throw new CliError(`no application ${wanted.join(', ')} in ${options.db}`);
      output = `${JSON.stringify(report, null, 2)}\n`;
    } else {
      const model = singleReport(service, context, wanted, options.db);
      output = options.format === 'text' ? renderText(model) : options.format === 'md' ? renderMarkdown(model) : renderReportHtml(model, { nonce: randomBytes(16).toString('base64'), inline: webviewAssets() });
    }
    if (options.output) writeOutputFile(path.resolve(io.cwd, options.output), options.output, output);
    else io.stdout.write(output);
    if (service.store.hasUnsavedChanges()) await service.store.save();
    return 0;
  } finally {
    service.close();
  }
}

/** Text, Markdown and HTML describe one run: the one named by --app, else the latest. */
function singleReport(service: HistoryService, context: Parameters<typeof buildReportModel>[1], wanted: string[] | undefined, db: string): ReportModel {
  const stored = service.store.applications().sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
  if (wanted && wanted.length > 1) throw new CliError('text, md and html reports describe one application: give --app once');
  const chosen = wanted ? stored.find((app) => app.appKey === wanted[0] || app.appId === wanted[0]) : stored[0];
  if (!chosen) throw new CliError(wanted ? `no application ${wanted[0]} in ${db}` : `${db} holds no application yet`);
  const model = buildReportModel(chosen.appKey, context);
  if (!model) throw new CliError(`no application ${chosen.appKey} in ${db}`);
  return model;
}
