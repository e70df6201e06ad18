/**
 * Hand-written ReportModel fixtures for the renderer tests: plain data, no code under test involved.
 * `hostileModel` puts markup and Markdown/shell/properties syntax into every string a log can set.
 */
import type { Distribution, TaskTotals } from '../../../server/src/history/eventlog/types';
import type { ReportModel, StageFlag, TimelineStage, Effect } from '../../../server/src/report/types';

export const PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', `"'><svg onload=alert(3)>`, 'javascript:alert(4)'] as const;

/** Every payload, plus backticks (a code fence too), a CDATA end, a pipe, and a newline that tries to start a Markdown heading. */
export const HOSTILE = `${PAYLOADS.join(' ')} \`tick\` \`\`\`fence ]]> |pipe|\n# injected heading`;

export const T0 = Date.UTC(2026, 10, 3, 4, 0, 0);

export function totals(tasks: number): TaskTotals {
  return {
    tasks,
    succeededTasks: tasks,
    failedTasks: 0,
    killedTasks: 0,
    tasksWithoutMetrics: 0,
    durationMs: tasks * 1000,
    executorRunTimeMs: tasks * 900,
    jvmGcTimeMs: 0,
    shuffleReadBytes: 1024 ** 3,
    shuffleRemoteReadBytes: 0,
    shuffleLocalReadBytes: 0,
    shuffleWriteBytes: 0,
    inputBytes: 0,
    memorySpilledBytes: 0,
    diskSpilledBytes: 74 * 1024 ** 2,
    executorCpuTimeNs: 0,
    outputBytes: 0,
  };
}

export function distribution(count: number, min: number, p25: number, p50: number, p75: number, max: number): Distribution {
  return { count, min, max, mean: (min + max) / 2, p5: min, p25, p50, p75, p95: max, exact: true };
}

function stage(stageId: number, name: string, start: number, end: number, flags: StageFlag[], tasks = 10): TimelineStage {
  return { stageId, attemptId: 0, name, jobIds: [0], start, end, tasks, flags };
}

/** A replayed effect as a recommendation states it (figures chosen by hand, not computed). */
export function sampleEffect(expected = 'Expected: stage 2 −60 s, run 10 min → 9 min, cost −10%'): Effect {
  return { runEnded: true, durationMs: 600_000, predictedDurationMs: 540_000, cost: 4.2, predictedCost: 3.78, stages: [{ stageId: 2, attemptId: 0, beforeMs: 200_000, afterMs: 140_000 }], assumptions: [], expected };
}

