import * as assert from 'assert';
import { splitMessage, twoLineMessage } from '../../../server/src/rules/headline';

describe('message headlines', () => {
  it('keeps a short first sentence as the headline and the rest as the explanation', () => {
    assert.deepStrictEqual(splitMessage('`summary` is cached but read once. Remove cache().'), { headline: '`summary` is cached but read once.', explanation: 'Remove cache().', cut: false });
  });

  it('ends a long first sentence at its last clause that fits, outside code', () => {
    const long = `\`a.b: c\` is read by ${'many '.repeat(12)}jobs: ${'x'.repeat(40)} and more, which is slow. Fix it.`;
    const split = splitMessage(long);
    assert.strictEqual(split.headline, `\`a.b: c\` is read by ${'many '.repeat(12)}jobs.`);
    assert.ok(split.explanation.startsWith(`X${'x'.repeat(39)} and more`), split.explanation);
    assert.strictEqual(split.cut, false);
  });

  it('falls back to a comma before an explaining clause, then to a marked cut', () => {
    assert.strictEqual(splitMessage(`count() tests whether \`df\` is empty${' really'.repeat(8)}, but it reads every partition ${'y'.repeat(60)}.`).headline, `count() tests whether \`df\` is empty${' really'.repeat(8)}.`);
    const cut = splitMessage(`${'word '.repeat(40)}end.`);
    assert.ok(cut.cut && cut.headline.endsWith('…') && cut.headline.length <= 120, cut.headline);
  });

  it('puts the headline on the first line of an editor message', () => {
    assert.strictEqual(twoLineMessage('Short. Longer explanation here.'), 'Short.\nLonger explanation here.');
    assert.strictEqual(twoLineMessage('Only this.'), 'Only this.');
  });
});
