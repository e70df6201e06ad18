import * as assert from 'assert';
import { inLocalSession, runsLocally } from '../../../server/src/model/configs';
import { usesStreams } from '../../../server/src/model/streaming';
import { modelOf } from '../helpers/parsers';

describe('session settings: local masters, a DataFrame\'s own session, streams', () => {
  it('marks settings of a builder or SparkConf chain with a local master', async () => {
    const model = await modelOf('python', [
      'local = SparkSession.builder.master("local[2]").config("spark.sql.shuffle.partitions", 1).getOrCreate()',
      'prod = SparkSession.builder.config("spark.sql.shuffle.partitions", 400).master("yarn").getOrCreate()',
      'conf = SparkConf().setMaster("local").set("spark.sql.adaptive.enabled", "false")',
    ].join('\n'));
    const partitions = model.configs.filter((s) => s.key === 'spark.sql.shuffle.partitions');
    assert.deepStrictEqual(partitions.map((s) => [s.value, s.localSession ?? false]), [[1, true], [400, false]]);
    assert.deepStrictEqual(model.configs.filter((s) => s.key === 'spark.master').map((s) => s.value), ['local[2]', 'yarn', 'local']);
    assert.strictEqual(model.configs.find((s) => s.key === 'spark.sql.adaptive.enabled')?.localSession, true);
    assert.ok(!inLocalSession(partitions[1]!, model.configs), 'a yarn master in the file: not every session is local');
    assert.ok(!runsLocally(model.configs), 'a yarn master in the file: the file does not run locally');
  });

  it('treats a file whose only masters are local as a local session', async () => {
    const model = await modelOf('scala', [
      'object T {',
      '  val spark = SparkSession.builder().master("local[*]").getOrCreate()',
      '  spark.conf.set("spark.sql.shuffle.partitions", "2")',
      '}',
    ].join('\n'));
    const setting = model.configs.find((s) => s.key === 'spark.sql.shuffle.partitions')!;
    assert.ok(!setting.localSession);
    assert.ok(inLocalSession(setting, model.configs));
    assert.ok(runsLocally(model.configs));
  });

  it('reads configuration set through a DataFrame\'s own session', async () => {
    const model = await modelOf('scala', 'object A { def f(df: DataFrame): Unit = df.sparkSession.conf.set("spark.sql.adaptive.enabled", "false") }');
    assert.deepStrictEqual(model.configs.map((s) => [s.key, s.value, s.via]), [['spark.sql.adaptive.enabled', 'false', 'runtime-conf']]);
  });

  it('knows a file that reads or writes a stream', async () => {
    assert.ok(usesStreams(await modelOf('python', 'spark.readStream.format("rate").load().writeStream.format("console").start()')));
    assert.ok(!usesStreams(await modelOf('python', 'spark.read.parquet("p").write.parquet("q")')));
  });
});
