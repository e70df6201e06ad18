import * as assert from 'assert';
import { scorePredictions } from '../../../server/src/report/predict/crossValidation';
import { trainForest } from '../../../server/src/report/predict/forest';

describe('report/predict: regression forest', () => {
  // y is a step in x0 plus a slope in x1; x2 is noise the trees should ignore.
  const rows = Array.from({ length: 240 }, (_, i) => [i % 10, Math.floor(i / 10), (i * 7919) % 13]);
  const law = (row: readonly number[]) => (row[0]! < 5 ? 10 : 100) + 2 * row[1]!;
  const targets = rows.map(law);

  it('fits a step and a slope it was trained on, and generalises between the points', () => {
    const forest = trainForest(rows, targets, { trees: 30, seed: 1 });
    const fitted = scorePredictions(targets, rows.map((row) => forest.predict(row)));
    assert.ok(fitted.r2 > 0.97, `R² ${fitted.r2}`);
    assert.ok(Math.abs(forest.predict([2, 12, 0]) - law([2, 12])) < 10, `${forest.predict([2, 12, 0])}`);
    assert.ok(Math.abs(forest.predict([8.5, 3.5, 0]) - law([8.5, 3.5])) < 10);
  });

  it('gives the same forest for the same seed and another for another seed', () => {
    const probe = [[4.5, 7, 3], [5.5, 20, 1], [0, 0, 0]];
    const predict = (seed: number) => {
      const forest = trainForest(rows, targets, { trees: 5, seed });
      return probe.map((row) => forest.predict(row));
    };
    assert.deepStrictEqual(predict(3), predict(3));
    assert.notDeepStrictEqual(predict(3), predict(4));
  });

  it('predicts the constant for a constant target, and the value itself from one row', () => {
    assert.strictEqual(trainForest(rows, rows.map(() => 42)).predict([3, 3, 3]), 42);
    assert.strictEqual(trainForest([[1, 2]], [7]).predict([9, 9]), 7);
  });

  it('rejects rows and targets that do not match, naming the counts', () => {
    assert.throws(() => trainForest([], []), /at least one \(got 0 rows, 0 targets\)/);
    assert.throws(() => trainForest([[1]], [1, 2]), /got 1 rows, 2 targets/);
  });

  it('scores R² and mean absolute error as defined', () => {
    assert.deepStrictEqual(scorePredictions([1, 2, 3], [1, 2, 3]), { r2: 1, maeMs: 0 });
    // Predicting the mean explains nothing: SSE = SST = 2.
    const mean = scorePredictions([1, 2, 3], [2, 2, 2]);
    assert.strictEqual(mean.r2, 0);
    assert.strictEqual(mean.maeMs, 2 / 3);
    // SSE 8 over SST 2.
    assert.strictEqual(scorePredictions([1, 2, 3], [3, 2, 1]).r2, -3);
  });
});
