/**
 * scala/…/UserSessionsJob.scala, one nightly run with AQE switched off (as the job itself does at
 * line 26). The global `Window.orderBy("event_ts")` of line 42 funnels every event through one task
 * that runs for ~20 minutes.
 */
import type { JobRunDescription } from '../types';
import { aggregate, exchange, fileScan, project, sort, stage, window, write } from './dsl';
import { ETL_CLUSTER_CONF } from './dailyOrdersEtl';
import type { ExampleLog } from './example';
import { GB, MB, scalaAppDetails, scalaCallSite, utc } from './frames';

const CLASS = 'com.acme.etl.UserSessionsJob';
const FILE = 'UserSessionsJob.scala';
const OBJECT_LINE = 17;
const RUN_DATE = '2026-11-01';
const EVENT_COLUMNS = ['event_id', 'user_id', 'email', 'event_ts', 'event_name', 'screen', 'app_version', 'platform'];
const SESSION_COLUMNS = ['session_id', 'user_id', 'platform', 'started_at', 'ended_at', 'first_global_seq', 'event_count', 'screens_viewed', 'email', 'app_version', 'duration_seconds', 'session_date'];
const AGG = ['min(event_ts)', 'max(event_ts)', 'min(global_seq)', 'count(1)', 'count(distinct screen)', 'max(email)', 'max(app_version)'];

function run(): JobRunDescription {
  const events = 188_000_000;
  const sessions = 11_900_000;
  const scan = (columns: string[], bytes: number) => fileScan('parquet', `s3://acme-lake/landing/app-events/dt=${RUN_DATE}`, columns, bytes, events, { files: 88 });
  const normalized = project(['event_id', 'user_id', 'UDF(email) AS email', 'event_ts', 'screen', 'app_version', 'platform'], scan(EVENT_COLUMNS, 10.9 * GB));
  const numbered = window(['row_number()'], [], ['event_ts'], sort(['event_ts'], false, exchange('SinglePartition', 21 * GB, events, normalized)), { memoryBytes: 2.2 * GB, diskBytes: 710 * MB });
  const sessionized = window(['lag(event_ts, 1, null)', 'sum(new_session)'], ['user_id'], ['event_ts'], sort(['user_id', 'event_ts'], false, exchange('hashpartitioning(user_id, 200)', 22 * GB, events, numbered)));
  const perSession = aggregate('final', ['session_id', 'user_id', 'platform'], AGG, sessions, exchange('hashpartitioning(session_id, user_id, platform, 200)', 2.3 * GB, sessions * 1.3, aggregate('partial', ['session_id', 'user_id', 'platform'], AGG, sessions * 1.3, sessionized)));
  return {
    appId: 'app-20261102051500-0009',
    appName: `app-sessions-${RUN_DATE}`,
    sparkVersion: '3.4.1',
    startTime: utc(2026, 11, 2, 5, 15, 3),
    user: 'etl',
    language: 'scala',
    entryPoint: CLASS,
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { ...ETL_CLUSTER_CONF, 'spark.sql.adaptive.enabled': 'false' },
    actions: [
      {
        callSite: scalaCallSite('count', FILE, 34),
        details: scalaAppDetails('count', CLASS, 34, OBJECT_LINE),
        plan: aggregate('final', [], ['count(1)'], 1, exchange('SinglePartition', 88 * 64, 88, aggregate('partial', [], ['count(1)'], 88, scan([], 31 * MB)))),
        stages: [stage(88, 700, { spread: 0.15 }), stage(1, 45)],
      },
      {
        callSite: scalaCallSite('parquet', FILE, 65),
        details: scalaAppDetails('parquet', CLASS, 65, OBJECT_LINE),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: 's3://acme-lake/curated/analytics/app_sessions',
          mode: 'Overwrite',
          partitionBy: ['session_date'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: SESSION_COLUMNS,
          bytes: 940 * MB,
          rows: sessions,
          files: 200,
          child: project(SESSION_COLUMNS, perSession),
        }),
        driverTimeMs: 3_400,
        stages: [stage(88, 21_000, { spread: 0.15 }), stage(1, 1_214_000), stage(200, 7_800, { spread: 0.2 }), stage(200, 3_100, { spread: 0.2 })],
      },
    ],
  };
}

export const userSessionsJob: ExampleLog[] = [
  {
    file: 'app-20261102051500-0009',
    job: 'scala/src/main/scala/com/acme/etl/UserSessionsJob.scala',
    run: run(),
    highlights: [
      { action: 1, stage: 1, line: `${FILE}:42`, shows: 'row_number() over Window.orderBy("event_ts") without partitionBy: Exchange SinglePartition, 1 task of ~20 min (AQE off, line 26)' },
      { action: 0, stage: 0, line: `${FILE}:34`, shows: 'events.count() > 0 used as an emptiness check: a full job over 88 files' },
    ],
  },
];
