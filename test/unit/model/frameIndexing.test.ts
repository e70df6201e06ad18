import * as assert from 'assert';
import { lineageSteps } from '../../../server/src/model/flow';
import { modelOf } from '../helpers/parsers';

/** The steps after the read, up to the count. */
async function countedLineage(text: string): Promise<string[] | undefined> {
  const model = await modelOf('python', text);
  const count = model.actions.find((action) => action.name === 'count');
  return count && lineageSteps(count.frame).map((step) => step.name).slice(1).filter((name) => name !== 'count');
}

describe('frame indexing: df[[...]] is a projection', () => {
  it('reads a list or tuple index of a DataFrame as select', async () => {
    assert.deepStrictEqual(await countedLineage('df = spark.read.parquet("p")\nn = df[["user_id"]].distinct().count()'), ['select', 'distinct']);
    assert.deepStrictEqual(await countedLineage('df = spark.read.parquet("p")\npairs = df[("a", "b")]\nn = pairs.count()'), ['select']);
  });

  it('leaves a single column and non-DataFrames alone', async () => {
    const model = await modelOf('python', 'df = spark.read.parquet("p")\namount = df["amount"]\nimport pandas as pd\npdf = pd.DataFrame()\nsmall = pdf[["a"]]');
    assert.deepStrictEqual(model.bindings.filter((b) => b.name === 'amount' || b.name === 'small').map((b) => b.value.kind), []);
  });
});
