/**
 * The two reference jobs, one healthy run each: explicit broadcasts of the small dimensions, a cache
 * that two writes read, even tasks, no spill, little GC.
 */
import type { JobRunDescription } from '../types';
import { aggregate, broadcastJoin, cache, exchange, fileScan, filter, project, sort, stage, tableScan, window, write } from './dsl';
import type { ExampleLog } from './example';
import { GB, KB, MB, py4jCallSite, pythonDetails, scalaCallSite, scalaMainDetails, utc } from './frames';

const HEALTHY = { spread: 0.12, gcFraction: 0.02 };

function cleanPySpark(): JobRunDescription {
  const runDate = '2026-11-01';
  const rows = 24_600_000;
  const pos = fileScan('csv', `s3://acme-lake/landing/pos/transactions/dt=${runDate}/`, ['transaction_id', 'store_id', 'till_id', 'sold_at', 'sku', 'quantity', 'unit_price', 'discount', 'payment_method'], 3.1 * GB, rows, { files: 25 });
  const stores = { op: 'broadcast' as const, bytes: 96 * KB, rows: 412, child: project(['store_id', 'store_name', 'region', 'store_format'], tableScan('default.dim_store', ['store_id', 'store_name', 'region', 'store_format'], 38 * KB, 412, { files: 1 })) };
  const products = { op: 'broadcast' as const, bytes: 4.2 * MB, rows: 48_300, child: project(['sku', 'product_name', 'category'], tableScan('default.dim_product', ['sku', 'product_name', 'category'], 2.6 * MB, 48_300, { files: 1 })) };
  const salesColumns = ['sku', 'store_id', 'transaction_id', 'sold_at', 'quantity', 'line_revenue', 'payment_method', 'sale_date', 'store_name', 'region', 'store_format', 'product_name', 'category'];
  const salesPlan = project(salesColumns, broadcastJoin(['sku'], 'LeftOuter', rows, broadcastJoin(['store_id'], 'Inner', rows, project(['store_id', 'transaction_id', 'sold_at', 'upper(trim(sku)) AS sku', 'quantity', 'line_revenue', 'lower(payment_method) AS payment_method', 'sale_date'], pos), stores), products));
  const sales = (materialized: boolean) => cache(salesColumns, rows, 1.9 * GB, salesPlan, { rddName: '*(1) Project [sku, store_id, transaction_id, sold_at, quantity, line_revenue, payment_method, sale_date, store_name, region, store_format, product_name, category]', materialized, partitions: 25 });
  const kpiKeys = ['sale_date', 'store_id', 'store_name', 'region', 'store_format'];
  const kpiAgg = ['count(distinct transaction_id)', 'sum(quantity)', 'sum(line_revenue)', 'sum(CASE WHEN (payment_method = cash) THEN line_revenue END)'];
  const topKeys = ['sale_date', 'store_id', 'sku', 'product_name', 'category'];
  return {
    appId: 'app-20261102060000-0011',
    appName: 'store-daily-kpis',
    sparkVersion: '3.5.1',
    startTime: utc(2026, 11, 2, 6, 0, 2),
    user: 'etl',
    language: 'python',
    entryPoint: '/opt/jobs/pyspark/clean_job.py',
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { 'spark.sql.adaptive.enabled': 'true' },
    actions: [
      {
        callSite: py4jCallSite('isEmpty'),
        details: pythonDetails('isEmpty'),
        plan: { op: 'limit', limit: 1, columns: [], child: fileScan('csv', `s3://acme-lake/landing/pos/transactions/dt=${runDate}/`, [], 4 * MB, 1, { files: 1 }) },
        stages: [stage(1, 310)],
      },
      {
        callSite: py4jCallSite('parquet'),
        details: pythonDetails('parquet'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: 's3://acme-lake/marts/retail/store_daily_kpis',
          mode: 'Overwrite',
          partitionBy: ['sale_date'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: [...kpiKeys, 'baskets', 'units_sold', 'revenue', 'cash_revenue', 'avg_basket_value'],
          bytes: 61 * KB,
          rows: 412,
          files: 1,
          child: project([...kpiKeys, 'baskets', 'units_sold', 'revenue', 'cash_revenue', 'avg_basket_value'], aggregate('final', kpiKeys, kpiAgg, 412, exchange('hashpartitioning(sale_date, store_id, store_name, region, store_format, 200)', 1.6 * GB, 5_100_000, aggregate('partial', [...kpiKeys, 'transaction_id'], kpiAgg.slice(1), 5_100_000, sales(false))))),
        }),
        stages: [stage(1, 900, HEALTHY), stage(1, 1_600, HEALTHY), stage(25, 9_200, HEALTHY), stage(3, 2_400, HEALTHY)],
      },
      {
        callSite: py4jCallSite('parquet'),
        details: pythonDetails('parquet'),
        plan: write({
          command: 'InsertIntoHadoopFsRelationCommand',
          format: 'parquet',
          path: 's3://acme-lake/marts/retail/store_top_products',
          mode: 'Overwrite',
          partitionBy: ['sale_date'],
          options: { partitionOverwriteMode: 'dynamic' },
          columns: [...topKeys, 'units_sold', 'revenue', 'rank'],
          bytes: 212 * KB,
          rows: 4_120,
          files: 2,
          child: filter('(rank <= 10)', 4_120, window(['row_number()'], ['sale_date', 'store_id'], ['revenue', 'sku'], sort(['sale_date', 'store_id', 'revenue', 'sku'], false, aggregate('final', topKeys, ['sum(quantity)', 'sum(line_revenue)'], 1_460_000, exchange('hashpartitioning(sale_date, store_id, sku, product_name, category, 200)', 310 * MB, 3_900_000, aggregate('partial', topKeys, ['sum(quantity)', 'sum(line_revenue)'], 3_900_000, sales(true))))))),
        }),
        stages: [stage(25, 2_600, HEALTHY), stage(2, 3_300, HEALTHY)],
      },
    ],
  };
}

