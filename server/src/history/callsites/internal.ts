/**
 * Telling Spark's own call sites from the user's. Spark names a stage after the first frame outside
 * its core classes, which for PySpark and the DataFrame writer is reflection plumbing
 * ("parquet at NativeMethodAccessorImpl.java:0") and for AQE query stages a thread pool
 * ("$anonfun$withThreadLocalCaptured$1 at FutureTask.java:266"); neither is a line of user code.
 */
import type { CallSite } from './types';

const INTERNAL_PACKAGES = ['org.apache.spark.', 'scala.', 'java.', 'javax.', 'jdk.', 'sun.', 'com.sun.', 'py4j.', 'com.databricks.'];

/** Files of the JDK and Spark that show up as call sites when the real caller is Python or a helper thread. */
const INTERNAL_FILES: ReadonlySet<string> = new Set([
  // JDK reflection and thread pools
  'NativeMethodAccessorImpl.java',
  'DelegatingMethodAccessorImpl.java',
  'DirectMethodHandleAccessor.java',
  'Method.java',
  'FutureTask.java',
  'CompletableFuture.java',
  'ThreadPoolExecutor.java',
  'ForkJoinTask.java',
  'ForkJoinPool.java',
  'Executors.java',
  'Thread.java',
  // Spark
  'PythonRDD.scala',
  'SerDeUtil.scala',
  'PythonMLLibAPI.scala',
  'DataFrameWriter.scala',
  'DataFrameWriterV2.scala',
  'DataFrameReader.scala',
  'DataStreamWriter.scala',
  'Dataset.scala',
  'RDD.scala',
  'PairRDDFunctions.scala',
  'DoubleRDDFunctions.scala',
  'OrderedRDDFunctions.scala',
  'JavaRDDLike.scala',
  'JavaPairRDD.scala',
  'JavaSparkContext.scala',
  'SparkContext.scala',
  'SparkSession.scala',
  'SQLContext.scala',
  'SQLExecution.scala',
  'SparkPlan.scala',
  'QueryExecution.scala',
  'AdaptiveSparkPlanExec.scala',
  'BroadcastExchangeExec.scala',
  'ShuffleExchangeExec.scala',
  'FileFormatWriter.scala',
  'ThreadUtils.scala',
  'RDDOperationScope.scala',
  'SparkSubmit.scala',
  'SparkApplication.scala',
]);

/** Whether a JVM qualified name ('org.apache.spark.rdd.RDD.count') belongs to Spark, the JDK, Scala or py4j. */
export function isInternalClass(qualifiedName: string): boolean {
  return INTERNAL_PACKAGES.some((prefix) => qualifiedName.startsWith(prefix));
}

export function baseName(filePath: string): string {
  const parts = filePath.split(/[\\/]/);
  return parts[parts.length - 1] ?? filePath;
}

/**
 * Whether a call site is Spark's or the JDK's rather than the user's: line 0 or less, an AQE helper
 * thread, a frame of an internal package, PySpark's own Python files, or (when no frame says whose
 * it is) a file known to be Spark's or the JDK's.
 */
export function isInternalCallSite(site: CallSite): boolean {
  if (!Number.isFinite(site.line) || site.line <= 0) return true;
  if (site.operation?.startsWith('$anonfun$withThreadLocalCaptured')) return true;
  // A frame says whose code it is, even in a user file that shares its name with one of Spark's.
  if (site.functionName !== undefined && site.language !== 'python') return isInternalClass(site.functionName);
  // PySpark's own files live in an installed package or Spark's python/ folder; a user folder named
  // "pyspark" (jobs/pyspark/etl.py) is the user's.
  if (site.language === 'python' && /(^|[\\/])(site-packages|dist-packages|python)[\\/](pyspark|py4j)[\\/]|pyspark\.zip|py4j-[^\\/]*\.zip/.test(site.path)) return true;
  return INTERNAL_FILES.has(baseName(site.path));
}
