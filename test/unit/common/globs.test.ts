/**
 * Globs from settings match in linear time (picomatch's regular expressions backtracked for minutes
 * on `*a*a*a*a*a*a*a*c` against a long name) and match what picomatch matched on ordinary globs.
 */
import * as assert from 'assert';
import picomatch from 'picomatch';
import { analyzeFileText } from '../../../server/src/engine/fileAnalyzer';
import { normalizeSettings, readSettings } from '../../../server/src/engine/settings';
import { matchesWildcard } from '../../../server/src/history/callsites/targets';
import { compileGlobs, limitGlobs, matchesAnyGlob, MAX_GLOB_LENGTH, MAX_GLOBS } from '../../../server/src/common/globs';
import { parsers } from '../helpers/parsers';

/** Eight stars: picomatch needs well over a minute against 400 characters, hours against 20,000. */
const HOSTILE = '*a*a*a*a*a*a*a*c';
const LONG_NAME = 'a'.repeat(20_000);

const TABLE_GLOBS = ['dim_*', 'ref.*', '*_lookup', 'ref.dim_?', 'country*code*', 'exact_name', '*', '?', 'a*b*c', 'DIM_*', '*.*', 'x{1,2}', '[a-c]*', '@(dim|ref)_*', '*_v[0-9]'];
const TABLE_NAMES = ['dim_date', 'DIM_DATE', 'ref.countries', 'ref.dim_a', 'ref.dim_ab', 'country_iso_code', 'exact_name', 'exact_names', 'a', 'ab', 'abc', 'axbyc', 'x1', 'x3', 'b_table', 'facts', 'sales.orders', 'tmp', 'tmpx', 'orders_v2', 'orders_vx', '', '.hidden', 'user_lookup'];

const PATH_GLOBS = ['**/node_modules/**', '**/.venv/**', '**/target/**', '**/.git/**', 'jobs/**', 'jobs/*.py', '**/*_test.py', 'src/**/gen/*.scala', '*.py', 'legacy/**/*.{py,scala}', '**/generated/**', 'a/?/c.py', '**', 'jobs/[a-m]*.py'];
const PATHS = ['jobs/etl.py', 'jobs/nightly/etl.py', 'node_modules/x/y.py', 'src/node_modules/y.py', 'a/.venv/lib/v.py', '.git/hooks/h.py', 'src/main/gen/A.scala', 'src/gen/A.scala', 'src/main/scala/gen/deep/A.scala', 'etl.py', 'etl_test.py', 'tests/etl_test.py', 'legacy/old.py', 'legacy/x/old.scala', 'legacy/x/old.java', 'x/generated/y.py', 'x/generated', 'x/generated/', 'a/b/c.py', 'a/bb/c.py', 'jobs/nightly.py', 'jobs/zeta.py', '.hidden.py'];

