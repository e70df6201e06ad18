/**
 * `npm run screenshots` (after the editor pictures): the exported standalone report of an example
 * run in headless Chromium with the light and the dark colour scheme, as a team would open it —
 * docs/images/report-light.png and report-dark.png.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { HistoryService } from '../../server/src/history/service';
import { buildReportModel } from '../../server/src/report/build';
import { renderReportHtml } from '../../server/src/report/render';

const REPO = path.resolve(__dirname, '../../..');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const APP_ID = 'app-20261109070000-0005';

async function main(): Promise<void> {
  const service = await HistoryService.open({ roots: [path.join(REPO, 'examples')] });
  const html = await (async () => {
    try {
      await service.import([path.join(REPO, 'examples', 'eventlogs')]);
      const app = service.store.applications().find((a) => a.appId === APP_ID)!;
      const model = buildReportModel(app.appKey, { reader: service.store, cost: { currency: '$', pricePerCoreHour: 0.06 }, locate: (key, stageId, attemptId) => service.provider.stageLocation(key, stageId, attemptId) })!;
      const dist = path.join(REPO, 'dist');
      return renderReportHtml(model, { nonce: 'c2NyZWVuc2hvdHNub25jZQ', inline: { script: fs.readFileSync(path.join(dist, 'webview.js'), 'utf8'), style: fs.readFileSync(path.join(dist, 'webview.css'), 'utf8') } });
    } finally {
      service.close();
    }
  })();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-report-')), 'report.html');
  fs.writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, colorScheme: scheme });
      await page.goto(`file://${file}`);
      const target = path.join(REPO, 'docs', 'images', `report-${scheme}.png`);
      await page.screenshot({ path: target });
      console.log(`screenshot: ${target}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
