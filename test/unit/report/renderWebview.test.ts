/**
 * The report page in a real browser (the Chromium the e2e tests use): under its own CSP nothing is
 * blocked and no injected payload runs; standalone, "Go to code" is hidden and Copy uses the
 * clipboard; with a VS Code API stand-in (what a webview provides), the buttons post their messages
 * and closed sections survive a reload through setState/getState.
 */
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReportHtml } from '../../../server/src/report/render';
import { REPO_ROOT } from '../helpers/fixtures';
import { hostileModel, PAYLOADS, sampleModel } from './renderModels';

const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

function standalonePage(html: (options: { script: string; style: string }) => string): string {
  const bundle = esbuild.buildSync({ entryPoints: [path.join(REPO_ROOT, 'webview/src/main.ts')], bundle: true, platform: 'browser', format: 'iife', write: false });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-report-')), 'report.html');
  fs.writeFileSync(file, html({ script: bundle.outputFiles[0]!.text, style: fs.readFileSync(path.join(REPO_ROOT, 'webview/styles.css'), 'utf8') }));
  return pathToFileURL(file).href;
}

/** Records CSP violations and alert() calls; optionally stands in for the webview's acquireVsCodeApi. */
async function openPage(browser: Browser, url: string, withVsCodeApi: boolean): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Browser-side code as text: this project compiles without the DOM library.
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    if (${withVsCodeApi}) {
      window.__posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__posted.push(message),
        getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
        setState: (state) => sessionStorage.setItem('state', JSON.stringify(state)),
      });
    }`);
  await page.goto(url);
  return { page, dialogs, errors };
}

describe('report page in a browser', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (set E2E_CHROMIUM)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
  });
  after(async () => browser?.close());

  it('runs no injected payload and breaks no CSP rule', async () => {
    const url = standalonePage((inline) => renderReportHtml(hostileModel(), { nonce: 'bm9uY2Vub25jZTEyMzQ1Ng', inline }));
    const { page, dialogs, errors } = await openPage(browser, url, false);
    await page.waitForTimeout(300);
    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(await page.evaluate('window.__violations'), []);
    assert.strictEqual(await page.locator('img').count(), 0);
    assert.strictEqual(await page.locator('script').count(), 1);
    // The payloads are visible as text.
    const text = await page.locator('h1').textContent();
    for (const payload of PAYLOADS) assert.ok(text!.includes(payload));
    // The stylesheet applied: the severity badge is bordered, the charts scaled to the page.
    assert.notStrictEqual(await page.evaluate("getComputedStyle(document.querySelector('.badge')).borderTopStyle"), 'none');
  });

  it('standalone: hides "Go to code", copies with the Clipboard API, shows keyboard focus', async () => {
    const url = standalonePage((inline) => renderReportHtml(sampleModel(), { nonce: 'bm9uY2Vub25jZTEyMzQ1Ng', inline }));
    const { page, errors } = await openPage(browser, url, false);
    assert.strictEqual(await page.locator('button.reveal').count(), 2);
    assert.strictEqual(await page.locator('button.reveal:visible').count(), 0);
    // The file:// page has no clipboard permission in headless Chromium; record the call instead.
    await page.evaluate(`
      window.__copied = [];
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text) => void window.__copied.push(text) } });`);
    await page.locator('button.copy').first().click();
    const expected = await page.locator('#conf-spark-defaults').textContent();
    assert.deepStrictEqual(await page.evaluate('window.__copied'), [expected]);
    assert.strictEqual(await page.locator('#status').textContent(), 'Copied');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focus = (await page.evaluate('({ tag: document.activeElement.tagName, outline: getComputedStyle(document.activeElement).outlineStyle })')) as { tag: string; outline: string };
    assert.strictEqual(focus.outline, 'solid', JSON.stringify(focus));
    assert.deepStrictEqual(errors, []);
  });

  it('in VS Code: posts reveal and copy, remembers closed sections across a reload', async () => {
    const url = standalonePage((inline) => renderReportHtml(hostileModel(), { nonce: 'bm9uY2Vub25jZTEyMzQ1Ng', inline }));
    const { page, errors } = await openPage(browser, url, true);
    const reveal = page.locator('#findings button.reveal').first();
    assert.ok(await reveal.isVisible());
    await reveal.click();
    await page.locator('#configuration button.copy').nth(1).click();
    const posted = await page.evaluate('window.__posted');
    const submitText = await page.locator('#conf-spark-submit').textContent();
    assert.deepStrictEqual(posted, [{ type: 'reveal', file: PAYLOADS[3], line: 7 }, { type: 'copy', text: submitText }]);

    await page.locator('#findings summary').click();
    assert.strictEqual(await page.evaluate("document.querySelector('#findings details').open"), false);
    // The toggle event (which saves the state) comes after the click's task: wait for it, as VS Code would.
    await page.waitForFunction("(JSON.parse(sessionStorage.getItem('state') ?? 'null')?.closedSections ?? []).length > 0");
    await page.reload();
    assert.strictEqual(await page.evaluate("document.querySelector('#findings details').open"), false, 'still closed after the reload');
    assert.strictEqual(await page.evaluate("document.querySelector('#timeline details').open"), true);
    assert.deepStrictEqual(errors, []);
  });
});
