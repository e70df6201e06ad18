import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../../../server/src/engine/workspace/workspaceIndex';
import { lowerSource, parsers } from '../../helpers/parsers';
import { workspaceWith, writeInto } from '../../helpers/tempWorkspace';

const SMALL_BODY = 'spark.range(4).toDF("country")';
const LARGE_BODY = 'spark.read.table("dim.countries")';

/** A companion class reading the big table beside an object building a small one. */
const lookups = (pkg: string, body = SMALL_BODY, comment = '') => `package ${pkg}
${comment}
import org.apache.spark.sql.{DataFrame, SparkSession}

class Lookups(spark: SparkSession) {
  def countries(): DataFrame = spark.read.table("dim.countries")
}

object Lookups {
  def countries(spark: SparkSession): DataFrame = ${body}
}
`;

const CALLER = `package com.shop.jobs

import com.shop.reference.Lookups

object Daily {
  def main(args: Array[String]): Unit = ()
}
`;

describe('workspace index: Scala objects of other files', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  async function setUp(files: Record<string, string>) {
    const root = workspaceWith(files);
    roots.push(root);
    const loaded = await parsers();
    const workspace = new WorkspaceIndex({ roots: () => [root], parsers: () => loaded, trackDependents: true });
    const importsOf = async (relative: string) => workspace.importsFor(path.join(root, relative), await lowerSource('scala', fs.readFileSync(path.join(root, relative), 'utf8')));
    return { root, workspace, importsOf };
  }

  it('a call on an object reaches the object\'s method, not its companion class\'s', async () => {
    // The folder does not match the package: the declaration decides.
    const { importsOf } = await setUp({ 'src/common/Lookups.scala': lookups('com.shop.reference'), 'src/jobs/Daily.scala': CALLER });
    const imports = await importsOf('src/jobs/Daily.scala');
    assert.strictEqual(imports.resolve('Lookups.countries')?.summary([])?.returns?.sizeHint?.kind, 'range');
    assert.strictEqual(imports.resolve('Lookups.missing'), undefined);
  });

  it('after an edit, only callers whose summaries read differently are stale', async () => {
    const { root, workspace, importsOf } = await setUp({ 'Lookups.scala': lookups('com.shop.reference'), 'Daily.scala': CALLER });
    assert.ok((await importsOf('Daily.scala')).resolve('Lookups.countries')?.summary([]));
    const helper = path.join(root, 'Lookups.scala');

    writeInto(root, 'Lookups.scala', lookups('com.shop.reference', SMALL_BODY, '// reference data kept as code\n'));
    workspace.fileChanged(helper);
    assert.deepStrictEqual(workspace.staleAfterChange(helper), [], 'a comment and moved lines change no summary');

    writeInto(root, 'Lookups.scala', lookups('com.shop.reference', LARGE_BODY));
    workspace.fileChanged(helper);
    assert.deepStrictEqual(workspace.staleAfterChange(helper), [path.join(root, 'Daily.scala')]);
    assert.deepStrictEqual(workspace.dependenciesOf(path.join(root, 'Daily.scala')), [helper]);
  });

  it('an object moved to another package is no longer reached, and the callers\' generation changes', async () => {
    const { root, workspace, importsOf } = await setUp({ 'Lookups.scala': lookups('com.shop.reference'), 'Daily.scala': CALLER });
    assert.ok((await importsOf('Daily.scala')).resolve('Lookups.countries'));
    const before = workspace.generation(path.join(root, 'Daily.scala'));

    writeInto(root, 'Lookups.scala', lookups('com.shop.archive'));
    workspace.fileChanged(path.join(root, 'Lookups.scala'));
    assert.strictEqual((await importsOf('Daily.scala')).resolve('Lookups.countries'), undefined);
    assert.notStrictEqual(workspace.generation(path.join(root, 'Daily.scala')), before);
  });

  it('a new file declaring the object is found once the disk says it exists', async () => {
    const { root, workspace, importsOf } = await setUp({ 'Daily.scala': CALLER });
    assert.strictEqual((await importsOf('Daily.scala')).resolve('Lookups.countries'), undefined);
    const helper = writeInto(root, 'lib/Lookups.scala', lookups('com.shop.reference'));
    workspace.fileChanged(helper, true);
    assert.ok((await importsOf('Daily.scala')).resolve('Lookups.countries'));
  });

  it('a summary needing a third file\'s object is worked out through it', async () => {
    const { importsOf } = await setUp({
      'Lookups.scala': lookups('com.shop.reference'),
      'Regions.scala': 'package com.shop.reference\n\nobject Regions {\n  def european(spark: SparkSession) = Lookups.countries(spark).limit(3)\n}\n',
      'Daily.scala': CALLER.replace('Lookups', 'Regions'),
    });
    const summary = (await importsOf('Daily.scala')).resolve('Regions.european')?.summary([]);
    assert.ok(summary?.returns?.sizeHint, 'small: a limit of a small frame built in the third file');
  });
});
