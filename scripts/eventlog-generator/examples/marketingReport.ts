/**
 * pyspark/marketing_report.py, two weekly runs on the analytics cluster (AQE off). The code sets
 * spark.sql.shuffle.partitions to 2000 (line 64, a session setting: every execution's
 * modifiedConfigs), so every post-shuffle stage runs 2000 tiny tasks (~40 KiB of shuffle each, tens
 * of ms). campaign_perf (line 75) is not cached, so its scans and join run again for the country
 * write and for toPandas (line 118); dim_country (~30 KiB) is sort-merge-joined at line 99. The
 * conversions scan spends ~25 % of its time in GC; in the second run an executor is lost during the
 * country write and a stage is retried after FetchFailed.
 */
import type { JobRunDescription, PlanNode, StageDescription } from '../types';
import { aggregate, exchange, fileScan, filter, project, sortMergeJoin, stage, tableScan, write } from './dsl';
import type { ExampleLog } from './example';
import { KB, MB, py4jCallSite, pythonCallSite, pythonDetails, utc } from './frames';
import { ANALYTICS_CLUSTER_CONF } from './sessionizeClickstream';

const SCRIPT = 'marketing_report.py';
const SPEND_PATH = 's3://acme-lake/curated/marketing/ad_spend_daily';
const CONVERSIONS_PATH = 's3://acme-lake/curated/marketing/attributed_conversions_daily';
const CAMPAIGN_OUT = 's3://acme-lake/marts/marketing/campaign_performance';
const COUNTRY_OUT = 's3://acme-lake/marts/marketing/country_performance';
const KEYS = ['campaign_id', 'country_code', 'event_date'];
const CAMPAIGN_COLUMNS = ['campaign_id', 'campaign_name', 'channel', 'country_code', 'spend_usd', 'impressions', 'clicks', 'conversions', 'revenue_usd', 'roas', 'week_start'];
const SUMS = ['sum(spend_usd)', 'sum(impressions)', 'sum(clicks)', 'sum(conversions)', 'sum(revenue_usd)'];
const P = 2000;

interface Week {
  weekStart: string;
  weekEnd: string;
  appId: string;
  start: number;
  scale: number;
  /** Second run: an executor dies during the country write. */
  fetchFailure: boolean;
}

function inWeek(week: Week): string {
  return `((isnotnull(event_date) AND (event_date >= ${week.weekStart})) AND (event_date <= ${week.weekEnd}))`;
}

/** spend ⋈ conversions → per-campaign sums: what every action recomputes (campaign_perf is never cached). */
function campaignPerf(week: Week, partial: boolean): PlanNode {
  const s = week.scale;
  const spend = filter(inWeek(week), 1_930_000 * s, fileScan('parquet', SPEND_PATH, ['campaign_id', 'campaign_name', 'channel', 'country_code', 'event_date', 'spend_usd', 'impressions', 'clicks'], 148 * MB * s, 1_930_000 * s, { files: 14 }));
  const conversions = filter(inWeek(week), 1_610_000 * s, fileScan('delta', CONVERSIONS_PATH, ['campaign_id', 'country_code', 'event_date', 'conversions', 'revenue_usd'], 212 * MB * s, 1_610_000 * s, { files: 22 }));
  const joined = sortMergeJoin(KEYS, 'LeftOuter', 1_930_000 * s, exchange(`hashpartitioning(campaign_id, country_code, event_date, ${P})`, 101 * MB * s, 1_930_000 * s, spend), exchange(`hashpartitioning(campaign_id, country_code, event_date, ${P})`, 77 * MB * s, 1_610_000 * s, conversions));
  const partialAgg = aggregate('partial', ['campaign_id', 'campaign_name', 'channel', 'country_code'], SUMS, 296_000 * s, project(['campaign_id', 'campaign_name', 'channel', 'country_code', 'spend_usd', 'impressions', 'clicks', 'conversions', 'revenue_usd'], joined));
  if (partial) return partialAgg;
  return project(CAMPAIGN_COLUMNS, aggregate('final', ['campaign_id', 'campaign_name', 'channel', 'country_code'], SUMS, 41_800 * s, exchange(`hashpartitioning(campaign_id, campaign_name, channel, country_code, ${P})`, 78 * MB * s, 296_000 * s, partialAgg)));
}

/** Stages of campaignPerf: the two scans, then the 2000 tiny join tasks. */
function campaignStages(week: Week, gcHeavy: boolean): StageDescription[] {
  return [stage(14, 2_900, { spread: 0.2 }), stage(22, gcHeavy ? 6_800 : 4_100, { spread: 0.2, gcFraction: gcHeavy ? 0.25 : 0.05 }), tiny(week)];
}

/** One of the 2000-task stages: ~40 KiB of shuffle and tens of ms per task. */
function tiny(week: Week, extra: Partial<StageDescription> = {}): StageDescription {
  return stage(P, 38 * week.scale, { spread: 0.35, ...extra });
}

