/**
 * Random edits that mix every kind of line break (including a lone '\r'), surrogate pairs, lone
 * surrogates and NUL into a Spark job: after each burst, every range the server returns
 * (diagnostics, their related locations, code-action edits, hovers) lies inside the document as the
 * client counts its lines.
 */
import * as assert from 'assert';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { STATUS_JOB } from './documents';
import { useServer } from './lspClient';
import { codeActions, seededRandom } from './support';
import { editsFor, lineLength, lineStarts, positionAt, rangeOf } from './textEdits';

const SNIPPETS = ['\r', '\r\n', '\n', '\r\r', '\u{1F600}', '\uD800', '\uDFFF', '\u0000', 'x', ' ', 'df.join(small, "id")', 'spark.range(5).collect()\r', '.cache()', 'rows = lookup.collect()\r\n', '"\u00e9\u4e2d"', ')', '(', 'for i in range(3):\r    df = df.withColumn("c", df.id)\r'];
const EDITS = 400;
const CHECK_EVERY = 20;

function inside(text: string, range: Range, what: string): void {
  const lines = lineStarts(text).length;
  for (const [name, position] of [['start', range.start], ['end', range.end]] as const) {
    assert.ok(position.line >= 0 && position.line < lines, `${what} ${name} line ${position.line} of ${lines} lines\n${JSON.stringify(text)}`);
    const length = lineLength(text, position.line);
    assert.ok(position.character >= 0 && position.character <= length, `${what} ${name} ${position.line}:${position.character} past the line's ${length} characters\n${JSON.stringify(text)}`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what} ends before it starts: ${JSON.stringify(range)}`);
}

describe('random edits with every kind of line break, surrogates and NUL', function () {
  this.timeout(120_000);
  const server = useServer();

  for (const [seed, language] of [
    [8, 'python'],
    [80, 'python'],
    [808, 'scala'],
  ] as const) {
    it(`keeps every returned range inside the document (seed ${seed}, ${language})`, async () => {
      const client = server();
      const random = seededRandom(seed);
      const uri = client.uri(`fuzz/line-breaks-${seed}.${language === 'scala' ? 'scala' : 'py'}`);
      const start = language === 'scala' ? 'import org.apache.spark.sql.SparkSession\r\nobject Job {\r  val spark = SparkSession.builder.getOrCreate()\r  val rows = spark.table("t").collect()\r}\r' : STATUS_JOB.replace(/\n/g, '\r');
      await client.open(uri, start, language);
      let text = start;
      for (let edit = 1; edit <= EDITS; edit++) {
        const from = Math.floor(random() * (text.length + 1));
        const to = Math.min(text.length, from + (random() < 0.3 ? Math.floor(random() * 6) : 0));
        const inserted = random() < 0.15 ? '' : SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
        text = await client.change(uri, [{ range: rangeOf(text, from, to), text: inserted }]);
        if (edit % CHECK_EVERY !== 0) continue;
        const diagnostics: Diagnostic[] = await client.diagnostics(uri);
        for (const diagnostic of diagnostics) {
          inside(text, diagnostic.range, `diagnostic ${String(diagnostic.code)}`);
          for (const related of diagnostic.relatedInformation ?? []) if (related.location.uri === uri) inside(text, related.location.range, 'related location');
        }
        const whole = rangeOf(text, 0, text.length);
        for (const action of codeActions(await client.codeActions(uri, whole, diagnostics))) {
          // "Show documentation" actions run a command and edit nothing.
          if (!action.edit) continue;
          for (const change of editsFor(action.edit, uri)) inside(text, change.range, `edit of "${action.title}"`);
        }
        const at = positionAt(text, Math.floor(random() * (text.length + 1)));
        const hover = await client.hover(uri, at);
        if (hover?.range) inside(text, hover.range, 'hover');
      }
      await client.close(uri);
    });
  }
});
