/**
 * The application's surroundings as Spark logs them: Spark properties (the cluster's defaults, the
 * submit settings and the job's own), the JVM, and executors joining.
 */
import { versionAtLeast } from './plan';
import type { Rng } from './random';
import type { Executor, Json } from './sparkJson';
import type { JobRunDescription } from './types';

export function sparkProperties(run: JobRunDescription, rng: Rng): Record<string, string> {
  const driverHost = `ip-10-0-${rng.int(16, 31)}-${rng.int(10, 250)}.ec2.internal`;
  const base: Record<string, string> = {
    'spark.app.name': run.appName,
    'spark.app.id': run.appId,
    'spark.app.startTime': `${run.startTime}`,
    'spark.app.submitTime': `${run.startTime - 4200 - rng.int(0, 2000)}`,
    'spark.master': 'yarn',
    'spark.submit.deployMode': 'cluster',
    'spark.driver.host': driverHost,
    'spark.driver.port': `${34000 + rng.int(0, 999)}`,
    'spark.driver.memory': '8g',
    'spark.executor.id': 'driver',
    'spark.executor.instances': `${run.executors}`,
    'spark.executor.cores': `${run.coresPerExecutor}`,
    'spark.executor.memory': run.executorMemory,
    'spark.dynamicAllocation.enabled': 'false',
    'spark.eventLog.enabled': 'true',
    'spark.eventLog.dir': 's3://acme-spark-logs/eventlog/',
    'spark.history.fs.logDirectory': 's3://acme-spark-logs/eventlog/',
    'spark.scheduler.mode': 'FIFO',
    'spark.sql.catalogImplementation': 'hive',
    'spark.sql.warehouse.dir': 's3://acme-lake/warehouse',
    'spark.hadoop.fs.s3.impl': 'com.amazon.ws.emr.hadoop.fs.EmrFileSystem',
    'spark.yarn.historyServer.address': 'ip-10-0-16-5.ec2.internal:18080',
    'spark.ui.showConsoleProgress': 'false',
  };
  if (run.language === 'python') {
    base['spark.submit.pyFiles'] = '';
    base['spark.yarn.isPython'] = 'true';
    base['spark.pyspark.python'] = '/usr/bin/python3';
  } else {
    base['spark.jars'] = 's3://acme-artifacts/etl/acme-etl-assembly-2.14.0.jar';
  }
  return { ...base, ...run.sparkConf };
}

export function environmentEvent(run: JobRunDescription, properties: Record<string, string>): Json {
  const scala = versionAtLeast(run.sparkVersion, 3, 5) ? 'version 2.12.18' : 'version 2.12.17';
  return {
    Event: 'SparkListenerEnvironmentUpdate',
    'JVM Information': { 'Java Home': '/usr/lib/jvm/java-1.8.0-amazon-corretto.x86_64/jre', 'Java Version': '1.8.0_392 (Amazon.com Inc.)', 'Scala Version': scala },
    'Spark Properties': properties,
    'Hadoop Properties': {
      'fs.s3.impl': 'com.amazon.ws.emr.hadoop.fs.EmrFileSystem',
      'fs.s3.maxConnections': '1000',
      'mapreduce.fileoutputcommitter.algorithm.version': '2',
      'yarn.nodemanager.resource.memory-mb': '122880',
      'yarn.scheduler.maximum-allocation-mb': '122880',
      'io.compression.codecs': 'org.apache.hadoop.io.compress.DefaultCodec,org.apache.hadoop.io.compress.GzipCodec,org.apache.hadoop.io.compress.SnappyCodec',
    },
    'System Properties': {
      'java.io.tmpdir': '/tmp',
      'line.separator': '\n',
      'path.separator': ':',
      'file.separator': '/',
      'user.timezone': 'UTC',
      'os.name': 'Linux',
      'os.version': '5.10.205-195.807.amzn2.x86_64',
      'sun.java.command': run.language === 'python' ? `org.apache.spark.deploy.yarn.ApplicationMaster --class org.apache.spark.deploy.PythonRunner --primary-py-file ${run.entryPoint.split('/').pop()}` : `org.apache.spark.deploy.yarn.ApplicationMaster --class ${run.entryPoint} --jar s3://acme-artifacts/etl/acme-etl-assembly-2.14.0.jar`,
      'user.name': run.user ?? 'hadoop',
    },
    'Metrics Properties': {
      '*.sink.servlet.class': 'org.apache.spark.metrics.sink.MetricsServlet',
      '*.sink.servlet.path': '/metrics/json',
    },
    'Classpath Entries': {
      '/usr/lib/spark/jars/spark-core_2.12.jar': 'System Classpath',
      '/usr/lib/spark/jars/spark-sql_2.12.jar': 'System Classpath',
      '/usr/lib/spark/jars/delta-spark_2.12.jar': 'System Classpath',
      '/usr/lib/hadoop/hadoop-aws.jar': 'System Classpath',
    },
  };
}

export function* executorAddedEvents(run: JobRunDescription, executor: Executor, maxMemory: number): Generator<Json> {
  const container = `container_1761955200000_0042_01_${executor.id.padStart(6, '0')}`;
  const info: Json = {
    Host: executor.host,
    'Total Cores': executor.cores,
    'Log Urls': {
      stdout: `http://${executor.host}:8042/node/containerlogs/${container}/hadoop/stdout?start=-4096`,
      stderr: `http://${executor.host}:8042/node/containerlogs/${container}/hadoop/stderr?start=-4096`,
    },
    Attributes: {},
    Resources: {},
    'Resource Profile Id': 0,
  };
  if (versionAtLeast(run.sparkVersion, 3, 4)) {
    info['Registration Time'] = executor.addedTime;
    info['Request Time'] = executor.addedTime - 2500;
  }
  yield { Event: 'SparkListenerExecutorAdded', Timestamp: executor.addedTime, 'Executor ID': executor.id, 'Executor Info': info };
  yield { Event: 'SparkListenerBlockManagerAdded', 'Block Manager ID': { 'Executor ID': executor.id, Host: executor.host, Port: executor.port }, 'Maximum Memory': maxMemory, Timestamp: executor.addedTime + 180, 'Maximum Onheap Memory': maxMemory, 'Maximum Offheap Memory': 0 };
}
