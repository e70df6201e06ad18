/**
 * pyspark/sessionize_clickstream.py, two nightly runs on the analytics cluster (AQE off there, 200
 * shuffle partitions). The global `Window.orderBy("ts")` of line 70 runs in one task that spills;
 * the join on account_id at line 113, right after `fillna({"account_id": "guest"})`, sends every
 * logged-out session to one partition: one task runs ~412 s while the median is ~9 s.
 */
import type { JobRunDescription } from '../types';
import { aggregate, exchange, fileScan, filter, project, sort, sortMergeJoin, stage, tableScan, window, write } from './dsl';
import type { ExampleLog } from './example';
import { GB, KB, MB, py4jCallSite, pythonCallSite, pythonDetails, utc } from './frames';

const SCRIPT = 'sessionize_clickstream.py';
const SESSIONS_PATH = 's3://acme-lake/curated/analytics/web_sessions';
const EVENT_COLUMNS = ['event_id', 'user_id', 'account_id', 'ts', 'event_type', 'page_url', 'referrer', 'user_agent', 'geo_country', 'order_value'];
const SESSION_COLUMNS = ['account_id', 'session_id', 'user_id', 'session_start', 'session_end', 'first_event_number', 'events', 'page_views', 'converted', 'revenue', 'country_code', 'landing_referrer', 'duration_seconds', 'session_date', 'plan_tier', 'account_created_at'];

/** Cluster defaults of the analytics cluster, where these jobs run. */
export const ANALYTICS_CLUSTER_CONF: Record<string, string> = {
  'spark.sql.adaptive.enabled': 'false',
  'spark.sql.files.maxPartitionBytes': '256m',
  'spark.eventLog.compress': 'true',
  'spark.eventLog.compression.codec': 'zstd',
};