function run(week: Week): JobRunDescription {
  const s = week.scale;
  const campaign = campaignPerf(week, false);
  const countryAgg = aggregate('final', ['week_start', 'country_code'], ['sum(clicks)', 'sum(conversions)', 'sum(revenue_usd)', 'sum(spend_usd)', 'sum(impressions)'], 64, exchange(`hashpartitioning(week_start, country_code, ${P})`, 2.1 * MB * s, 41_800 * s, aggregate('partial', ['week_start', 'country_code'], ['sum(clicks)', 'sum(conversions)', 'sum(revenue_usd)', 'sum(spend_usd)', 'sum(impressions)'], 41_800 * s, campaign)));
  const countries = tableScan('default.dim_country', ['country_code', 'country_name', 'region', 'currency'], 30 * KB, 249, { files: 1 });
  const countryJoin = sortMergeJoin(['country_code'], 'LeftOuter', 64, exchange(`hashpartitioning(country_code, ${P})`, 6_144, 64, countryAgg), exchange(`hashpartitioning(country_code, ${P})`, 30 * KB, 249, countries));
  const rates = ['clicks', 'conversions', 'revenue_usd', 'spend_usd'].map((m) => `${m}_per_1k_impressions`);
  const countryStages: StageDescription[] = [
    ...campaignStages(week, false),
    tiny(week),
    tiny(week, week.fetchFailure ? { fetchFailure: { completedTasks: 1_262, fetchFailedTasks: 14, parentTasksRerun: 212 } } : {}),
    stage(1, 690),
    tiny(week),
  ];

  return {
    appId: week.appId,
    appName: 'marketing-weekly-report',
    sparkVersion: '3.5.1',
    startTime: week.start,
    user: 'analytics',
    language: 'python',
    entryPoint: `/opt/jobs/pyspark/${SCRIPT}`,
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { ...ANALYTICS_CLUSTER_CONF },
    sessionConf: { 'spark.sql.shuffle.partitions': `${P}` },
    actions: [
      {
        callSite: py4jCallSite('count'),
        details: pythonDetails('count'),
        plan: aggregate('final', [], ['count(1)'], 1, exchange('SinglePartition', 14 * 64, 14, aggregate('partial', [], ['count(1)'], 14, filter(inWeek(week), 1_930_000 * s, fileScan('parquet', SPEND_PATH, ['event_date'], 9 * MB * s, 1_930_000 * s, { files: 14 }))))),
        stages: [stage(14, 900), stage(1, 60)],
      },
      {
        callSite: py4jCallSite('parquet'),
        details: pythonDetails('parquet'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: CAMPAIGN_OUT,
          mode: 'Overwrite',
          partitionBy: ['week_start'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: CAMPAIGN_COLUMNS,
          bytes: 3.4 * MB * s,
          rows: 41_800 * s,
          files: P,
          child: campaign,
        }),
        stages: [...campaignStages(week, true), tiny(week)],
      },
      {
        callSite: py4jCallSite('parquet'),
        details: pythonDetails('parquet'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: COUNTRY_OUT,
          mode: 'Overwrite',
          partitionBy: ['week_start'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: ['week_start', 'country_code', 'clicks', 'conversions', 'revenue_usd', 'spend_usd', 'impressions', 'country_name', 'region', 'currency', ...rates],
          bytes: 22 * KB,
          rows: 64,
          files: 64,
          child: project(['week_start', 'country_code', ...rates], countryJoin),
        }),
        stages: countryStages,
      },
      {
        callSite: pythonCallSite('toPandas', SCRIPT, 118),
        details: pythonDetails('collect'),
        plan: { op: 'limit', limit: 20, orderBy: ['roas'], columns: ['campaign_name', 'channel', 'country_code', 'spend_usd', 'revenue_usd', 'roas'], child: project(['campaign_name', 'channel', 'country_code', 'spend_usd', 'revenue_usd', 'roas'], filter('(isnotnull(spend_usd) AND (spend_usd >= 500.0))', 9_300 * s, campaign)) },
        stages: [...campaignStages(week, false), tiny(week)],
      },
    ],
  };
}

const WEEKS: Week[] = [
  { weekStart: '2026-10-26', weekEnd: '2026-11-01', appId: 'app-20261102070000-0006', start: utc(2026, 11, 2, 7, 0, 3), scale: 1, fetchFailure: false },
  { weekStart: '2026-11-02', weekEnd: '2026-11-08', appId: 'app-20261109070000-0005', start: utc(2026, 11, 9, 7, 0, 2), scale: 1.04, fetchFailure: true },
];

export const marketingReport: ExampleLog[] = WEEKS.map((week) => ({
  file: `${week.appId}.zstd`,
  job: `pyspark/${SCRIPT}`,
  run: run(week),
  highlights: [
    { action: 1, stage: 1, line: `${SCRIPT}:68`, shows: 'conversions scan (Delta): GC ≈ 25 % of executor run time' },
    { action: 1, stage: 2, line: `${SCRIPT}:64`, shows: `spark.sql.shuffle.partitions=${P} (modifiedConfigs): ${P} tasks of ~40 KiB shuffle read and tens of ms each` },
    { action: 2, stage: 6, line: `${SCRIPT}:99`, shows: 'SortMergeJoin with dim_country (exchange data size 30 KiB) before the country write' },
    ...(week.fetchFailure ? [{ action: 2, stage: 4, line: `${SCRIPT}:110`, shows: 'executor lost: attempt 0 fails with 14 FetchFailed tasks, its parent re-runs 212 map tasks, attempt 1 runs the remaining 738 partitions' }] : []),
    { action: 3, stage: 3, line: `${SCRIPT}:118`, shows: 'toPandas: campaign_perf (line 75) recomputed a third time, scans and 2000-task join included' },
  ],
}));