/** A small run: four stages (one skewed, one spilling, one failed and skewed), every section filled. */
export function sampleModel(): ReportModel {
  return {
    summary: {
      appKey: 'app-1',
      platform: 'YARN',
      completed: true,
      appId: 'application_1_0001',
      attemptId: '1',
      name: 'daily-orders-etl',
      label: 'daily-orders-etl (2026-11-03)',
      sparkVersion: '3.5.1',
      startTime: T0,
      endTime: T0 + 600_000,
      durationMs: 600_000,
      executors: 10,
      totalCores: 40,
      coresPerExecutor: 4,
      executorMemory: '8g',
      efficiency: 0.43,
      driverTimeMs: 120_000,
      executorTimeMs: 480_000,
      criticalPathMs: 400_000,
      idealTimeMs: 200_000,
      cost: { amount: 4.2, currency: '$', basis: '40 cores × 0.17 h × $0.05 per core-hour' },
      totals: totals(440),
    },
    findings: [
      { ruleId: 'skewed-stage', severity: 'critical', message: 'Stage 2 is skewed', evidence: [{ run: 'daily-orders-etl (2026-11-03)', summary: 'max task 412 s vs median 9 s over 200 tasks', figures: {} }], stageId: 2, location: { file: '/ws/jobs/etl.py', line: 42 }, expectedImprovement: '≈ 6 min of stage time' },
      { ruleId: 'spill', severity: 'warning', message: 'Stage 3 spills', evidence: [], stageId: 3 },
      { ruleId: 'small-files', severity: 'info', message: 'Many small output files', evidence: [] },
    ],
    timeline: [
      stage(0, 'load at etl.py:10', T0 + 60_000, T0 + 120_000, []),
      stage(1, 'join at etl.py:20', T0 + 120_000, T0 + 300_000, ['skewed']),
      stage(2, 'agg at etl.py:42', T0 + 300_000, T0 + 500_000, ['spilling']),
      stage(3, 'write at etl.py:50', T0 + 500_000, T0 + 580_000, ['failed', 'skewed']),
    ],
    distributions: [0, 1, 2, 3].map((id) => ({ stageId: id, attemptId: 0, name: `stage ${id}`, taskDuration: distribution(100, 1000, 2000, 3000, 4000, 10_000 * (id + 1)) })),
    utilisation: Array.from({ length: 10 }, (_, i) => ({ time: T0 + i * 60_000, busyCores: 10 + i, availableCores: 40 })),
    recommendations: [
      { key: 'spark.sql.shuffle.partitions', current: '2000', suggested: '200', reason: 'median shuffle partition is 3 MB', kind: 'spark-conf', where: 'spark-submit --conf or spark-defaults.conf', effect: sampleEffect(), location: { file: '/ws/jobs/etl.py', line: 5 } },
      { key: 'spark.memory.fraction', current: null, suggested: '0.8', reason: 'spill 74 MB in stage 2', kind: 'spark-conf', where: 'spark-submit --conf or spark-defaults.conf', effect: sampleEffect('Expected: stage 2 −20 s, run 10 min → 9 min 40 s, cost −3%') },
    ],
    whatIf: {
      observedDurationMs: 600_000,
      observedCores: 40,
      modelError: 0.04,
      simulated: [
        { coresFactor: 0.5, cores: 20, durationMs: 1_100_000, cost: 3.9 },
        { coresFactor: 1, cores: 40, durationMs: 620_000, cost: 4.3 },
        { coresFactor: 2, cores: 80, durationMs: 420_000, cost: 5.8 },
        { coresFactor: 4, cores: 160, durationMs: 400_000, cost: 11.1 },
      ],
    },
    prediction: {
      effects: [{ change: 'spark.sql.shuffle.partitions 2000 → 200', currentDurationMs: 600_000, predictedDurationMs: 540_000, expected: sampleEffect().expected }],
      replayError: 0.04,
      confidence: { level: 'medium', error: 0.12, reason: 'the replay reproduces this run within 4%; the earlier prediction for this job, checked against this run, was off by 12%' },
      correction: { shown: true, reason: 'shown: on 6 runs of this job the forest (R² 0.81) beats the bytes-only estimate (R² 0.42) on held-out runs', runs: 6, samples: 480, folds: 5, model: { r2: 0.81, maeMs: 4200 }, baseline: { r2: 0.42, maeMs: 9100 } },
    },
    validations: [
      {
        key: 'spark.sql.shuffle.partitions',
        from: '2000',
        recommended: '200',
        used: '200',
        recommendedFor: { appKey: 'app-0', label: 'daily-orders-etl (2026-11-02)' },
        durationBeforeMs: 500_000,
        predictedMs: 450_000,
        measuredMs: 600_000,
        error: 0.25,
        repredicted: false,
        caveats: ['it read 30% more data'],
        sentence: 'spark.sql.shuffle.partitions 2000 → 200, recommended for daily-orders-etl (2026-11-02): predicted 500 s → 450 s, measured 10 min 0 s (off by 25%); it read 30% more data',
      },
    ],
    comparison: [
      { appKey: 'app-0', label: 'daily-orders-etl (2026-11-02)', startTime: T0 - 86_400_000, durationMs: 500_000, cost: 3.5, shuffleBytes: 1024 ** 3, spillBytes: 0, current: false },
      { appKey: 'app-1', label: 'daily-orders-etl (2026-11-03)', startTime: T0, durationMs: 600_000, cost: 4.2, shuffleBytes: 1024 ** 3, spillBytes: 74 * 1024 ** 2, current: true },
    ],
    similar: [{ appKey: 'app-0', label: 'daily-orders-etl (2026-11-02)', similarity: 0.93, durationMs: 500_000, reason: 'same job, input within 5%' }],
    generatedAt: T0 + 700_000,
  };
}

