/**
 * Floods of malformed lines: warnings stay bounded (the first ones kept with file and line, the rest
 * counted), and a file that is mostly not JSON is given up early with an error naming it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { importEventLogs } from '../../../server/src/history/import';
import { HistoryStore } from '../../../server/src/history/store';

const START = '{"Event":"SparkListenerApplicationStart","App Name":"flood","App ID":"app-flood","Timestamp":1000,"User":"u"}';
const TASK_START = '{"Event":"SparkListenerTaskStart","Stage ID":0,"Stage Attempt ID":0}';
const GARBAGE = '{not json at all}';

describe('malformed-line floods', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-flood-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a file of garbage lines is given up after 1,000 of them, naming the file, without reading the rest', async () => {
    const file = path.join(dir, 'app-garbage');
    fs.writeFileSync(file, `${GARBAGE}\n`.repeat(200_000));
    const store = await HistoryStore.open();
    let bytesSeen = 0;
    const report = await importEventLogs([file], store, { onProgress: ({ bytesDone }) => (bytesSeen = Math.max(bytesSeen, bytesDone)) });
    assert.deepStrictEqual(report.errors.map((error) => error.file), [file]);
    assert.match(report.errors[0]!.message, /^not an event log: 1,000 of the first 1,000 lines of app-garbage are not JSON events \(line 1: .*\); gave up reading it$/);
    assert.strictEqual(report.applications, 0);
    assert.strictEqual(store.sourcePaths().length, 0, 'nothing stored for it');
    store.close();
  });

  it('a device or a FIFO named as a log is refused at once rather than read forever', async () => {
    const store = await HistoryStore.open();
    const report = await importEventLogs(['/dev/zero'], store);
    assert.deepStrictEqual(report.errors, [{ file: '/dev/zero', message: 'cannot read event logs at /dev/zero: not a regular file or folder' }]);
    store.close();
  });

  it('a log with many malformed lines among more events is imported; warnings kept are bounded and the others counted', async () => {
    const file = path.join(dir, 'app-mixed');
    const lines = [START];
    for (let i = 0; i < 3000; i++) lines.push(TASK_START, i % 2 === 0 ? GARBAGE : TASK_START);
    lines.push('{"Event":"SparkListenerApplicationEnd","Timestamp":2000}');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const store = await HistoryStore.open();
    const report = await importEventLogs([file], store);
    assert.deepStrictEqual(report.errors, []);
    assert.strictEqual(report.applications, 1);
    assert.strictEqual(report.warnings.length, 200, 'the first 200 kept');
    assert.deepStrictEqual(report.warnings.slice(0, 2).map((w) => [w.file, w.line, w.kind]), [
      [file, 3, 'malformed-json'],
      [file, 7, 'malformed-json'],
    ]);
    assert.strictEqual(report.warningsDropped, 1300, 'the rest counted');
    store.close();
  });
});
