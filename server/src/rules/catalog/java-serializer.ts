import { configSpan } from '../../model/configs';
import { stepRange } from '../spans';
import type { Rule } from '../types';

const JAVA_SERIALIZER = 'org.apache.spark.serializer.JavaSerializer';

/** RDD operations that write their records to shuffle files with spark.serializer. */
const RDD_SHUFFLES = new Set([
  'reduceByKey', 'groupByKey', 'aggregateByKey', 'combineByKey', 'foldByKey', 'sortByKey', 'sortBy', 'groupBy', 'distinct',
  'join', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin', 'cogroup', 'groupWith', 'subtractByKey', 'subtract',
  'intersection', 'repartition', 'partitionBy', 'repartitionAndSortWithinPartitions',
]);

export const javaSerializer: Rule = {
  id: 'java-serializer',
  defaultSeverity: 'information',
  summary: 'A Scala RDD job shuffles with the Java serializer instead of Kryo.',
  // PySpark RDDs hold pickled bytes: the JVM shuffles and caches byte arrays, which Java
  // serialization copies as fast as Kryo. Only JVM objects (Scala RDDs) gain from Kryo.
  languages: ['scala'],
  scope: 'file',
  check({ model, report }) {
    const serializer = model.configs.filter((s) => s.key === 'spark.serializer');
    for (const setting of serializer) {
      if (typeof setting.value !== 'string' || setting.value.trim() !== JAVA_SERIALIZER) continue;
      report({
        span: configSpan(setting),
        message: `\`spark.serializer\` is set to JavaSerializer: RDD shuffles, serialized caches and broadcasts are written with Java serialization, which is slow and often several times larger than Kryo. Use org.apache.spark.serializer.KryoSerializer and register your classes.`,
      });
    }
    // Only a file that builds its own session or SparkConf in code decides the serializer; DataFrame
    // shuffles use Tungsten's binary rows and never go through spark.serializer.
    if (serializer.length > 0 || !model.createsSession) return;
    const sessionSettings = model.configs.filter((s) => s.via === 'builder' || s.via === 'spark-conf');
    if (sessionSettings.length === 0) return;
    const shuffles = model.frameSteps.filter((s) => s.kind === 'rdd' && RDD_SHUFFLES.has(s.step.name));
    const first = shuffles[0];
    if (!first) return;
    report({
      span: stepRange(first.step),
      message: `This RDD job shuffles (\`${first.step.name}\`${shuffles.length > 1 ? ` and ${shuffles.length - 1} more` : ''}) and the session is configured in this file without \`spark.serializer\`, so records are shuffled with the default Java serialization, which is slow and bulky for your own classes. Set spark.serializer to org.apache.spark.serializer.KryoSerializer (and register the classes).`,
      related: [{ span: sessionSettings[0]!.span, message: 'the session configuration, without spark.serializer' }],
    });
  },
};