function run(day: { runDate: string; appId: string; start: number; scale: number; skewMs: number; skewBytes: number }): JobRunDescription {
  const s = day.scale;
  const rawRows = 318_000_000 * s;
  const events = 301_500_000 * s;
  const sessions = 21_400_000 * s;
  const jsonScan = fileScan('json', `s3://acme-lake/landing/tracking/clickstream/dt=${day.runDate}/`, EVENT_COLUMNS, 42 * GB * s, rawRows, { files: 336 });
  const deduped = aggregate('final', ['event_id'], ['first(user_id)', 'first(account_id)', 'first(ts)', 'first(event_type)', 'first(referrer)', 'first(geo_country)', 'first(order_value)'], events, exchange('hashpartitioning(event_id, 200)', 61 * GB * s, events * 1.01, aggregate('partial', ['event_id'], ['first(user_id)', 'first(account_id)', 'first(ts)', 'first(event_type)', 'first(referrer)', 'first(geo_country)', 'first(order_value)'], events * 1.01, filter('(event_type IN (page_view,product_view,add_to_cart,checkout,purchase) AND (isnull(user_agent) OR NOT RLIKE(user_agent, (?i)bot|crawl|spider|...)))', events * 1.02, jsonScan))));
  const withCountry = project([...EVENT_COLUMNS.filter((c) => c !== 'user_agent' && c !== 'page_url' && c !== 'geo_country'), 'country_code'], { op: 'python-udf', udfs: ['<lambda>(geo_country)'], rows: events, child: deduped });
  const numbered = window(['row_number()'], [], ['ts'], sort(['ts'], false, exchange('SinglePartition', 38 * GB * s, events, withCountry)), { memoryBytes: 3.1 * GB * s, diskBytes: 905 * MB * s });
  const sessionized = window(['lag(ts, 1, null)', 'sum(is_session_start)'], ['user_id'], ['ts'], sort(['user_id', 'ts'], false, exchange('hashpartitioning(user_id, 200)', 39 * GB * s, events, project([...EVENT_COLUMNS.slice(0, 5), 'event_number'], numbered))));
  const perSession = aggregate('final', ['session_id', 'user_id'], ['min(ts)', 'max(ts)', 'min(event_number)', 'count(1)', 'sum(page_view)', 'max(purchase)', 'sum(order_value)', 'first(country_code)', 'first(referrer)', 'max(account_id)'], sessions, exchange('hashpartitioning(session_id, user_id, 200)', 3.9 * GB * s, sessions * 1.4, aggregate('partial', ['session_id', 'user_id'], ['min(ts)', 'max(ts)', 'min(event_number)', 'count(1)', 'sum(page_view)', 'max(purchase)', 'sum(order_value)', 'first(country_code)', 'first(referrer)', 'max(account_id)'], sessions * 1.4, project(['session_id', 'user_id', 'ts', 'event_number', 'event_type', 'order_value', 'country_code', 'referrer', 'account_id'], sessionized))));
  const filled = project(['coalesce(account_id, guest) AS account_id', ...SESSION_COLUMNS.slice(1, 14)], perSession);
  const accounts = tableScan('crm.accounts', ['account_id', 'plan_tier', 'account_created_at'], 2.4 * GB, 9_800_000, { files: 19 });
  const joined = sortMergeJoin(['account_id'], 'LeftOuter', sessions, exchange('hashpartitioning(account_id, 200)', 5.6 * GB * s, sessions, filled), exchange('hashpartitioning(account_id, 200)', 610 * MB, 9_800_000, accounts));

  return {
    appId: day.appId,
    appName: 'sessionize-clickstream',
    sparkVersion: '3.5.1',
    startTime: day.start,
    user: 'analytics',
    language: 'python',
    entryPoint: `/opt/jobs/pyspark/${SCRIPT}`,
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { ...ANALYTICS_CLUSTER_CONF },
    actions: [
      {
        callSite: pythonCallSite('collect', SCRIPT, 103),
        details: pythonDetails('collect'),
        plan: tableScan('ops.bot_user_agents', ['pattern', 'added_by', 'added_at'], 6 * KB, 41, { files: 1 }),
        stages: [stage(1, 520)],
      },
      {
        callSite: py4jCallSite('parquet'),
        details: pythonDetails('parquet'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: SESSIONS_PATH,
          mode: 'Overwrite',
          partitionBy: ['session_date'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: SESSION_COLUMNS,
          bytes: 1.7 * GB * s,
          rows: sessions,
          files: 200,
          child: project(SESSION_COLUMNS, joined),
        }),
        driverTimeMs: 9_500,
        stages: [
          stage(168, 24_000, { spread: 0.2 }),
          stage(200, 11_000, { spread: 0.2 }),
          stage(1, 1_020_000),
          stage(200, 8_000, { spread: 0.22 }),
          stage(200, 4_000, { spread: 0.2 }),
          stage(10, 6_500),
          stage(200, 9_000, { spread: 0.25, skew: { tasks: 1, durationMs: day.skewMs, bytes: day.skewBytes } }),
        ],
      },
    ],
  };
}

const DAYS = [
  { runDate: '2026-11-01', appId: 'app-20261102033000-0004.zstd', start: utc(2026, 11, 2, 3, 30, 2), scale: 1, skewMs: 412_000, skewBytes: 1.2 * GB },
  { runDate: '2026-11-02', appId: 'app-20261103033000-0003.zstd', start: utc(2026, 11, 3, 3, 30, 4), scale: 1.06, skewMs: 437_000, skewBytes: 1.27 * GB },
];

export const sessionizeClickstream: ExampleLog[] = DAYS.map((day) => {
  const appId = day.appId.replace(/\.zstd$/, '');
  const described = run({ ...day, appId });
  return {
    file: day.appId,
    job: `pyspark/${SCRIPT}`,
    run: described,
    highlights: [
      { action: 1, stage: 2, line: `${SCRIPT}:70`, shows: 'Window row_number() over orderBy(ts) without partitionBy: Exchange SinglePartition, 1 task of 17 min spilling ~3 GiB (memory) / ~0.9 GiB (disk)' },
      { action: 1, stage: 6, line: `${SCRIPT}:113`, shows: `SortMergeJoin on account_id after fillna("guest"): 200 tasks, median 9 s, one task ${Math.round(day.skewMs / 1000)} s reading ${(day.skewBytes / GB).toFixed(2)} GiB of shuffle` },
    ],
  };
});
