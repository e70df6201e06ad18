// Small documents shared by several protocol tests.
import { rangeOf } from './textEdits';

/** A PySpark job with one missing broadcast: the join on line 7 (0-based 6). */
export const STATUS_JOB = `from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("orders").getOrCreate()
orders = spark.read.parquet("s3://lake/orders")
statuses = spark.createDataFrame([(1, "paid"), (2, "shipped")], ["status_id", "status"])
labelled = orders.join(statuses, "status_id", "left")
labelled.write.parquet("s3://lake/labelled")
`;

/** The span a missing-broadcast finding covers: from the `join` name to the end of the call `call` (its `nth` occurrence). */
export function joinCallRange(text: string, call: string, nth = 0) {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(call, start + 1);
  if (start < 0) throw new Error(`${call} not found`);
  return rangeOf(text, text.indexOf('join(', start), start + call.length);
}
