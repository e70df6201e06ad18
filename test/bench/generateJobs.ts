/**
 * Generates realistic PySpark code for benchmarks: many small ETL functions with reads, joins,
 * aggregations, windows, loops, configuration and writes, a few anti-patterns among them.
 */

const TABLES = ['orders', 'customers', 'payments', 'shipments', 'returns', 'sessions', 'clicks', 'inventory'];

function jobFunction(index: number): string {
  const table = TABLES[index % TABLES.length]!;
  const other = TABLES[(index + 3) % TABLES.length]!;
  return `
def build_${table}_${index}(spark: SparkSession, run_date: str) -> DataFrame:
    """Daily ${table} rollup #${index}: joins ${other} and aggregates per customer."""
    ${table} = (
        spark.read.format("delta")
        .load(f"s3://lake/${table}/dt={run_date}")
        .filter(F.col("status").isin("OPEN", "CLOSED"))
        .withColumn("amount_usd", F.col("amount") * F.col("fx_rate"))
    )
    ${other} = spark.table("warehouse.${other}").select("customer_id", "segment", "region")
    regions = spark.createDataFrame([("EU", "Europe"), ("NA", "North America")], ["region", "region_name"])
    joined = ${table}.join(${other}, on="customer_id", how="left").join(F.broadcast(regions), "region", "left")
    window = Window.partitionBy("customer_id").orderBy(F.col("created_at").desc())
    ranked = joined.withColumn("rank", F.row_number().over(window)).filter(F.col("rank") <= ${1 + (index % 5)})
    summary = (
        ranked.groupBy("customer_id", "segment")
        .agg(F.sum("amount_usd").alias("total_usd"), F.count("*").alias("n"))
        .withColumn("run_date", F.lit(run_date))
    )
    for column in summary.columns:
        summary = summary.withColumnRenamed(column, column.upper())
    if summary.count() == 0:
        log.warning("empty summary for %s", run_date)
    summary.write.mode("overwrite").partitionBy("run_date").parquet("s3://mart/${table}_${index}")
    return summary
`;
}

const HEADER = `import logging

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

log = logging.getLogger(__name__)
`;

/** About `lines` lines of PySpark. */
export function generatePySparkFile(lines: number): string {
  const parts = [HEADER];
  let count = HEADER.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const fn = jobFunction(i);
    parts.push(fn);
    count += fn.split('\n').length - 1;
  }
  return parts.join('');
}

/** About `lines` lines of Scala Spark: many steps, each a def with the usual constructs (`$"col"` or `col(...)`). */
export function generateScalaFile(lines: number, dollar = true): string {
  const c = (n: string): string => (dollar ? `$"${n}"` : `col("${n}")`);
  const out = ['package com.example', '', 'import org.apache.spark.sql.functions._', '', 'object BigJob {'];
  for (let i = 0; out.length < lines - 2; i++) {
    out.push(
      `  def step${i}(spark: SparkSession, input: DataFrame): DataFrame = {`,
      `    val base: DataFrame = spark.read.parquet(s"/data/step${i}")`,
      `    val filtered = base`,
      `      .filter(${c('amount')} > ${i} && ${c('kind')} === "x")`,
      `      .join(input, Seq("id"), "left")`,
      `    var acc = filtered`,
      `    for (name <- Seq("a", "b")) { acc = acc.withColumn(name, upper(col(name))) }`,
      `    val counts = acc.groupBy(${c('kind')}).agg(sum("amount").as("s"), count("*"))`,
      `    val folded = Seq("x").foldLeft(counts)((df, n) => df.withColumnRenamed(n, n + "_r"))`,
      `    if (folded.count() > 0) folded.cache() else folded.unpersist()`,
      `    folded.rdd.map(_.getString(0)).reduce(_ + _)`,
      `    folded.as[Rec].select(${c('a')}, 'b)`,
      `  }`,
      '',
    );
  }
  out.push('}', '');
  return out.join('\n');
}

/** Python files in issue 8's tree of 1,000 files; the rest are Scala. */
export const MIXED_TREE_PYTHON_FILES = 703;

/**
 * The tree issue 8's CLI target was set on: 1,000 small job files in both languages, 703 Python
 * and 297 Scala (each Scala file its own object), of about 30 to 120 lines. Deterministic.
 */
export function generateMixedTree(): Array<{ name: string; text: string; language: 'python' | 'scala' }> {
  return Array.from({ length: 1000 }, (_, i) => {
    const lines = 30 + (i % 7) * 15;
    if (i < MIXED_TREE_PYTHON_FILES) return { name: `jobs/job_${i}.py`, text: generatePySparkFile(lines).replace(/build_/g, `f${i}_build_`), language: 'python' as const };
    return { name: `scala/Job${i}.scala`, text: generateScalaFile(lines, i % 2 === 0).replace('object BigJob', `object Job${i}`), language: 'scala' as const };
  });
}
