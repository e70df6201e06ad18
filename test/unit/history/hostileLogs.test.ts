/**
 * Application names come from event logs, which anyone can write: a name full of markup must reach
 * the hover, the code lens and the diagnostics as text, never as links, HTML or icons.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeLowered } from '../../../server/src/engine/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/engine/settings';
import { HistoryService } from '../../../server/src/history/service';
import { lensTitle, lineHistories } from '../../../server/src/history/lineHistory';
import { hoverFor } from '../../../server/src/lsp/hover';
import { buildReportModel } from '../../../server/src/report/build';
import { renderMarkdown, renderReportHtml } from '../../../server/src/report/render';
import { writeEventLog } from '../../../scripts/eventlog-generator';
import { EXAMPLE_LOGS } from '../../../scripts/eventlog-generator/examples';
import { REPO_ROOT } from '../helpers/fixtures';
import { lowerSource } from '../helpers/parsers';

const JOB = 'scala/src/main/scala/com/acme/etl/DailyRevenueJob.scala';
const HOSTILE = 'x<img src=x onerror=alert(1)>[click](command:workbench.action.terminal.new)$(alert)\n**b** `c` <script>alert(2)</script>';

describe('hostile application names from event logs', function () {
  this.timeout(60_000);
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-hostile-'));
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  it('reach the hover escaped and the lens as plain text', async () => {
    const example = EXAMPLE_LOGS.find((log) => log.job === JOB)!;
    await writeEventLog({ ...structuredClone(example.run), appName: HOSTILE }, path.join(temporary, example.file));
    const service = await HistoryService.open({ roots: [path.join(REPO_ROOT, 'examples')] });
    try {
      assert.deepStrictEqual((await service.import([temporary])).errors, []);
      const file = path.join(REPO_ROOT, 'examples', JOB);
      const text = fs.readFileSync(file, 'utf8');
      const { findings, history } = analyzeLowered(await lowerSource('scala', text), text, { settings: DEFAULT_SETTINGS, file, evidence: service.provider });
      const lines = lineHistories(history);
      assert.ok(lines.length > 0, 'stages of the hostile run map to the job');

      for (const line of lines) {
        const title = lensTitle(line);
        assert.ok(!title.includes('$('), `no icon syntax in ${title}`);
        assert.ok(!/[\n\r]/.test(title), 'one line');
        const hover = hoverFor(history, { line: line.line, character: 0 }, (l) => l);
        const markdown = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        assert.ok(markdown.includes('measured here'), markdown);
        // Every markup character of the name arrives escaped: no tag, link or emphasis survives.
        assert.ok(!/(^|[^\\])<(img|script|\/script)|(^|[^\\])\]\(command:workbench|(^|[^\\])\*\*b/.test(markdown), markdown);
        assert.ok(markdown.includes('\\<img src=x onerror=alert\\(1\\)\\>'), markdown);
        // The one command link is ours: the report of that run.
        assert.deepStrictEqual(markdown.match(/\]\(command:[\w.]+/g), ['](command:sparkAdvisor.showReport']);
      }
      const measured = findings.filter((f) => f.message.includes('onerror'));
      assert.ok(measured.length > 0, 'findings quote the run by its name');
    } finally {
      service.close();
    }
  });

  it('reach the report (webview HTML, standalone export, Markdown) as text: app name and SQL description', async () => {
    const example = EXAMPLE_LOGS.find((log) => log.job === JOB)!;
    const run = structuredClone(example.run);
    run.appName = HOSTILE;
    for (const action of run.actions) action.description = `SELECT 1 /* ${HOSTILE} */`;
    const logs = path.join(temporary, 'report');
    fs.mkdirSync(logs);
    await writeEventLog(run, path.join(logs, example.file));
    const service = await HistoryService.open({ roots: [path.join(REPO_ROOT, 'examples')] });
    try {
      assert.deepStrictEqual((await service.import([logs])).errors, []);
      const appKey = service.store.applications()[0]!.appKey;
      const model = buildReportModel(appKey, { reader: service.store, cost: { currency: '$' }, locate: () => undefined })!;
      assert.strictEqual(model.summary.name, HOSTILE, 'the model keeps the raw name');
      const pages = [
        renderReportHtml(model, { nonce: 'bm9uY2Vub25jZQ==', cspSource: 'vscode-webview:', scriptUri: 'webview.js', styleUri: 'webview.css' }),
        renderReportHtml(model, { nonce: 'bm9uY2Vub25jZQ==', inline: { script: 'void 0;', style: 'body{}' } }),
      ];
      for (const html of pages) {
        assert.strictEqual((html.match(/<script/gi) ?? []).length, 1, 'only the page\'s own script');
        // Escaped, the payload is harmless text; as markup it would be a tag, a handler inside a tag, or a URL.
        const injected = /<img|<svg[^>]*onload|<[^>]*\bon(error|load)\s*=|(href|src)\s*=\s*["']?\s*javascript:/i.exec(html);
        assert.ok(!injected, `no injected element, handler or URL: ${injected ? html.slice(Math.max(0, injected.index - 80), injected.index + 80) : ""}`);
        assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is shown, escaped');
      }
      const markdown = renderMarkdown(model);
      assert.ok(!/(^|[^\\`])<(img|script)/m.test(markdown.replace(/```[\s\S]*?```/g, '')), 'no raw tag in the Markdown');
    } finally {
      service.close();
    }
  });
});

