import * as assert from 'assert';
import { behindDebugSwitch } from '../../../server/src/model/debugGuards';
import { modelOf } from '../helpers/parsers';

async function showGuarded(language: 'python' | 'scala', text: string): Promise<boolean> {
  const model = await modelOf(language, text);
  const show = model.actions.find((a) => a.name === 'show');
  assert.ok(show, 'no show() in the model');
  return behindDebugSwitch(model.statements, show.step.span);
}

const PY = 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\ndf = spark.table("t")\n';

describe('debug switches', () => {
  it('sees debug, verbose and dry-run flags around a call', async () => {
    assert.ok(await showGuarded('python', `${PY}if args.debug:\n    df.show()\n`));
    assert.ok(await showGuarded('python', `${PY}if self.verbose and n > 0:\n    df.show()\n`));
    assert.ok(await showGuarded('python', `${PY}if dry_run:\n    df.show()\nelse:\n    df.write.parquet("x")\n`));
    assert.ok(await showGuarded('scala', 'object J {\n  val df = spark.table("t")\n  if (dryRun) df.show(20) else df.write.parquet("x")\n}\n'));
  });

  it('does not take data tests or other conditions for switches', async () => {
    assert.ok(!(await showGuarded('python', `${PY}if df.count() > 0:\n    df.show()\n`)));
    assert.ok(!(await showGuarded('python', `${PY}df.show()\n`)));
    assert.ok(!(await showGuarded('python', `${PY}if mode == "full":\n    df.show()\n`)));
  });
});
