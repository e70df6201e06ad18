import * as assert from 'assert';
import { builtForCallersFrame, globalOrderWindow } from '../../../server/src/model/windowOrder';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** What the first window spec of the snippet computes over the global order, if anything. */
async function intent(language: Language, text: string): Promise<string | undefined> {
  const model = await modelOf(language, text);
  // Window.currentRow and friends are window sites of their own: take the spec.
  const site = model.windows.find((w) => w.chain.steps.some((s) => s.name === 'orderBy' || s.name === 'rowsBetween'));
  assert.ok(site, 'no window spec');
  return globalOrderWindow(site, model.imports);
}

describe('window order: unpartitioned windows that are global by intent', () => {
  it('knows running and moving frames that end at the current row', async () => {
    const py = 'from pyspark.sql import Window\n';
    assert.strictEqual(await intent('python', `${py}w = Window.orderBy("d").rowsBetween(Window.unboundedPreceding, Window.currentRow)`), 'running-frame');
    assert.strictEqual(await intent('python', `${py}w = Window.orderBy("d").rowsBetween(-6, 0)`), 'running-frame');
    assert.strictEqual(await intent('scala', 'import org.apache.spark.sql.expressions.Window\nobject A {\n  def f(n: Int) = Window.orderBy("d").rowsBetween(-(n - 1), Window.currentRow)\n}'), 'running-frame');
  });

  it('knows consecutive numbering over the rows\' current order', async () => {
    const text = 'from pyspark.sql import Window, functions as F\nw = Window.orderBy(F.monotonically_increasing_id())';
    assert.strictEqual(await intent('python', text), 'row-position');
  });

  it('leaves neighbour offsets, forward frames, data orders and frames without an order alone', async () => {
    const py = 'from pyspark.sql import Window\n';
    assert.strictEqual(await intent('python', `${py}w = Window.orderBy("ts").rowsBetween(-1, -1)`), undefined);
    assert.strictEqual(await intent('python', `${py}w = Window.orderBy("ts").rowsBetween(1, Window.unboundedFollowing)`), undefined);
    assert.strictEqual(await intent('python', `${py}w = Window.orderBy("ts")`), undefined);
    assert.strictEqual(await intent('python', `${py}w = Window.rowsBetween(Window.unboundedPreceding, Window.currentRow)`), undefined);
  });

  it('knows a spec built for a caller\'s frame from one in a script or a main', async () => {
    const built = async (language: Language, text: string): Promise<boolean> => {
      const model = await modelOf(language, text);
      const site = model.windows.find((w) => w.chain.steps.some((s) => s.name === 'orderBy'));
      assert.ok(site, 'no window spec');
      return builtForCallersFrame(site, model);
    };
    const spec = 'Window.orderBy("d").rowsBetween(Window.unboundedPreceding, Window.currentRow)';
    assert.strictEqual(await built('python', `def running(frame):\n    return ${spec}`), true);
    assert.strictEqual(await built('python', `class Expanding:\n    def __init__(self, frame):\n        self.w = ${spec}`), true);
    assert.strictEqual(await built('python', `w = ${spec}`), false);
    assert.strictEqual(await built('python', `class Check:\n    def run(self):\n        return ${spec}`), false);
    assert.strictEqual(await built('scala', `object Job {\n  def main(args: Array[String]): Unit = {\n    val w = ${spec}\n  }\n}`), false);
  });
});