function cleanScala(): JobRunDescription {
  const CLASS = 'com.acme.etl.CleanAggregationJob';
  const FILE = 'CleanAggregationJob.scala';
  const weekStart = '2026-10-26';
  const rows = 88_000_000;
  const lineItems = filter(`((isnotnull(order_date) AND (order_date >= 2026-10-26)) AND (order_date <= 2026-11-01))`, rows, fileScan('csv', `s3://acme-lake/landing/oms/line_items/week=${weekStart}`, ['order_id', 'line_number', 'product_id', 'store_id', 'order_date', 'quantity', 'net_amount_usd'], 9.2 * GB, rows, { files: 74 }));
  const products = { op: 'broadcast' as const, bytes: 5.1 * MB, rows: 48_300, child: project(['product_id', 'category', 'department'], tableScan('default.dim_product', ['product_id', 'category', 'department'], 2.9 * MB, 48_300, { files: 1 })) };
  const stores = { op: 'broadcast' as const, bytes: 88 * KB, rows: 412, child: project(['store_id', 'region'], tableScan('default.dim_store', ['store_id', 'region'], 21 * KB, 412, { files: 1 })) };
  const keys = ['region', 'department', 'category'];
  const aggs = ['sum(net_amount_usd)', 'sum(quantity)', 'count(distinct order_id)'];
  const weeklyColumns = [...keys, 'revenue_usd', 'units', 'orders', 'revenue_share', 'week_start'];
  const weeklyPlan = project(weeklyColumns, window(['sum(revenue_usd)'], ['region'], [], sort(['region'], false, exchange('hashpartitioning(region, 200)', 210 * KB, 1_260, aggregate('final', keys, aggs, 1_260, exchange('hashpartitioning(region, department, category, 200)', 96 * MB, 1_260 * 74 * 9, aggregate('partial', [...keys, 'order_id'], aggs.slice(0, 2), 1_260 * 74 * 9, project([...keys, 'order_id', 'quantity', 'net_amount_usd'], broadcastJoin(['store_id'], 'Inner', rows, broadcastJoin(['product_id'], 'Inner', rows, lineItems, products), stores)))))))));
  const weekly = (materialized: boolean) => cache(weeklyColumns, 1_260, 380 * KB, weeklyPlan, { rddName: '*(5) Project [region, department, category, revenue_usd, units, orders, revenue_share, week_start]', materialized, partitions: 4 });
  const out = (path: string, child: ReturnType<typeof weekly> | ReturnType<typeof filter>, rowsOut: number, bytes: number) =>
    write({ command: 'InsertIntoHadoopFsRelationCommand', format: 'parquet', path, mode: 'Overwrite', partitionBy: ['week_start'], options: { partitionOverwriteMode: 'dynamic' }, columns: weeklyColumns, bytes, rows: rowsOut, files: 4, child });
  return {
    appId: 'app-20261102063000-0012',
    appName: `category-weekly-${weekStart}`,
    sparkVersion: '3.4.1',
    startTime: utc(2026, 11, 2, 6, 30, 5),
    user: 'etl',
    language: 'scala',
    entryPoint: CLASS,
    executors: 10,
    coresPerExecutor: 4,
    executorMemory: '16g',
    sparkConf: { 'spark.sql.adaptive.enabled': 'true', 'spark.sql.adaptive.skewJoin.enabled': 'true' },
    actions: [
      {
        callSite: scalaCallSite('isEmpty', FILE, 57),
        details: scalaMainDetails('isEmpty', CLASS, 57),
        plan: { op: 'limit', limit: 1, columns: [], child: fileScan('csv', `s3://acme-lake/landing/oms/line_items/week=${weekStart}`, [], 4 * MB, 1, { files: 1 }) },
        stages: [stage(1, 280)],
      },
      {
        callSite: scalaCallSite('parquet', FILE, 82),
        details: scalaMainDetails('parquet', CLASS, 82),
        plan: out('s3://acme-lake/marts/merchandising/category_weekly', weekly(false), 1_260, 96 * KB),
        stages: [stage(1, 1_100, HEALTHY), stage(1, 700, HEALTHY), stage(74, 11_800, HEALTHY), stage(6, 1_900, HEALTHY), stage(4, 1_200, HEALTHY)],
      },
      {
        callSite: scalaCallSite('parquet', FILE, 92),
        details: scalaMainDetails('parquet', CLASS, 92),
        plan: out('s3://acme-lake/marts/merchandising/top_categories', filter(`(rank_in_region <= 5)`, 40, window(['dense_rank()'], ['region'], ['revenue_usd', 'category'], sort(['region', 'revenue_usd', 'category'], false, weekly(true)))), 40, 9 * KB),
        stages: [stage(4, 650, HEALTHY)],
      },
    ],
  };
}

export const cleanJobs: ExampleLog[] = [
  {
    file: 'app-20261102060000-0011',
    job: 'pyspark/clean_job.py',
    run: cleanPySpark(),
    highlights: [
      { action: 1, stage: 2, line: 'clean_job.py:99', shows: 'healthy: BroadcastHashJoins with dim_store/dim_product (broadcast jobs on the helper thread), cache built once, even tasks, GC ≈ 2 %' },
      { action: 2, stage: 0, line: 'clean_job.py:113', shows: 'the cached sales read again by the second write (cache reused), no spill' },
    ],
  },
  {
    file: 'app-20261102063000-0012',
    job: 'scala/src/main/scala/com/acme/etl/CleanAggregationJob.scala',
    run: cleanScala(),
    highlights: [
      { action: 1, stage: 2, line: 'CleanAggregationJob.scala:82', shows: 'healthy: broadcast joins, even tasks, no spill; categoryWeekly cached (line 76)' },
      { action: 2, stage: 0, line: 'CleanAggregationJob.scala:92', shows: 'the cache read again by the second write, then unpersisted' },
    ],
  },
];
