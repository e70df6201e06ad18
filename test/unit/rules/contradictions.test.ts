/** A finding read from the code, weighed against what the latest run measured on its line. */
import * as assert from 'assert';
import { emptyTotals } from '../../../server/src/history/eventlog/fold';
import type { Distribution } from '../../../server/src/history/eventlog/types';
import type { FileHistory, StageRun } from '../../../server/src/history/evidence';
import { weighAgainstRuns } from '../../../server/src/rules/contradictions';
import { skewVerdict } from '../../../server/src/verdicts/stage';
import type { Finding } from '../../../server/src/rules/types';

const run = { appKey: 'app-1/', appName: 'nightly', job: 'nightly', startTime: 1, label: 'nightly (2026-11-03)' };
const span = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });
const finding = (ruleId: string, line: number): Finding => ({ ruleId, severity: 'warning', message: 'm', span: span(line), fixes: [], evidence: [], related: [] });
const durations = (p50: number, max: number): Distribution => ({ count: 200, min: p50 / 2, max, mean: p50, p5: p50, p25: p50, p50, p75: p50, p95: p50, exact: true });

function stage(line: number, extra: Partial<StageRun> = {}): StageRun {
  return { run, line, origin: 'write-target', stageId: 7, attemptId: 0, status: 'complete', numTasks: 200, tasks: { ...emptyTotals(), tasks: 200 }, slowestTasks: [], cachedRdds: [], verdicts: {}, ...extra };
}
const history = (stages: StageRun[]): FileHistory => ({ runs: [run], stages, executions: [] });

describe('findings weighed against the latest run', () => {
  it('lowers collect-unbounded when the collecting job read a few KB, and says so first', () => {
    const [weighed] = weighAgainstRuns([finding('collect-unbounded', 89)], history([stage(89, { tasks: { ...emptyTotals(), tasks: 1, inputBytes: 62_000 }, durationMs: 684 })]));
    assert.strictEqual(weighed!.severity, 'information');
    assert.match(weighed!.evidence[0]!.summary, /^measured 60\.5 KB read in 1 task \(684 ms\)/);
  });

  it('counts the stages of the collect placed on their cause elsewhere, and keeps the warning for large reads', () => {
    const placed = stage(50, { placement: { sinkLine: 53, operation: 'Scan parquet' }, tasks: { ...emptyTotals(), tasks: 40, inputBytes: 3 * 1024 ** 3 } });
    const [weighed] = weighAgainstRuns([finding('collect-unbounded', 53)], history([placed]));
    assert.strictEqual(weighed!.severity, 'warning');
  });

  it('lowers skew-prone-join when its join stage ran evenly, not when it was skewed', () => {
    const even = stage(112, { placement: { sinkLine: 118, operation: 'SortMergeJoin' }, taskDuration: durations(9000, 11000) });
    assert.strictEqual(weighAgainstRuns([finding('skew-prone-join', 112)], history([even]))[0]!.severity, 'information');
    const skewedFigures = { ...even, taskDuration: durations(9000, 437_000) };
    const verdict = skewVerdict(skewedFigures);
    assert.ok(verdict, 'the verdict engine calls 437 s against 9 s skew');
    const skewed = { ...skewedFigures, verdicts: { 'task-skew': verdict } };
    assert.strictEqual(weighAgainstRuns([finding('skew-prone-join', 112)], history([skewed]))[0]!.severity, 'warning');
  });

  it('leaves a hint a hint, without calling it information', () => {
    const hint = { ...finding('collect-unbounded', 89), severity: 'hint' as const };
    const [weighed] = weighAgainstRuns([hint], history([stage(89, { tasks: { ...emptyTotals(), tasks: 1, inputBytes: 62_000 } })]));
    assert.deepStrictEqual(weighed, hint);
  });

  it('leaves findings alone without measurements on their line', () => {
    const findings = [finding('collect-unbounded', 10), finding('skew-prone-join', 20)];
    assert.deepStrictEqual(weighAgainstRuns(findings, history([stage(30)])), findings);
  });
});
