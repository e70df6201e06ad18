/** Which documents Spark Advisor analyses: the client starts the server for them, the server parses them. */

/** VS Code language ids of the files analysed. */
export const SPARK_LANGUAGES: readonly string[] = ['python', 'scala'];

/** Names only Spark code has: its packages, session and context types, Databricks' utilities. */
const SPARK_NAMES = /\bpyspark\b|\borg\.apache\.spark\b|\bSpark(?:Session|Context|Conf)\b|\bdbutils\./;
/**
 * Notebooks, shells and job templates predefine `spark` (a SparkSession) and `sc` (its
 * SparkContext). These calls on them are Spark's whatever the file imports; an attribute of
 * something else (`conf.spark.read`) or another method does not count.
 */
const SESSION_ENTRY_POINTS =
  /(?<![\w.])(?:spark\.(?:read|readStream|sql|table|createDataFrame|range|sparkContext|udf|catalog|conf\.set)\b|sc\.(?:parallelize|textFile|wholeTextFiles)\s*\()/;

/**
 * Methods and column functions only Spark has, as modules that receive DataFrames from elsewhere use
 * them without importing Spark (the model still decides, name by name, what is a DataFrame).
 */
const SPARK_ONLY_USES = new RegExp([
  String.raw`\.(?:withColumn|withColumns|withColumnRenamed|withColumnsRenamed|selectExpr|createOrReplaceTempView|createTempView|createGlobalTempView|registerTempTable|printSchema|toPandas|unionByName|dropDuplicates|sortWithinPartitions|repartitionByRange|collectAsList|withWatermark|crossJoin|groupBy|orderBy|reduceByKey|aggregateByKey|combineByKey|flatMapValues|saveAsTextFile|mapPartitionsWithIndex|countByKey|sortByKey)\s*\(`,
  String.raw`\.(?:write|writeStream)\.(?:mode|format|option|options|parquet|saveAsTable|insertInto|partitionBy)\s*\(`,
  String.raw`\.rdd\.(?:map|flatMap|mapPartitions|collect|isEmpty|getNumPartitions|reduceByKey|keyBy|zipWithIndex|filter)\s*\(`,
  String.raw`(?<![\w.])(?:F\.(?:col|lit|expr|when|sum|count|countDistinct|broadcast)|col)\(\s*["']`,
].join('|'));

/**
 * A Python UDF declared with a Spark return type (`@udf(returnType=StringType())`, `@pandas_udf("double")`,
 * `udf(lambda s: …, IntegerType())`): snippets and notebook cells often show it without the import.
 * Snowpark's `udf` takes the same type names (positionally, or as `return_type=`), so a file naming
 * Snowflake is not Spark's on this evidence alone.
 */
const SPARK_UDF_DECLARATIONS = new RegExp([
  String.raw`@(?:\w+\.)?(?:pandas_udf|udf)\(\s*(?:returnType\s*=\s*)?(?:[A-Z]\w*Type\(|["'])`,
  String.raw`(?<![\w.])(?:F\.)?(?:pandas_udf|udf)\(\s*lambda\b[^\n]*,\s*(?:returnType\s*=\s*)?[A-Z]\w*Type\(`,
].join('|'));
const SNOWPARK = /\bsnowflake\b/;

/**
 * Most Python and Scala files have nothing to do with Spark; a cheap text test keeps them from
 * being parsed at all. A file counts when it names Spark (an import, SparkSession, SparkContext,
 * dbutils), calls an entry point of the predefined session, as notebooks do, uses API only Spark has, or
 * declares a UDF with Spark's types.
 */
export function mightUseSpark(text: string): boolean {
  return SPARK_NAMES.test(text) || SESSION_ENTRY_POINTS.test(text) || SPARK_ONLY_USES.test(text) || (SPARK_UDF_DECLARATIONS.test(text) && !SNOWPARK.test(text));
}
