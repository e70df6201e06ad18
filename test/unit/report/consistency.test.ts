/**
 * The advice never contradicts itself, over every log in ../shared/eventlogs, every example log and
 * the generated platform runs (RAPIDS GPU with a failure cascade, Databricks, dynamic allocation), read through the real CLI (`import`, `report --format json`, `check --db --format json`): each
 * recommendation states a predicted gain, the prediction section and the findings repeat its figures,
 * the cluster sizing agrees with it, the platform's terms are kept, consequences never stand as
 * causes, "not available" means the same everywhere, and the editor's measured findings (what
 * `check` shows on the code) are the report JSON's findings of the same runs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIO } from '../../../server/src/cli/io';
import { run } from '../../../server/src/cli/run';
import type { ApplicationJson, ReportJson } from '../../../server/src/report/json';
import { ALL_RULES_LIST } from '../../../server/src/rules/registry';
import { jobKey } from '../../../server/src/common/jobIdentity';
import { formatDuration } from '../../../server/src/common/format';
import { writeEventLog } from '../../../scripts/eventlog-generator';
import { platformRuns } from '../../../scripts/eventlog-generator/platformRuns';
import { REPO_ROOT } from '../helpers/fixtures';
import { eventLogsDir } from '../helpers/sharedLogs';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CALLSITE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'callsite-workspace');
const STAGE_RULES = new Set(['task-skew', 'spill', 'gc-pressure', 'partition-sizing', 'stage-failures']);
const MEASURED_RULES = new Set(ALL_RULES_LIST.filter((rule) => rule.measured).map((rule) => rule.id));

interface CheckFinding {
  ruleId: string;
  line: number;
  message: string;
  evidence: Array<{ run: string; summary: string; figures?: Record<string, number> }>;
}

async function cli(cwd: string, args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { cwd, env: {}, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  const code = await run(args, io);
  assert.ok(code === 0 || (code === 1 && args[0] === 'check'), `spark-advisor ${args.join(' ')}: exit ${code}\n${err.join('')}`);
  return out.join('');
}

/** "cost −24%" / "core-hours +3.5%" in an Expected sentence, as a signed fraction. */
function statedCostChange(expected: string): number | undefined {
  const match = /(?:cost|core-hours) ([−+])(\d+(?:\.\d+)?)%/.exec(expected);
  return match ? (match[1] === '−' ? -1 : 1) * (Number(match[2]) / 100) : undefined;
}

