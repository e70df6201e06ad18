/** Which documents Spark Advisor analyses: the client starts the server for them, the server parses them. */

/** VS Code language ids of the files analysed. */
export const SPARK_LANGUAGES: readonly string[] = ['python', 'scala'];

/**
 * Most Python and Scala files have nothing to do with Spark; a cheap text test keeps them from
 * being parsed at all (and the server from starting for them).
 */
export function mightUseSpark(text: string): boolean {
  return /pyspark|org\.apache\.spark|SparkSession|SparkContext|\bspark\.|\bsc\.|DataFrame|Dataset\[/.test(text);
}
