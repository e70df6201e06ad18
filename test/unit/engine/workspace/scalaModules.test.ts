import * as assert from 'assert';
import * as path from 'path';
import type { ImportStmt } from '../../../../server/src/syntax/ast';
import { qualifiedName, sameDeclarations, scalaHeader } from '../../../../server/src/engine/workspace/scalaHeaders';
import { scalaCalleeTarget, type DeclaredIn, type ScalaScope } from '../../../../server/src/engine/workspace/scalaModules';
import { lowerSource } from '../../helpers/parsers';

describe('Scala modules', () => {
  describe('headers read without a parse', () => {
    it('chained package clauses make one package, and the file sees each of them', () => {
      const header = scalaHeader('package com.acme\npackage jobs\n\nobject Daily {\n  def run(spark: SparkSession): Unit = ()\n}\n');
      assert.deepStrictEqual(header.packages, ['com.acme', 'com.acme.jobs']);
      assert.deepStrictEqual(header.definitions.map(qualifiedName), ['com.acme.jobs.Daily']);
    });

    it('objects, classes and traits at the top, with the methods of each body, and not what is nested in them', () => {
      const header = scalaHeader(`package com.acme

import org.apache.spark.sql.DataFrame

case class Row(id: Long)
sealed trait Source
class Lookups(spark: SparkSession) {
  def countries(): DataFrame = spark.read.table("dim.countries")
}
object Lookups extends Serializable {
  def countries(spark: SparkSession): DataFrame = {
    def local(x: Int) = x
    spark.range(3).toDF("id")
  }
  def \`weird name\`(df: DataFrame) = df
  object Inner { def hidden(): Unit = () }
  private def helper = 1
}
`);
      assert.deepStrictEqual(header.definitions.map((d) => `${d.kind} ${qualifiedName(d)} [${[...d.methods].join(', ')}]`), [
        'class com.acme.Row []',
        'trait com.acme.Source []',
        'class com.acme.Lookups [countries]',
        'object com.acme.Lookups [countries, weird name, helper]',
      ]);
    });

    it('braces and keywords in comments and strings change nothing', () => {
      const header = scalaHeader(`package a.b
// object Fake { def gone() }
/* class Commented { */
object Real {
  val text = "} object InString {"
  val raw = """ } } """
  val brace = '}'
  def kept(): Unit = println(s"\${1 + 1} }")
}
`);
      assert.deepStrictEqual(header.definitions.map((d) => `${qualifiedName(d)} [${[...d.methods].join(', ')}]`), ['a.b.Real [kept]']);
    });

    it('package blocks and package objects', () => {
      const header = scalaHeader(`package com.acme {
  package jobs {
    object Steps { def run() = () }
  }
  object Shared { def load() = () }
}
package com.acme
package object jobs {
  def currencies(spark: SparkSession) = spark.range(2)
}
`);
      assert.deepStrictEqual(header.definitions.map((d) => `${d.kind} ${qualifiedName(d)}`), ['object com.acme.jobs.Steps', 'object com.acme.Shared', 'package object com.acme.jobs']);
    });

    it('an edit inside a method body keeps the declarations; a new method or package changes them', () => {
      const before = scalaHeader('package a\nobject O {\n  def f() = 1\n}\n');
      assert.ok(sameDeclarations(before, scalaHeader('package a\nobject O {\n  def f() = { 2 + 3 }\n}\n')));
      assert.ok(!sameDeclarations(before, scalaHeader('package a\nobject O {\n  def f() = 1\n  def g() = 2\n}\n')));
      assert.ok(!sameDeclarations(before, scalaHeader('package b\nobject O {\n  def f() = 1\n}\n')));
    });
  });

  describe('where a call leads', () => {
    /** Declarations of a workspace: `file: text`. */
    const workspace = (files: Record<string, string>) => {
      const byName = new Map<string, DeclaredIn[]>();
      for (const [file, text] of Object.entries(files)) {
        for (const definition of scalaHeader(text).definitions) {
          const places = byName.get(qualifiedName(definition)) ?? [];
          places.push({ file: path.resolve('/ws', file), definition });
          byName.set(qualifiedName(definition), places);
        }
      }
      return (qualified: string) => byName.get(qualified) ?? [];
    };
    const declared = workspace({
      'common/Lookups.scala': 'package com.acme.reference\nclass Lookups { def load() = 1 }\nobject Lookups { def load(spark: SparkSession) = 1 }\n',
      'common/Other.scala': 'package com.acme.other\nobject Lookups { def load(spark: SparkSession) = 1\n def other(spark: SparkSession) = 2 }\n',
      'jobs/Steps.scala': 'package com.acme.jobs\nobject Steps { def run(spark: SparkSession) = 1 }\n',
      'jobs/package.scala': 'package com.acme\npackage object jobs { def currencies(spark: SparkSession) = 1 }\n',
      'Root.scala': 'package com.acme\nobject Shared { def segments(spark: SparkSession) = 1 }\n',
    });
    const scopeOf = async (text: string): Promise<ScalaScope> => ({
      packages: scalaHeader(text).packages,
      imports: (await lowerSource('scala', text)).statements.filter((s): s is ImportStmt => s.kind === 'import'),
    });
    const target = async (callee: string, text: string, from = 'jobs/Daily.scala') => {
      const found = scalaCalleeTarget(callee, path.resolve('/ws', from), await scopeOf(text), declared);
      return found && `${path.relative(path.resolve('/ws'), found.file)} ${found.name}`;
    };

    it('an imported object, renamed, spelled out, or reached by a package wildcard', async () => {
      const text = 'package com.acme.jobs\nimport com.acme.reference.Lookups\nimport com.acme.reference.{Lookups => Ref}\nimport com.acme.other._\n';
      assert.strictEqual(await target('Lookups.load', text), 'common/Lookups.scala Lookups.load', 'the explicit import before the wildcard');
      assert.strictEqual(await target('Ref.load', text), 'common/Lookups.scala Lookups.load');
      assert.strictEqual(await target('com.acme.other.Lookups.load', text), 'common/Other.scala Lookups.load');
      assert.strictEqual(await target('_root_.com.acme.other.Lookups.load', text), 'common/Other.scala Lookups.load');
      assert.strictEqual(await target('Lookups.other', text), 'common/Other.scala Lookups.other', 'the explicit import has no `other`: the wildcard one has');
    });

    it('methods imported by name, renamed, or with the object\'s wildcard', async () => {
      const text = 'package com.acme.jobs\nimport com.acme.reference.Lookups._\nimport com.acme.other.Lookups.{other => second}\n';
      assert.strictEqual(await target('load', text), 'common/Lookups.scala Lookups.load');
      assert.strictEqual(await target('second', text), 'common/Other.scala Lookups.other');
      assert.strictEqual(await target('other', text), undefined, 'imported under another name');
    });

    it('the file\'s own packages without an import, chained clauses seeing the outer package too', async () => {
      assert.strictEqual(await target('Steps.run', 'package com.acme.jobs\n'), 'jobs/Steps.scala Steps.run');
      assert.strictEqual(await target('currencies', 'package com.acme.jobs\n'), 'jobs/package.scala jobs.currencies', 'the package object\'s method');
      assert.strictEqual(await target('Shared.segments', 'package com.acme\npackage jobs\n'), 'Root.scala Shared.segments');
      assert.strictEqual(await target('Shared.segments', 'package com.acme.jobs\n'), undefined, 'one clause: the outer package is not seen');
      assert.strictEqual(await target('jobs.Steps.run', 'package com.acme\n'), 'jobs/Steps.scala Steps.run', 'relative to the file\'s package');
    });

    it('imports relative to the file\'s package', async () => {
      assert.strictEqual(await target('Steps.run', 'package com.acme\nimport jobs.Steps\n', 'Other.scala'), 'jobs/Steps.scala Steps.run');
    });

    it('reaches only objects with that method, never a class or an object outside the workspace', async () => {
      const text = 'package com.acme.jobs\nimport com.acme.reference.Lookups\nimport org.apache.spark.sql.functions._\n';
      assert.strictEqual(await target('Lookups.missing', text), undefined);
      assert.strictEqual(await target('col', text), undefined);
      assert.strictEqual(await target('functions.col', text), undefined);
      assert.strictEqual(await target('Steps.run', 'package com.acme.reports\n'), undefined, 'another package, not imported');
    });

    it('of two files declaring the same object, the one nearer the caller; a tie reaches none', () => {
      const twice = workspace({
        'repoA/src/Lookups.scala': 'package shared\nobject Lookups { def load(spark: SparkSession) = 1 }\n',
        'repoB/src/Lookups.scala': 'package shared\nobject Lookups { def load(spark: SparkSession) = 1 }\n',
      });
      const scope: ScalaScope = { packages: ['shared'], imports: [] };
      const from = (file: string) => scalaCalleeTarget('Lookups.load', path.resolve('/ws', file), scope, twice)?.file;
      assert.strictEqual(from('repoB/src/jobs/Daily.scala'), path.resolve('/ws', 'repoB/src/Lookups.scala'));
      assert.strictEqual(from('Daily.scala'), undefined);
    });
  });
});