describe('report consistency over every shared and example log', function () {
  this.timeout(900_000);
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-consistency-'));
  const db = path.join(temporary, 'history.sqlite');
  const workspaces = [EXAMPLES, CALLSITE_WORKSPACE];
  const reports = new Map<string, ReportJson>();
  const checks = new Map<string, Array<CheckFinding & { file: string }>>();
  let applications: ApplicationJson[] = [];

  before(async () => {
    assert.ok(fs.existsSync(eventLogsDir()), `the shared event logs are missing at ${eventLogsDir()}`);
    const generated = path.join(temporary, 'platforms');
    fs.mkdirSync(generated);
    for (const platformRun of platformRuns()) await writeEventLog(platformRun, path.join(generated, platformRun.appId));
    await cli(EXAMPLES, ['import', eventLogsDir(), path.join(EXAMPLES, 'eventlogs'), generated, '--db', db]);
    for (const workspace of workspaces) {
      reports.set(workspace, JSON.parse(await cli(workspace, ['report', '--format', 'json', '--db', db])) as ReportJson);
      const checked = JSON.parse(await cli(workspace, ['check', '.', '--db', db, '--format', 'json'])) as { files: Array<{ path: string; findings: CheckFinding[] }> };
      checks.set(workspace, checked.files.flatMap((file) => file.findings.map((finding) => ({ ...finding, file: file.path }))));
    }
    applications = reports.get(EXAMPLES)!.applications;
  });
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  it('reads every log: the shared ones and the examples', () => {
    assert.ok(applications.length >= 40, `${applications.length} applications`);
    assert.strictEqual(reports.get(EXAMPLES)!.schema, 'spark-advisor-report');
  });

  it('makes no recommendation without a predicted gain, and states it', () => {
    let recommendations = 0;
    for (const app of applications) {
      for (const r of app.recommendations) {
        recommendations++;
        const label = `${app.label}: ${r.key} → ${r.suggested}: ${r.effect.expected}`;
        assert.match(r.effect.expected, /^Expected: /, label);
        if (!r.effect.runEnded) {
          assert.ok(r.effect.stages.some((s) => s.afterMs < s.beforeMs), label);
          continue;
        }
        const saved = r.effect.durationMs - r.effect.predictedDurationMs;
        const faster = saved >= 2000 && saved >= 0.02 * r.effect.durationMs;
        const costChange = statedCostChange(r.effect.expected);
        const cheaper = costChange !== undefined && costChange <= -0.02 && r.effect.predictedDurationMs <= r.effect.durationMs * 1.1;
        assert.ok(faster || cheaper, `no gain: ${label}`);
        assert.ok(r.effect.expected.includes(`run ${formatDuration(r.effect.durationMs)} → ${formatDuration(r.effect.predictedDurationMs)}`), label);
        for (const s of r.effect.stages) assert.ok(r.effect.expected.includes(`stage ${s.stageId} ${s.afterMs < s.beforeMs ? '−' : '+'}`), label);
      }
    }
    assert.ok(recommendations >= 10, `${recommendations} recommendations in all`);
  });

  it('repeats each recommendation\'s figures in the prediction section and the findings, never other ones', () => {
    for (const app of applications) {
      assert.deepStrictEqual(
        app.prediction.effects,
        app.recommendations.map((r) => ({ change: `${r.key} ${r.current ?? '(default)'} → ${r.suggested}${r.together && r.together.length > 0 ? ` (with ${r.together.map((s) => `${s.key} ${s.suggested}`).join(', ')})` : ''}`, currentDurationMs: r.effect.runEnded ? r.effect.durationMs : null, predictedDurationMs: r.effect.runEnded ? r.effect.predictedDurationMs : null, expected: r.effect.expected })),
        app.label,
      );
      const keys = app.recommendations.flatMap((r) => [r.key, ...(r.together ?? []).map((s) => s.key)]);
      assert.strictEqual(new Set(keys).size, keys.length, `${app.label}: a key recommended twice`);
      // One Expected sentence per change: settings changed together are not recommended apart.
      assert.strictEqual(new Set(app.recommendations.map((r) => r.effect.expected)).size, app.recommendations.length, `${app.label}: two recommendations state the same effect`);
      for (const finding of app.findings) {
        if (!finding.expectedImprovement) continue;
        const match = /^(\S+) → (\S+): stage (\d+) (.+) → (.+) \(see Configuration\)$/.exec(finding.expectedImprovement);
        assert.ok(match, finding.expectedImprovement);
        const r = app.recommendations.find((candidate) => candidate.key === match[1] && candidate.suggested === match[2]);
        const moved = r?.effect.stages.find((s) => s.stageId === Number(match[3]));
        assert.ok(moved && moved.afterMs < moved.beforeMs && formatDuration(moved.beforeMs) === match[4] && formatDuration(moved.afterMs) === match[5], `${app.label}: ${finding.expectedImprovement}`);
      }
    }
  });

  it('sizes the cluster one way: the what-if\'s cheapest size near the fastest agrees with any executor-count recommendation', () => {
    for (const app of applications) {
      const sizing = app.recommendations.find((r) => ['spark.executor.instances', 'spark.dynamicAllocation.maxExecutors', 'Workers'].includes(r.key));
      if (!sizing || !app.whatIf || sizing.current === null) continue;
      const points = app.whatIf.simulated;
      const fastest = Math.min(...points.map((p) => p.durationMs));
      const near = points.filter((p) => p.durationMs <= fastest * 1.1);
      const price = (p: (typeof points)[number]) => p.cost ?? p.cores * p.durationMs;
      const pick = near.reduce((a, b) => (price(b) < price(a) ? b : a));
      const more = Number(sizing.suggested) > Number(sizing.current);
      assert.ok(more ? pick.cores >= app.whatIf.observedCores : pick.cores <= app.whatIf.observedCores, `${app.label}: ${sizing.key} ${sizing.current} → ${sizing.suggested} but the what-if picks ${pick.cores} of ${app.whatIf.observedCores} cores`);
    }
  });

  it('keeps to the platform: no JVM-heap advice on GPU runs, workers on Databricks, maxExecutors under dynamic allocation, no executors in local mode', () => {
    for (const app of applications) {
      const keys = app.recommendations.map((r) => r.key);
      if (/RAPIDS GPU/.test(app.platform)) assert.deepStrictEqual(keys.filter((k) => /^spark\.(executor\.memory|memory\.fraction)$/.test(k)), [], app.label);
      if (/^Databricks/.test(app.platform)) assert.deepStrictEqual(keys.filter((k) => /^spark\.executor\.(instances|memory|cores)$/.test(k)), [], app.label);
      if (/dynamic allocation|autoscaling/.test(app.platform)) assert.ok(!keys.includes('spark.executor.instances'), app.label);
      if (/local mode/.test(app.platform)) assert.deepStrictEqual(keys.filter((k) => /^spark\.(executor\.(instances|memory|cores)|dynamicAllocation\.)/.test(k)), [], app.label);
      for (const r of app.recommendations) assert.ok(r.where.length > 0 && (r.kind === 'cluster' || r.key.startsWith('spark.')), `${app.label}: ${r.key}`);
    }
  });

  it('lists causes, not consequences: a stage cancelled because the application stopped is under its root failure', () => {
    let grouped = 0;
    for (const app of applications) {
      for (const finding of app.findings) {
        assert.doesNotMatch(finding.message, /cancelled because SparkContext was shut down|SparkContext (was|has been) shut ?down/i, `${app.label}: ${finding.message}`);
        grouped += finding.consequences.length;
      }
    }
    assert.ok(grouped > 0, 'some log has a failure with consequences');
  });

  it('says "not available" the same way everywhere: a run that never ended has no duration, efficiency, cost or run total', () => {
    let incomplete = 0;
    for (const app of applications) {
      if (app.completed && app.durationMs !== null) continue;
      incomplete++;
      assert.strictEqual(app.durationMs, null, app.label);
      assert.strictEqual(app.efficiency, null, app.label);
      assert.strictEqual(app.cost, null, app.label);
      for (const r of app.recommendations) {
        assert.strictEqual(r.effect.runEnded, false, `${app.label}: ${r.key}`);
        assert.doesNotMatch(r.effect.expected, /run \d/, `${app.label}: ${r.effect.expected}`);
      }
      for (const e of app.prediction.effects) assert.strictEqual(e.currentDurationMs, null, app.label);
    }
    assert.ok(incomplete >= 2, `${incomplete} runs that never ended`);
  });

  it('shows in the editor exactly the report JSON\'s measured findings of the latest run of each job', () => {
    let compared = 0;
    for (const workspace of workspaces) {
      const report = reports.get(workspace)!;
      // The editor shows the latest run of each job (by name); the JSON lists every run.
      const latest = new Map<string, ApplicationJson>();
      for (const app of report.applications) {
        const job = jobKey(app.name ?? app.appKey);
        const seen = latest.get(job);
        if (!seen || (app.startTime ?? 0) > (seen.startTime ?? 0)) latest.set(job, app);
      }
      const fromJson = new Map<string, string[]>();
      for (const app of latest.values()) {
        for (const finding of app.findings) {
          if (!STAGE_RULES.has(finding.rule) || !finding.location) continue;
          const key = `${path.relative(workspace, finding.location.file).split(path.sep).join('/')}:${finding.location.line} ${finding.rule}`;
          fromJson.set(key, [...(fromJson.get(key) ?? []), finding.message]);
        }
      }
      const editor = checks.get(workspace)!.filter((f) => STAGE_RULES.has(f.ruleId) && MEASURED_RULES.has(f.ruleId));
      assert.deepStrictEqual(editor.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort(), [...fromJson.keys()].sort(), workspace);
      for (const finding of editor) {
        const messages = fromJson.get(`${finding.file}:${finding.line} ${finding.ruleId}`)!;
        assert.ok(messages.some((message) => finding.message.startsWith(message)), `${finding.file}:${finding.line} ${finding.ruleId}: "${finding.message}" is none of ${JSON.stringify(messages)}`);
        compared++;
      }
      // Measured broadcast findings in the code name a join the JSON lists for the same run.
      for (const finding of checks.get(workspace)!.filter((f) => f.ruleId === 'missing-broadcast' && f.message.startsWith('In '))) {
        const measured = finding.evidence[0]!;
        const app = report.applications.find((a) => a.label === measured.run);
        assert.ok(app?.findings.some((f) => f.rule === 'missing-broadcast' && f.executionId === measured.figures?.['executionId']), `${finding.file}:${finding.line}: ${finding.message}`);
        compared++;
      }
    }
    assert.ok(compared >= 8, `${compared} findings compared`);
  });
});
