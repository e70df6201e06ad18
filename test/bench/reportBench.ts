/**
 * `npm run bench` (after the analysis bench): the report time of a 350,000-task, 1,100-stage
 * application in JSON, HTML and text; each effect model's error on generated pairs of runs; how far
 * the what-if replay is from the observed wall time of every shared and example event log at the
 * observed size, and how long the 13-size what-if of the largest example run takes. Figures, not
 * asserts; also written to test-results/bench-report.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { discoverEventLogs, readEventLogSource, type ApplicationSummary } from '../../server/src/history/eventlog';
import { simulateClusterSizes, simulateDuration } from '../../server/src/report/simulate';
import { HistoryService } from '../../server/src/history/service';
import { buildReportModel } from '../../server/src/report/build';
import { renderReportHtml } from '../../server/src/report/render';
import { benchEffectModels } from './effectModelBench';
import { benchLargeReport } from './largeReportBench';
import { median } from './median';

const REPO = path.resolve(__dirname, '../../..');
const SHARED_LOGS = process.env.SPARK_ADVISOR_SHARED ? path.resolve(process.env.SPARK_ADVISOR_SHARED, 'eventlogs') : path.resolve(REPO, '..', 'shared', 'eventlogs');
const EXAMPLE_LOGS = path.join(REPO, 'examples', 'eventlogs');

interface LogError {
  log: string;
  cores: number;
  observedMs: number;
  simulatedMs: number;
  modelError: number;
}

async function applicationsIn(dir: string): Promise<Array<{ log: string; app: ApplicationSummary }>> {
  if (!fs.existsSync(dir)) {
    console.log(`  (no event logs at ${dir})`);
    return [];
  }
  const found: Array<{ log: string; app: ApplicationSummary }> = [];
  for (const source of (await discoverEventLogs(dir)).sources) {
    try {
      const summary = await readEventLogSource(source);
      summary.applications.forEach((app, i) => found.push({ log: path.relative(dir, source.path) + (summary.applications.length > 1 ? ` #${i + 1}` : ''), app }));
    } catch (error) {
      console.log(`  ${path.relative(dir, source.path)}: not readable (${(error as Error).message})`);
    }
  }
  return found;
}

/** The 13-size what-if of the run with the most tasks: first call (cold code) and warm median. */
function timeWhatIf(largest: { log: string; app: ApplicationSummary }): Record<string, unknown> {
  const app = largest.app;
  const started = performance.now();
  simulateClusterSizes(app);
  const firstMs = performance.now() - started;
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    simulateClusterSizes(app);
    runs.push(performance.now() - t);
  }
  const warmMs = median(runs);
  console.log(`  13-size what-if of ${largest.log} (${app.totals.tasks} tasks, ${app.stages.length} stage attempts): first call ${firstMs.toFixed(1)} ms, then median ${warmMs.toFixed(1)} ms (target < 200 ms)`);
  return { log: largest.log, tasks: app.totals.tasks, stageAttempts: app.stages.length, sizes: 13, firstCallMs: Number(firstMs.toFixed(1)), warmMedianMs: Number(warmMs.toFixed(1)), targetMs: 200 };
}

/**
 * The whole report of the run with the most tasks, as the webview gets it: the model from the
 * store (summary, findings, timeline, what-if, prediction over every imported run, recommendations)
 * and its HTML. First call and warm median.
 */