/** The sample model with HOSTILE in every string an event log, a workspace path or a setting can set. */
export function hostileModel(): ReportModel {
  const model = sampleModel();
  const s = model.summary;
  Object.assign(s, { appKey: HOSTILE, appId: HOSTILE, attemptId: HOSTILE, name: HOSTILE, label: HOSTILE, sparkVersion: HOSTILE, executorMemory: HOSTILE });
  s.cost = { amount: 4.2, currency: HOSTILE, basis: HOSTILE };
  const location = { file: PAYLOADS[3], line: 7 };
  model.findings = model.findings.map((f) => ({ ...f, ruleId: HOSTILE, message: HOSTILE, evidence: [{ run: HOSTILE, summary: HOSTILE, figures: {} }], location, expectedImprovement: HOSTILE }));
  // The first stage without a location: it is named by its (hostile) stage name; the others by their (hostile) path.
  model.timeline = model.timeline.map((t, index) => ({ ...t, name: HOSTILE, ...(index === 0 ? { location: undefined } : { location }) }));
  model.distributions = model.distributions.map((d) => ({ ...d, name: HOSTILE }));
  model.recommendations = model.recommendations.map((r) => ({ ...r, key: HOSTILE, current: HOSTILE, suggested: HOSTILE, reason: HOSTILE, where: HOSTILE, effect: sampleEffect(HOSTILE), location }));
  model.prediction = { ...model.prediction, correction: { ...model.prediction.correction, reason: HOSTILE }, effects: [{ change: HOSTILE, currentDurationMs: 1000, predictedDurationMs: 900, expected: HOSTILE }] };
  s.platform = HOSTILE;
  model.comparison = model.comparison.map((r) => ({ ...r, label: HOSTILE, appKey: HOSTILE }));
  model.similar = model.similar.map((r) => ({ ...r, label: HOSTILE, reason: HOSTILE }));
  model.validations = model.validations.map((v) => ({ ...v, key: HOSTILE, from: HOSTILE, used: HOSTILE, recommended: HOSTILE, recommendedFor: { appKey: HOSTILE, label: HOSTILE }, caveats: [HOSTILE], sentence: HOSTILE }));
  model.prediction.confidence = { ...model.prediction.confidence, reason: HOSTILE };
  return model;
}

/** A run with nothing measured: no stages, no executors, no what-if, no prediction, no other runs. */
export function emptyModel(): ReportModel {
  const model = sampleModel();
  Object.assign(model.summary, { durationMs: null, endTime: null, executors: 0, totalCores: 0, coresPerExecutor: null, executorMemory: null, efficiency: null, driverTimeMs: 0, executorTimeMs: 0, criticalPathMs: 0, idealTimeMs: 0, cost: null, totals: totals(0) });
  return {
    ...model,
    findings: [],
    timeline: [],
    distributions: [],
    utilisation: [],
    recommendations: [],
    whatIf: null,
    validations: [],
    prediction: { effects: [], replayError: null, confidence: { level: 'low', error: null, reason: 'the run cannot be replayed' }, correction: { shown: false, reason: 'not shown: a learned correction needs at least 3 runs of this job with 30 completed stages; the history has 1 run with 0 stages', runs: 1, samples: 0 } },
    comparison: [],
    similar: [],
  };
}

/** A big application: `stageCount` stages sharing `taskCount` tasks, a flag on every 7th stage, findings on every 3rd. */
export function largeModel(stageCount = 300, taskCount = 15_000): ReportModel {
  const model = sampleModel();
  const flags: StageFlag[][] = [['skewed'], ['spilling'], ['failed'], ['skewed', 'spilling']];
  const tasksPerStage = Math.floor(taskCount / stageCount);
  model.timeline = Array.from({ length: stageCount }, (_, i) => stage(i, `stage ${i} at jobs/etl.py:${i + 1}`, T0 + i * 2000, T0 + i * 2000 + 1000 + (i % 13) * 700, i % 7 === 0 ? flags[(i / 7) % flags.length]! : [], tasksPerStage));
  model.distributions = model.timeline.map((t) => ({ stageId: t.stageId, attemptId: 0, name: t.name, taskDuration: distribution(tasksPerStage, 100, 200 + t.stageId, 300 + t.stageId, 400 + t.stageId, 500 + t.stageId * 10) }));
  model.utilisation = Array.from({ length: 600 }, (_, i) => ({ time: T0 + i * 1000, busyCores: (i * 7) % 40, availableCores: 40 }));
  model.findings = model.timeline
    .filter((t) => t.stageId % 3 === 0)
    .map((t) => ({ ruleId: 'skewed-stage', severity: (['critical', 'warning', 'info'] as const)[t.stageId % 3 === 0 && t.stageId % 2 === 0 ? 0 : 1], message: `Stage ${t.stageId} is slow`, evidence: [{ run: 'r', summary: `stage ${t.stageId}`, figures: {} }], stageId: t.stageId }));
  model.summary.totals = totals(tasksPerStage * stageCount);
  model.summary.durationMs = stageCount * 2000 + 10_000;
  model.summary.endTime = T0 + model.summary.durationMs;
  return model;
}
