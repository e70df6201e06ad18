import * as assert from 'assert';
import { lineageSteps } from '../../../server/src/model/flow';
import { generatorIn } from '../../../server/src/model/generators';
import { modelOf } from '../helpers/parsers';

describe('generators in a DataFrame lineage', () => {
  it('keeps the exploded column as written for messages, and its top-level name for nesting', async () => {
    const model = await modelOf(
      'python',
      'from pyspark.sql.functions import explode, col\n' +
        'df = spark.read.json("/in")\n' +
        'flat = df.withColumn("pos", explode(col("mapping.position"))).withColumn("acid", explode("mapping.acid"))\n',
    );
    const flat = model.bindings.find((b) => b.name === 'flat')!;
    const uses = lineageSteps(flat.value).map((step) => generatorIn(step, model.imports)).filter((u) => u !== undefined);
    assert.deepStrictEqual(
      uses.map((u) => [u.generator, u.input, u.column, u.outputs]),
      [
        ['explode', 'mapping', 'mapping.position', ['pos']],
        ['explode', 'mapping', 'mapping.acid', ['acid']],
      ],
    );
  });
});
