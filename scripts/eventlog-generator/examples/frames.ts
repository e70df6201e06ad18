/**
 * Call sites and stacks as Spark records them for the example jobs: PySpark actions through py4j
 * (Python line only for collect/toPandas/RDD actions), Scala actions with the user frame on top.
 */
import { JAVA_FRAMES_PY4J } from '../sparkJson';

export const KB = 1024;
export const MB = 1024 ** 2;
export const GB = 1024 ** 3;

/** Where the jobs live on the cluster (the repo has them under examples/pyspark/). */
export const PYSPARK_DIR = '/opt/jobs/pyspark';

/** "collect at /opt/jobs/pyspark/daily_orders_etl.py:90": actions PySpark reports with their Python line. */
export function pythonCallSite(op: string, script: string, line: number): string {
  return `${op} at ${PYSPARK_DIR}/${script}:${line}`;
}

/** "save at NativeMethodAccessorImpl.java:0": PySpark writes, count(), show(): no Python line. */
export function py4jCallSite(op: string): string {
  return `${op} at NativeMethodAccessorImpl.java:0`;
}

/** The JVM entry point of a Dataset/DataFrameWriter call made from Python, then py4j. */
export const PY_ENTRY = {
  collect: 'org.apache.spark.sql.Dataset.collectToPython(Dataset.scala:4149)',
  count: 'org.apache.spark.sql.Dataset.count(Dataset.scala:3615)',
  isEmpty: 'org.apache.spark.sql.Dataset.isEmpty(Dataset.scala:653)',
  save: 'org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:243)',
  parquet: 'org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)',
  csv: 'org.apache.spark.sql.DataFrameWriter.csv(DataFrameWriter.scala:978)',
} as const;

export function pythonDetails(entry: keyof typeof PY_ENTRY): string[] {
  const frames: string[] = [PY_ENTRY[entry]];
  if (entry === 'save') frames.push('org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:251)');
  return [...frames, ...JAVA_FRAMES_PY4J];
}

const SCALA_ENTRY = {
  collect: 'org.apache.spark.sql.Dataset.collect(Dataset.scala:3447)',
  count: 'org.apache.spark.sql.Dataset.count(Dataset.scala:3454)',
  isEmpty: 'org.apache.spark.sql.Dataset.isEmpty(Dataset.scala:654)',
  save: 'org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:251)',
  parquet: 'org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)',
} as const;

const SPARK_SUBMIT_TAIL = [
  'sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  'sun.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
  'sun.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)',
  'java.lang.reflect.Method.invoke(Method.java:498)',
  'org.apache.spark.deploy.yarn.ApplicationMaster$$anon$2.run(ApplicationMaster.scala:741)',
];

/** "collect at DailyRevenueJob.scala:53": Spark names a Scala stage after the first user frame. */
export function scalaCallSite(op: string, file: string, line: number): string {
  return `${op} at ${file}:${line}`;
}

/** Stack of an action in `object Job { def main(…) }`. */
export function scalaMainDetails(entry: keyof typeof SCALA_ENTRY, className: string, line: number): string[] {
  const simple = className.split('.').pop()!;
  return [SCALA_ENTRY[entry], `${className}$.main(${simple}.scala:${line})`, `${className}.main(${simple}.scala)`, ...SPARK_SUBMIT_TAIL];
}

/** Stack of an action in `object Job extends App` (scala.App's delayed init runs the body). */
export function scalaAppDetails(entry: keyof typeof SCALA_ENTRY, className: string, line: number, objectLine: number): string[] {
  const simple = className.split('.').pop()!;
  const mangled = className.replace(/\./g, '$');
  return [
    SCALA_ENTRY[entry],
    `${className}$.delayedEndpoint$${mangled}$1(${simple}.scala:${line})`,
    `${className}$delayedInit$body.apply(${simple}.scala:${objectLine})`,
    'scala.Function0.apply$mcV$sp(Function0.scala:39)',
    'scala.Function0.apply$mcV$sp$(Function0.scala:39)',
    'scala.runtime.AbstractFunction0.apply$mcV$sp(AbstractFunction0.scala:17)',
    'scala.App.$anonfun$main$1(App.scala:76)',
    'scala.App.$anonfun$main$1$adapted(App.scala:76)',
    'scala.collection.IterableOnceOps.foreach(IterableOnce.scala:563)',
    'scala.App.main(App.scala:76)',
    'scala.App.main$(App.scala:74)',
    `${className}$.main(${simple}.scala:${objectLine})`,
    `${className}.main(${simple}.scala)`,
    ...SPARK_SUBMIT_TAIL,
  ];
}

/** Epoch ms of a UTC wall-clock time. */
export function utc(year: number, month: number, day: number, hour: number, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
