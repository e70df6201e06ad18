/** What the Spark APIs' method names mean, shared by both languages (their APIs use the same names). */

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

/** Methods on a SparkSession (or SQLContext) that produce a DataFrame. */
export const SESSION_FRAME_SOURCES = set('table', 'sql', 'createDataFrame', 'range', 'emptyDataFrame', 'createDataset', 'emptyDataset');

/** Terminal methods of a DataFrameReader / DataStreamReader. */
export const READER_TERMINALS = set('load', 'parquet', 'csv', 'json', 'orc', 'text', 'textFile', 'jdbc', 'table', 'avro', 'delta', 'xml');
export const READER_CONFIG = set('format', 'option', 'options', 'schema');

/** SparkContext methods that produce an RDD. */
export const CONTEXT_RDD_SOURCES = set(
  'textFile', 'parallelize', 'wholeTextFiles', 'binaryFiles', 'sequenceFile', 'objectFile', 'hadoopFile',
  'newAPIHadoopFile', 'hadoopRDD', 'newAPIHadoopRDD', 'makeRDD', 'emptyRDD', 'range', 'pickleFile', 'union',
);

export const DATAFRAME_ACTIONS = set(
  'count', 'collect', 'collectAsList', 'toPandas', 'show', 'first', 'head', 'take', 'takeAsList', 'tail', 'toLocalIterator',
  'foreach', 'foreachPartition', 'isEmpty', 'reduce', 'toJSON_collect', 'toArrow', 'checkpoint_eager',
);

export const RDD_ACTIONS = set(
  'collect', 'count', 'first', 'take', 'takeOrdered', 'takeSample', 'top', 'reduce', 'fold', 'aggregate', 'treeReduce',
  'treeAggregate', 'foreach', 'foreachPartition', 'countByKey', 'countByValue', 'collectAsMap', 'isEmpty', 'max', 'min',
  'sum', 'mean', 'stats', 'lookup', 'toLocalIterator',
);

export const RDD_WRITES = set('saveAsTextFile', 'saveAsObjectFile', 'saveAsPickleFile', 'saveAsSequenceFile', 'saveAsHadoopFile', 'saveAsNewAPIHadoopFile');

/** Terminal methods of a DataFrameWriter / DataFrameWriterV2 / DataStreamWriter. */
export const WRITER_TERMINALS = set(
  'save', 'parquet', 'csv', 'json', 'orc', 'text', 'jdbc', 'saveAsTable', 'insertInto', 'avro', 'delta', 'xml',
  'append', 'overwrite', 'overwritePartitions', 'create', 'createOrReplace', 'replace', 'start', 'toTable',
);

/** Operations that end in a shuffle (an Exchange in the physical plan). */
export const SHUFFLE_OPERATIONS = set(
  'join', 'joinWith', 'crossJoin', 'groupBy', 'groupby', 'groupByKey', 'agg', 'rollup', 'cube', 'distinct', 'dropDuplicates',
  'drop_duplicates', 'dropDuplicatesWithinWatermark', 'orderBy', 'sort', 'repartition', 'repartitionByRange', 'intersect',
  'intersectAll', 'subtract', 'exceptAll', 'except', 'reduceByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'sortBy',
  'sortByKey', 'cogroup', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin', 'partitionBy', 'pivot',
);

/** Transformations that keep a small DataFrame small: no join, union or explosion. */
export const SIZE_PRESERVING = set(
  'select', 'selectExpr', 'filter', 'where', 'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'drop',
  'alias', 'as', 'toDF', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'cache', 'persist', 'hint',
  'limit', 'na', 'fill', 'fillna', 'replace', 'dropna', 'coalesce', 'repartition', 'groupBy', 'agg', 'cast', 'localCheckpoint',
  'checkpoint', 'sortWithinPartitions', 'transform', 'to', 'withMetadata', 'sample',
);

/** DataFrame/Dataset transformations (anything that returns another DataFrame). */
export const DATAFRAME_TRANSFORMATIONS = set(
  ...SIZE_PRESERVING, ...SHUFFLE_OPERATIONS, 'union', 'unionAll', 'unionByName', 'explode', 'join', 'crossJoin', 'map',
  'flatMap', 'mapPartitions', 'mapInPandas', 'mapInArrow', 'applyInPandas', 'sampleBy', 'observe',
  'withWatermark', 'unpivot', 'melt', 'describe', 'summary', 'offset', 'toDF', 'asc', 'repartitionByRange',
  'sortWithinPartitions', 'unpersist', 'transform', 'dropna', 'fillna', 'replace', 'withColumnRenamed', 'filter',
);

/**
 * Methods only Spark values have. A name of unknown type that calls one of these is taken to hold
 * a DataFrame (pandas and Python collections use other names: `groupby`, `merge`, `to_csv`).
 */
export const SPARK_ONLY_METHODS = set(
  'withColumn', 'withColumns', 'withColumnRenamed', 'withColumnsRenamed', 'groupBy', 'selectExpr', 'crossJoin', 'unionByName', 'dropDuplicates',
  'orderBy', 'sortWithinPartitions', 'repartition', 'coalesce', 'cache', 'persist', 'unpersist', 'toPandas', 'collectAsList',
  'createOrReplaceTempView', 'createTempView', 'write', 'writeTo', 'writeStream', 'rdd', 'printSchema', 'na', 'limit',
  'joinWith', 'repartitionByRange', 'checkpoint', 'localCheckpoint', 'hint',
);

/** PairRDD aggregations that groupByKey followed by a reduction should be. */
export const RDD_ONLY_TRANSFORMATIONS = set(
  'map', 'flatMap', 'mapPartitions', 'mapPartitionsWithIndex', 'foreach', 'foreachPartition', 'keyBy', 'groupBy', 'reduceByKey',
  'groupByKey', 'aggregateByKey', 'combineByKey', 'mapValues', 'flatMapValues', 'zipWithIndex', 'zip', 'glom', 'reduce', 'fold',
  'aggregate', 'sortBy', 'filter', 'distinct', 'cartesian', 'pipe', 'keys', 'values',
);

/** Iterative ML estimators read their input many times; `fit` on a cached DataFrame is the reason to cache it. */
export const ITERATIVE_FIT_METHODS = set('fit', 'fitMultiple', 'train', 'run', 'trainImplicit');

/** SQL functions that evaluate to a constant when given only literals. */
export const LITERAL_FUNCTIONS = set('lit', 'typedLit', 'typedlit');

export const BROADCAST_HINT_NAMES = set('broadcast', 'broadcastjoin', 'mapjoin');

/** Registering a temp view hands the data to SQL we cannot follow. */
export const TEMP_VIEW_METHODS = set('createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView', 'registerTempTable');

/** Methods of a grouped value (RelationalGroupedDataset, KeyValueGroupedDataset) that give a DataFrame back. */
export const GROUPED_RESULTS = set('agg', 'count', 'sum', 'avg', 'mean', 'max', 'min', 'apply', 'applyInPandas', 'cogroup', 'mapGroups', 'flatMapGroups', 'reduceGroups', 'mapValues', 'keys');
