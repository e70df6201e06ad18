/**
 * The ecosystem check as a test: the real CLI over ../shared/realcode (third-party Spark code
 * nobody here wrote) must give exactly the findings the hand-labelled baseline knows — no new,
 * unlabelled finding and no lost true positive — and keep the precision the README states.
 */
import * as assert from 'assert';
import { compareWithBaseline, readBaseline, unlabelledFindings, type Comparison } from '../ecosystem/baseline';
import { realcodeDir, runEcosystemCheck } from '../ecosystem/findings';
import { figuresByRule, formatDiff, lenientPrecision, strictPrecision } from '../ecosystem/summary';

describe('ecosystem check over ../shared/realcode', function () {
  this.timeout(180_000);
  let comparison: Comparison;

  before(() => {
    comparison = compareWithBaseline(runEcosystemCheck(realcodeDir()), readBaseline());
  });

  it('labels every finding (run `npm run ecosystem -- --update`, then label the new entries by reading the code)', () => {
    const unlabelled = unlabelledFindings(comparison).map((f) => `${f.rule} ${f.file}:${f.line}`);
    assert.deepStrictEqual(unlabelled, [], formatDiff(comparison));
  });

  it('keeps every labelled true positive', () => {
    const lost = comparison.gone.filter((e) => e.label === 'tp').map((e) => `${e.rule} ${e.file}:${e.line} (${e.reason})`);
    assert.deepStrictEqual(lost, []);
  });

  it('keeps every labelled finding a reason', () => {
    const bare = comparison.matched.filter((m) => m.entry.label !== null && m.entry.reason.trim() === '').map((m) => `${m.entry.rule} ${m.entry.file}:${m.entry.line}`);
    assert.deepStrictEqual(bare, []);
  });

  it('has precision ≥ 0.90 overall, counting debatable findings against it', () => {
    const { total } = figuresByRule(comparison);
    assert.ok(strictPrecision(total) >= 0.9, `overall precision ${strictPrecision(total).toFixed(3)} (tp ${total.tp}, fp ${total.fp}, debatable ${total.debatable})`);
  });

  it('has precision ≥ 0.90 for every rule with at least 5 findings', () => {
    const low = figuresByRule(comparison)
      .rules.filter((f) => f.findings >= 5 && lenientPrecision(f) < 0.9)
      .map((f) => `${f.rule}: ${lenientPrecision(f).toFixed(2)} (tp ${f.tp}, fp ${f.fp})`);
    assert.deepStrictEqual(low, []);
  });
});