describe('rules: globs', () => {
  it('table-name globs match as picomatch did (case-insensitive, dot files included)', () => {
    for (const glob of TABLE_GLOBS) {
      const reference = picomatch(glob, { nocase: true, dot: true });
      for (const name of TABLE_NAMES) assert.strictEqual(matchesAnyGlob(name, [glob]), reference(name), `${glob} against ${JSON.stringify(name)}`);
    }
  });

  it('path globs match as picomatch did, one glob or a list', () => {
    for (const glob of PATH_GLOBS) {
      const reference = picomatch(glob, { dot: true });
      for (const file of PATHS) assert.strictEqual(compileGlobs([glob])(file), reference(file), `${glob} against ${file}`);
    }
    const list = ['**/node_modules/**', 'jobs/*.py'];
    const reference = picomatch(list, { dot: true });
    for (const file of PATHS) assert.strictEqual(compileGlobs(list)(file), reference(file), `${list.join(', ')} against ${file}`);
  });

  it('a hostile glob against a long name answers at once, whatever the call site', function () {
    // Before: picomatch backtracked for hours here and the mocha timeout failed the test.
    this.timeout(10_000);
    assert.strictEqual(matchesAnyGlob(LONG_NAME, [HOSTILE]), false);
    assert.strictEqual(matchesAnyGlob(`${LONG_NAME}c`, [HOSTILE]), true);
    assert.strictEqual(compileGlobs([`**/${HOSTILE}/**`])(`${LONG_NAME}/${LONG_NAME}/x.py`), false);
    assert.strictEqual(compileGlobs([`${'*a'.repeat(200)}*c`])(LONG_NAME), false);
    assert.strictEqual(matchesWildcard(HOSTILE, LONG_NAME), false);
    assert.strictEqual(matchesWildcard(HOSTILE, `${LONG_NAME}c`), true);
  });

  it('a hostile smallTables glob does not stall the analysis of a file naming a long table', async function () {
    this.timeout(10_000);
    const code = `from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\nfacts = spark.table("facts")\nsmall = spark.table("${LONG_NAME}")\nfacts.join(small, "id").write.parquet("/out")\n`;
    const analyze = async (smallTables: string[]) =>
      analyzeFileText(await parsers(), 'python', code, { settings: normalizeSettings({ smallTables }) }).findings.filter((f) => f.ruleId === 'missing-broadcast');
    assert.strictEqual((await analyze([HOSTILE])).length, 0);
    // The same pattern, when it matches, still makes the table small.
    assert.strictEqual((await analyze([`${HOSTILE.slice(0, -1)}`])).length, 1);
  });

  it('`*`-only wildcards (app names, write targets) match as the regular expression did', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'is').test(text);
    const patterns = ['daily-orders-etl-*', '*', '**', '*/out/daily', 's3://lake/*/part', 'a*b*a', '*aa*', 'exact', 'A?b', '*x*y*z', 'ab*ba', '', 'a**b'];
    const texts = ['daily-orders-etl-2026-11-02', 'DAILY-ORDERS-ETL-', '/data/out/daily', 's3://lake/2026/part', 'aba', 'ab', 'a', 'aab', 'aaa', 'exact', 'A?b', 'Axb', 'xyz', 'x/y/z', 'aba', 'abba', 'ab', '', 'a\nb', 'zyx'];
    for (const pattern of patterns) {
      for (const text of texts) assert.strictEqual(matchesWildcard(pattern, text), reference(pattern, text), `${pattern} against ${JSON.stringify(text)}`);
    }
  });

  it('globs over the length and count caps are left out, with a message naming the setting', () => {
    const long = `${'x'.repeat(MAX_GLOB_LENGTH)}*`;
    const many = Array.from({ length: MAX_GLOBS + 5 }, (_, i) => `t${i}_*`);
    assert.deepStrictEqual(limitGlobs(['dim_*', long], 'sparkAdvisor.smallTables'), {
      kept: ['dim_*'],
      problems: [`sparkAdvisor.smallTables: 1 glob longer than ${MAX_GLOB_LENGTH} characters ignored`],
    });
    const { settings, problems } = readSettings({ smallTables: ['dim_*', long], exclude: many });
    assert.deepStrictEqual(settings.smallTables, ['dim_*']);
    assert.strictEqual(settings.exclude.length, MAX_GLOBS);
    assert.deepStrictEqual(problems, [
      `sparkAdvisor.smallTables: 1 glob longer than ${MAX_GLOB_LENGTH} characters ignored`,
      `sparkAdvisor.exclude: only the first ${MAX_GLOBS} of ${MAX_GLOBS + 5} globs are used`,
    ]);
    assert.strictEqual(matchesAnyGlob(`${'x'.repeat(MAX_GLOB_LENGTH)}y`, [long]), false, 'an over-long glob given directly matches nothing');
  });

  it('braces that would expand past the cap match nothing instead of exploding', function () {
    this.timeout(10_000);
    const explosive = '{a,b}'.repeat(40);
    assert.strictEqual(matchesAnyGlob('ab'.repeat(20), [explosive]), false);
  });
});
