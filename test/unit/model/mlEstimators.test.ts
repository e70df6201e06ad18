import * as assert from 'assert';
import { modelStep, ESTIMATOR, FITTED_MODEL, MODEL_SUMMARY } from '../../../server/src/model/mlEstimators';
import { loopCaches } from '../../../server/src/model/loopCaches';
import { MANY } from '../../../server/src/model/flow';
import type { Binding } from '../../../server/src/model/types';
import { modelOf } from '../helpers/parsers';

const HEADER = 'from pyspark.sql import SparkSession, functions as F\nfrom pyspark.ml.recommendation import ALS\nspark = SparkSession.builder.getOrCreate()\n';

function bound(bindings: readonly Binding[], name: string): Binding {
  const found = bindings.filter((b) => b.name === name).at(-1);
  assert.ok(found, `a binding of ${name}`);
  return found;
}

describe('Spark ML estimators and fitted models', () => {
  it('says what an estimator, a fitted model and its summary hand back', () => {
    assert.deepStrictEqual(modelStep(ESTIMATOR, 'fit', true), { kind: 'model', origin: FITTED_MODEL });
    assert.strictEqual(modelStep(ESTIMATOR, 'transform', true), undefined);
    assert.deepStrictEqual(modelStep(FITTED_MODEL, 'userFactors', false), { kind: 'dataframe', fromArguments: false });
    assert.deepStrictEqual(modelStep(FITTED_MODEL, 'transform', true), { kind: 'dataframe', fromArguments: true });
    assert.deepStrictEqual(modelStep(FITTED_MODEL, 'summary', false), { kind: 'model', origin: MODEL_SUMMARY });
    assert.deepStrictEqual(modelStep(MODEL_SUMMARY, 'predictions', false), { kind: 'dataframe', fromArguments: false });
    // A model's parameters and vectors are no DataFrames.
    assert.strictEqual(modelStep(FITTED_MODEL, 'coefficients', false), undefined);
    assert.strictEqual(modelStep(MODEL_SUMMARY, 'objectiveHistory', false), undefined);
  });

  it('binds a fitted model and follows the DataFrames it hands out, in a file that imports Spark ML', async () => {
    const model = await modelOf('python', `${HEADER}ratings = spark.table("r")\nfitted = ALS(rank=4).fit(ratings)\nusers = fitted.userFactors.select("id")\nscored = fitted.transform(ratings)\n`);
    assert.strictEqual(bound(model.bindings, 'users').value.kind, 'dataframe');
    const scored = bound(model.bindings, 'scored');
    assert.strictEqual(scored.value.kind, 'dataframe');
    // The scored frame reads the ratings: the ratings' use there is derived into it.
    assert.ok(bound(model.bindings, 'ratings').uses.some((use) => use.derived === scored));
    // Without a Spark ML import, `fit` is someone else's (scikit-learn's) and hands back nothing we follow.
    const plain = await modelOf('python', 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\nfitted = est.fit(spark.table("r"))\nusers = fitted.userFactors\n');
    assert.ok(!plain.bindings.some((b) => b.name === 'users'));
  });

  it('sees a fit made by a helper the cached copy is handed to', async () => {
    const model = await modelOf('python', `${HEADER}
def train(als, frame):
    return als.fit(frame).userFactors

def run(tenants):
    als = ALS(rank=4)
    for t in tenants:
        part = spark.table("r").filter(F.col("t") == t).cache()
        rows = train(als, part).collect()
`);
    const [entry] = loopCaches(model);
    assert.ok(entry);
    assert.deepStrictEqual([entry.kept, entry.readsInIteration, entry.heavyWork?.what], [false, MANY, 'a model fit (in train())']);
  });

  it('still counts a helper that also hands the data somewhere unknown as keeping it', async () => {
    const model = await modelOf('python', `${HEADER}
def train(als, frame):
    registry.add(frame)
    return als.fit(frame).userFactors

def run(tenants):
    als = ALS(rank=4)
    for t in tenants:
        part = spark.table("r").filter(F.col("t") == t).cache()
        train(als, part).write.parquet(t)
`);
    const [entry] = loopCaches(model);
    assert.ok(entry);
    assert.strictEqual(entry.kept, true);
  });
});
