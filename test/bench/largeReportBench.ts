/**
 * `npm run bench`: the report of a 350,000-task, 1,100-stage application (largeApplication.ts), read
 * from a real store, in each format the user asks for: JSON (`report --format json`), the HTML page
 * and text. Each is built from the store as a fresh request would (model and rendering), first call
 * and warm median, in wall time and in CPU time (on a busy machine CPU time is what the work costs).
 * Side by side, the simulation's what-if on the same run with its shortcuts and the long way.
 */
import { HistoryStore } from '../../server/src/history/store';
import { buildReportModel, type ReportContext } from '../../server/src/report/build';
import { buildReportJson } from '../../server/src/report/json';
import { renderReportHtml, renderText } from '../../server/src/report/render';
import { DEFAULT_CORE_FACTORS, Simulation } from '../../server/src/report/simulate';
import { generalReplayDuration } from '../unit/helpers/generalReplay';
import { largeApplication } from './largeApplication';
import { median } from './median';

/** Figures of the issue that asked for this bench (before the shortcuts): JSON, HTML, text. */
const BEFORE_MS = { json: 2600, html: 4600, text: 12_200 };
const TARGET_MS = 1000;

interface Timing {
  firstMs: number;
  firstCpuMs: number;
  warmMs: number;
  warmCpuMs: number;
  bytes: number;
}

function timed(run: () => string, repeats: number): Timing {
  const once = () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const bytes = run().length;
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes };
  };
  const first = once();
  const warm = Array.from({ length: repeats }, once);
  return { firstMs: first.ms, firstCpuMs: first.cpuMs, warmMs: median(warm.map((w) => w.ms)), warmCpuMs: median(warm.map((w) => w.cpuMs)), bytes: first.bytes };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchLargeReport(): Promise<Record<string, unknown>> {
  const { summary, app } = await largeApplication();
  const store = await HistoryStore.open();
  try {
    store.replaceSource({ path: '/bench/large-report-bench', layout: 'single', bytes: 0, mtimeMs: 0, fingerprint: 'bench' }, summary, []);
    const appKey = store.applications()[0]!.appKey;
    const context: ReportContext = { reader: store, cost: { currency: '$', pricePerCoreHour: 0.05 }, locate: () => undefined };
    const model = () => buildReportModel(appKey, context)!;
    console.log(`  report of a ${app.totals.tasks.toLocaleString('en-US')}-task, ${app.stages.length.toLocaleString('en-US')}-stage application, from the store (first call, then warm median of 3):`);
    const timings: Record<string, Timing> = {
      json: timed(() => JSON.stringify(buildReportJson(store, context, { appIds: [appKey] }), null, 2), 3),
      html: timed(() => renderReportHtml(model(), { nonce: 'YmVuY2htYXJrbm9uY2U=', cspSource: 'vscode-resource:', scriptUri: 'webview.js', styleUri: 'webview.css' }), 3),
      text: timed(() => renderText(model()), 3),
    };
    for (const [format, t] of Object.entries(timings)) {
      const before = BEFORE_MS[format as keyof typeof BEFORE_MS];
      console.log(`    ${format.padEnd(5)} first ${seconds(t.firstMs)} (CPU ${seconds(t.firstCpuMs)}), warm ${seconds(t.warmMs)} (CPU ${seconds(t.warmCpuMs)}), ${(t.bytes / 1024).toFixed(0)} KB; before: ${seconds(before)}; target < ${seconds(TARGET_MS)}: ${t.warmCpuMs < TARGET_MS ? 'met' : 'NOT met'}`);
    }

    // The 13-size what-if of the same run: the Simulation (shortcuts) against every phase through the general replay.
    const simulation = Simulation.of(app)!;
    const started = performance.now();
    const fast = DEFAULT_CORE_FACTORS.map((factor) => simulation.duration(simulation.observedCores * factor));
    const fastMs = performance.now() - started;
    const generalStart = performance.now();
    const general = DEFAULT_CORE_FACTORS.map((factor) => generalReplayDuration(app, factor)!);
    const generalMs = performance.now() - generalStart;
    const same = fast.every((ms, i) => Math.abs(ms - general[i]!) < 1e-6);
    console.log(`    13-size what-if: ${fastMs.toFixed(0)} ms with the shortcuts vs ${generalMs.toFixed(0)} ms the long way (${(generalMs / fastMs).toFixed(1)}×), ${same ? 'same durations' : 'DURATIONS DIFFER'}`);
    return { tasks: app.totals.tasks, stages: app.stages.length, beforeMs: BEFORE_MS, targetMs: TARGET_MS, timings, whatIf: { shortcutsMs: fastMs, generalMs, same } };
  } finally {
    store.close();
  }
}