async function timeReport(): Promise<Record<string, unknown>> {
  const service = await HistoryService.open({ roots: [path.join(REPO, 'examples')] });
  try {
    await service.import([EXAMPLE_LOGS]);
    const largest = service.store.applications().reduce((a, b) => (b.totals.tasks > a.totals.tasks ? b : a));
    const once = () => {
      const started = performance.now();
      const model = buildReportModel(largest.appKey, { reader: service.store, cost: { currency: '$', pricePerCoreHour: 0.05 }, locate: (appKey, stageId, attemptId) => service.provider.stageLocation(appKey, stageId, attemptId) });
      const built = performance.now();
      const html = renderReportHtml(model!, { nonce: 'YmVuY2htYXJrbm9uY2U=', cspSource: 'vscode-resource:', scriptUri: 'webview.js', styleUri: 'webview.css' });
      return { buildMs: built - started, renderMs: performance.now() - built, totalMs: performance.now() - started, htmlBytes: html.length };
    };
    const first = once();
    const warm = Array.from({ length: 5 }, once);
    const warmTotal = median(warm.map((w) => w.totalMs));
    console.log(`  report of ${largest.name} (${largest.totals.tasks} tasks, ${service.store.applications().length} runs in the store): first ${first.totalMs.toFixed(0)} ms (model ${first.buildMs.toFixed(0)} ms, HTML ${first.renderMs.toFixed(0)} ms, ${(first.htmlBytes / 1024).toFixed(0)} KB), then median ${warmTotal.toFixed(0)} ms (target < 1 s)`);
    return { app: largest.name, tasks: largest.totals.tasks, firstCallMs: Number(first.totalMs.toFixed(1)), modelMs: Number(first.buildMs.toFixed(1)), htmlMs: Number(first.renderMs.toFixed(1)), warmMedianMs: Number(warmTotal.toFixed(1)), targetMs: 1000 };
  } finally {
    service.close();
  }
}

function printErrors(group: string, runs: Array<{ log: string; app: ApplicationSummary }>): LogError[] {
  const errors: LogError[] = [];
  for (const { log, app } of runs) {
    const whatIf = simulateClusterSizes(app);
    if (!whatIf) {
      console.log(`    ${log.padEnd(64)} no what-if (no completed stage or no wall time)`);
      continue;
    }
    const simulatedMs = simulateDuration(app, whatIf.observedCores);
    errors.push({ log, cores: whatIf.observedCores, observedMs: whatIf.observedDurationMs, simulatedMs, modelError: whatIf.modelError });
    console.log(`    ${log.padEnd(64)} ${String(whatIf.observedCores).padStart(4)} cores  observed ${(whatIf.observedDurationMs / 1000).toFixed(1).padStart(8)} s  simulated ${(simulatedMs / 1000).toFixed(1).padStart(8)} s  error ${(whatIf.modelError * 100).toFixed(1).padStart(5)} %`);
  }
  if (errors.length > 0) {
    const mean = errors.reduce((sum, e) => sum + e.modelError, 0) / errors.length;
    const worst = errors.reduce((a, b) => (b.modelError > a.modelError ? b : a));
    console.log(`    ${group}: ${errors.length} runs, mean error ${(mean * 100).toFixed(1)} %, median ${(median(errors.map((e) => e.modelError)) * 100).toFixed(1)} %, worst ${(worst.modelError * 100).toFixed(1)} % (${worst.log})`);
  }
  return errors;
}

async function main(): Promise<void> {
  console.log('\nSpark Advisor report benchmark');
  const shared = await applicationsIn(SHARED_LOGS);
  const examples = await applicationsIn(EXAMPLE_LOGS);
  // Timed first, before anything else has run (and warmed) the simulation code.
  const largest = examples.reduce<{ log: string; app: ApplicationSummary } | undefined>((best, run) => (!best || run.app.totals.tasks > best.app.totals.tasks ? run : best), undefined);
  const whatIfTiming = largest ? timeWhatIf(largest) : null;
  const reportTiming = await timeReport();
  const largeReport = await benchLargeReport();
  const effectModels = await benchEffectModels();
  console.log(`  model error at the observed size, shared logs (${SHARED_LOGS}):`);
  const sharedErrors = printErrors('shared', shared);
  console.log(`  model error at the observed size, example logs (${EXAMPLE_LOGS}):`);
  const exampleErrors = printErrors('examples', examples);
  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'test-results', 'bench-report.json'), JSON.stringify({ whatIfTiming, reportTiming, largeReport, effectModels, modelErrors: { shared: sharedErrors, examples: exampleErrors } }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
