/**
 * pyspark/daily_orders_etl.py, three nightly runs with ~5 % more orders each day. The enriched write
 * (a Delta save: command execution + nested query) sort-merge-joins ~18 GB of orders with the
 * 5-row `channels` DataFrame (line 78, joined at line 98) and ~40 KB of FX rates (line 99) because
 * broadcasting is switched off on the cluster; the cached summary (line 124) is read by one job only.
 */
import type { JobRunDescription } from '../types';
import { exchange, fileScan, filter, project, sortMergeJoin, stage, tableScan, aggregate, cache, write } from './dsl';
import type { ExampleLog } from './example';
import { GB, KB, py4jCallSite, pythonCallSite, pythonDetails, utc } from './frames';

const SCRIPT = 'daily_orders_etl.py';

/** Cluster defaults of the ETL cluster (Delta lake jobs). */
export const ETL_CLUSTER_CONF: Record<string, string> = {
  // Broadcasting was switched off cluster-wide after a driver OOM; nobody turned it back on.
  'spark.sql.autoBroadcastJoinThreshold': '-1',
  'spark.sql.adaptive.advisoryPartitionSizeInBytes': '256m',
  'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension',
  'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog',
};
const ENRICHED_PATH = 's3://acme-lake/curated/sales/orders_enriched';
const ORDER_COLUMNS = ['order_id', 'customer_id', 'channel_code', 'currency', 'order_date', 'status', 'is_test_order', 'gross_amount', 'discount_amount'];
const ENRICHED_COLUMNS = ['currency', 'channel_code', 'customer_id', 'order_id', 'order_date', 'status', 'gross_amount', 'discount_amount', 'customer_segment', 'country_code', 'signup_date', 'channel_name', 'channel_group', 'gross_amount_usd', 'net_amount_usd', 'is_first_order'];

