import * as assert from 'assert';
import { makesTextOfArguments } from '../../../server/src/model/frameText';

describe('makesTextOfArguments', () => {
  it('knows the calls that print or stringify their arguments in each language', () => {
    for (const name of ['print', 'str', 'repr']) assert.strictEqual(makesTextOfArguments(name, 'python'), true, name);
    for (const name of ['println', 'print']) assert.strictEqual(makesTextOfArguments(name, 'scala'), true, name);
  });

  it('leaves other calls, and one language\'s names in the other, alone', () => {
    assert.strictEqual(makesTextOfArguments('display', 'python'), false);
    assert.strictEqual(makesTextOfArguments('println', 'python'), false);
    assert.strictEqual(makesTextOfArguments('str', 'scala'), false);
    assert.strictEqual(makesTextOfArguments('show', 'scala'), false);
  });
});
