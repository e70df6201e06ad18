import * as assert from 'assert';
import { argumentsContain } from '../../../server/src/model/argumentSearch';
import type { Language } from '../../../server/src/syntax/ast';
import { modelOf } from '../helpers/parsers';

/** Whether the arguments of the snippet's `mapPartitions` step mention the name `TaskContext`. */
async function mentionsTaskContext(language: Language, text: string): Promise<boolean> {
  const model = await modelOf(language, text);
  const entry = model.frameSteps.find((s) => s.step.name === 'mapPartitions');
  assert.ok(entry, 'no mapPartitions step');
  return argumentsContain(entry.step, (expr) => expr.kind === 'name' && expr.id === 'TaskContext');
}

describe('argument search: what the arguments of a step contain', () => {
  it('looks inside calls, lambda bodies and Scala blocks', async () => {
    assert.strictEqual(await mentionsTaskContext('python', 'df.rdd.mapPartitions(lambda it: [TaskContext.get().partitionId()])'), true);
    const block = ['object A {', '  df.rdd.mapPartitions { rows =>', '    val id = TaskContext.getPartitionId()', '    rows.map(r => (id, r))', '  }', '}'].join('\n');
    assert.strictEqual(await mentionsTaskContext('scala', block), true);
  });

  it('is false when no argument has it', async () => {
    assert.strictEqual(await mentionsTaskContext('python', 'df.rdd.mapPartitions(lambda it: [len(list(it))])'), false);
  });
});