function run(day: { runDate: string; appId: string; start: number; growth: number }): JobRunDescription {
  const g = day.growth;
  const orderRows = 41_200_000 * g;
  const ordersData = 18 * GB * g;
  const joined1 = ordersData * 1.035;
  const joined2 = joined1 * 1.012;
  const blocked = `NOT customer_id IN (${['C-100231', 'C-100544', 'C-101982', 'C-104417', 'C-109003'].join(',')},...)`;
  const orders = filter(`((((isnotnull(order_date) AND (order_date = ${day.runDate})) AND NOT is_test_order) AND NOT (status = CANCELLED)) AND ${blocked})`, orderRows, fileScan('delta', 's3://acme-lake/raw/sales/orders', ORDER_COLUMNS, 7.1 * GB * g, orderRows * 1.04, { files: 57 }));
  const customers = { op: 'jdbc' as const, table: 'public.customers', columns: ['customer_id', 'customer_segment', 'country_code', 'signup_date'], rows: 6_210_000, bytes: 1.3 * GB };
  const channels = { op: 'local' as const, columns: ['channel_code', 'channel_name', 'channel_group'], rows: 5, bytes: 1920 };
  const fxRates = project(['currency', 'usd_rate'], fileScan('csv', `s3://acme-lake/landing/finance/fx_rates/${day.runDate}.csv`, ['currency', 'usd_rate', 'rate_date', 'source'], 52 * KB, 168, { files: 1 }));

  const withCustomers = sortMergeJoin(['customer_id'], 'LeftOuter', orderRows, exchange('hashpartitioning(customer_id, 200)', ordersData, orderRows, orders), exchange('hashpartitioning(customer_id, 200)', 1.3 * GB, 6_210_000, customers));
  const withChannels = sortMergeJoin(['channel_code'], 'LeftOuter', orderRows, exchange('hashpartitioning(channel_code, 200)', joined1, orderRows, project(ENRICHED_COLUMNS.slice(0, 11), withCustomers), { skewedPartitions: 5 }), exchange('hashpartitioning(channel_code, 200)', channels.bytes, 5, channels));
  const withFx = sortMergeJoin(['currency'], 'LeftOuter', orderRows, exchange('hashpartitioning(currency, 200)', joined2, orderRows, project(ENRICHED_COLUMNS.slice(0, 13), withChannels), { skewedPartitions: 38 }), exchange('hashpartitioning(currency, 200)', 40 * KB, 168, fxRates));

  const summary = cache(
    ['order_date', 'channel_group', 'channel_name', 'orders', 'gross_revenue_usd', 'net_revenue_usd'],
    9,
    2_304,
    aggregate('final', ['order_date', 'channel_group', 'channel_name'], ['count(distinct order_id)', 'sum(gross_amount_usd)', 'sum(net_amount_usd)'], 9, exchange('hashpartitioning(order_date, channel_group, channel_name, 200)', 610 * KB * g, 4_410 * g, aggregate('partial', ['order_date', 'channel_group', 'channel_name', 'order_id'], ['sum(gross_amount_usd)', 'sum(net_amount_usd)'], 4_410 * g, filter(`isnotnull(order_date) AND (order_date = ${day.runDate})`, orderRows, fileScan('delta', ENRICHED_PATH, ['order_id', 'order_date', 'channel_group', 'channel_name', 'gross_amount_usd', 'net_amount_usd'], 1.9 * GB * g, orderRows, { files: 75 }))))),
    { partitions: 200 },
  );

  return {
    appId: day.appId,
    appName: `daily-orders-etl-${day.runDate}`,
    sparkVersion: '3.5.1',
    startTime: day.start,
    user: 'etl',
    language: 'python',
    entryPoint: `/opt/jobs/pyspark/${SCRIPT}`,
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { ...ETL_CLUSTER_CONF },
    actions: [
      {
        callSite: pythonCallSite('collect', SCRIPT, 90),
        details: pythonDetails('collect'),
        plan: tableScan('risk.blocked_customers', ['customer_id'], 61 * KB, 1_842, { files: 1 }),
        stages: [stage(1, 640)],
      },
      {
        callSite: py4jCallSite('save'),
        details: pythonDetails('save'),
        plan: write({
          command: 'SaveIntoDataSourceCommand',
          format: 'delta',
          path: ENRICHED_PATH,
          mode: 'Overwrite',
          partitionBy: ['order_date'],
          options: { replaceWhere: `order_date = '${day.runDate}'` },
          columns: ENRICHED_COLUMNS,
          bytes: 6.4 * GB * g,
          rows: orderRows,
          files: 75,
          child: project(ENRICHED_COLUMNS, withFx),
        }),
        driverTimeMs: 4_200,
        stages: [
          stage(57, 19_000, { spread: 0.2 }),
          stage(1, 96_000),
          stage(72, 17_000, { spread: 0.18 }),
          stage(5, 45),
          stage(74, 11_000, { spread: 0.2 }),
          stage(1, 380),
          stage(75, 16_000, { spread: 0.2 }),
        ],
      },
      {
        callSite: py4jCallSite('csv'),
        details: pythonDetails('csv'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'csv',
          path: `s3://acme-lake/exports/finance/daily_channel_revenue/${day.runDate}`,
          mode: 'Overwrite',
          options: { header: 'true' },
          columns: ['order_date', 'channel_group', 'channel_name', 'orders', 'gross_revenue_usd', 'net_revenue_usd'],
          bytes: 712,
          rows: 9,
          files: 1,
          child: { op: 'coalesce', partitions: 1, child: summary },
        }),
        driverTimeMs: 2_600,
        stages: [stage(75, 2_300, { spread: 0.2 }), stage(1, 3_900)],
      },
    ],
  };
}

const DAYS = [
  { runDate: '2026-10-31', appId: 'app-20261101020000-0001', start: utc(2026, 11, 1, 2, 0, 4), growth: 1 },
  { runDate: '2026-11-01', appId: 'app-20261102020000-0001', start: utc(2026, 11, 2, 2, 0, 3), growth: 1.05 },
  { runDate: '2026-11-02', appId: 'app-20261103020000-0001', start: utc(2026, 11, 3, 2, 0, 5), growth: 1.1025 },
];

export const dailyOrdersEtl: ExampleLog[] = DAYS.map((day) => ({
  file: day.appId,
  job: `pyspark/${SCRIPT}`,
  run: run(day),
  highlights: [
    { action: 0, stage: 0, line: `${SCRIPT}:90`, shows: 'collect of risk.blocked_customers: 1 task, 1,842 rows, 61 KiB: small and healthy' },
    { action: 1, stage: 4, line: `${SCRIPT}:98`, shows: `SortMergeJoin of ~${Math.round((18 * 1.035 * day.growth * 10)) / 10} GiB of orders with channels (LocalTableScan of 5 rows, exchange data size 1,920 B); nested SQL execution of the Delta save to ${ENRICHED_PATH}` },
    { action: 1, stage: 6, line: `${SCRIPT}:99`, shows: 'SortMergeJoin with fx_rates (exchange data size 40 KiB), then the Delta write (SaveIntoDataSourceCommand, path in the command execution\'s plan description)' },
    { action: 2, stage: 1, line: `${SCRIPT}:124`, shows: 'summary cached (InMemoryTableScan, 200 partitions, 2,304 B) and read by this one job only; coalesce(1) makes the CSV write (line 126) a single task' },
  ],
}));
