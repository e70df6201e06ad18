#!/usr/bin/env node
// Runs an extension's mocha suite inside a real VS Code (code-server) driven by headless Chromium.
// See docs/testing-e2e.md. Needs scripts/setup-code-server.sh to have run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { contrastCheckExpression } from './contrast.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE_SERVER_VERSION = '4.100.3';
const CS_DIR = process.env.E2E_CODE_SERVER_DIR ?? path.join(ROOT, '.tools/code-server');
const CS_ENTRY = path.join(CS_DIR, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const KEEP = process.env.E2E_KEEP === '1';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log('[e2e]', ...a);
const fail = (msg) => { console.error(`[e2e] ERROR: ${msg}`); process.exit(1); };

const { values: opt } = parseArgs({
  options: {
    'extension-development-path': { type: 'string' },
    'extension-tests-path': { type: 'string' },
    folder: { type: 'string' },
    'install-extension': { type: 'string' },
    screenshot: { type: 'string' },
    theme: { type: 'string' },
    'timeout-seconds': { type: 'string', default: '300' },
  },
});
for (const k of ['extension-development-path', 'extension-tests-path', 'folder']) {
  if (!opt[k]) fail(`--${k} is required (see docs/testing-e2e.md)`);
}
const extDev = path.resolve(opt['extension-development-path']);
const testsPath = path.resolve(opt['extension-tests-path']);
const folder = path.resolve(opt.folder);
const vsix = opt['install-extension'] && path.resolve(opt['install-extension']);
const screenshotPath = opt.screenshot && path.resolve(opt.screenshot);
const timeoutMs = Number(opt['timeout-seconds']) * 1000;
if (!(timeoutMs > 0)) fail('--timeout-seconds must be a positive number');
if (!existsSync(path.join(extDev, 'package.json'))) fail(`no package.json in ${extDev}`);
if (!existsSync(testsPath) && !existsSync(`${testsPath}.js`)) fail(`tests not found: ${testsPath}(.js) — compiled?`);
if (!existsSync(folder)) fail(`workspace folder not found: ${folder}`);
if (vsix && !existsSync(vsix)) fail(`vsix not found: ${vsix}`);
if (!existsSync(path.join(CS_DIR, `.installed-${CODE_SERVER_VERSION}`))) {
  fail(`code-server ${CODE_SERVER_VERSION} is not installed in ${CS_DIR}: run scripts/setup-code-server.sh`);
}

// --- state that cleanup() tears down --------------------------------------
const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-code-server-'));
let codeServer; // child process, leader of its own process group
let browser;
let hookServer;
let cleaning;

async function cleanup() {
  cleaning ??= (async () => {
    await Promise.race([browser?.close().catch(() => {}), sleep(5000)]);
    hookServer?.close();
    await killGroup(codeServer);
    if (KEEP) log(`E2E_KEEP=1: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
async function exit(code) {
  await cleanup();
  process.exit(code);
}
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => { log(`${sig}: stopping`); exit(code); });
}

// code-server forks its own children (extension host, pty host, watcher); kill the whole group,
// even when the leader is already dead (its children would otherwise outlive the run).
async function killGroup(child) {
  if (!child) return;
  const signal = (sig) => { try { process.kill(-child.pid, sig); return true; } catch { return false; } };
  if (!signal('SIGTERM')) return;
  for (const until = Date.now() + 5000; Date.now() < until;) {
    await sleep(100);
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function pipeLines(stream, prefix) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const l of lines) if (l.trim()) console.log(prefix, l);
  });
  stream.on('end', () => buf.trim() && console.log(prefix, buf));
}

// Isolated dirs: code-server otherwise writes ~/.config/code-server and ~/.local/share/code-server.
const userData = path.join(tmp, 'user-data');
const extensionsDir = path.join(tmp, 'extensions');
const csConfig = path.join(tmp, 'config.yaml');
mkdirSync(path.join(userData, 'User'), { recursive: true });
mkdirSync(extensionsDir);
writeFileSync(csConfig, 'auth: none\ncert: false\n');
const settings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  ...(opt.theme ? { 'workbench.colorTheme': opt.theme } : {}),
};
writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
const csEnv = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
  XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  // No marketplace: there is no network, and failed gallery queries only add noise and delay.
  EXTENSIONS_GALLERY: '{}',
};
const csBaseArgs = [CS_ENTRY, '--config', csConfig, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

function runCodeServerCli(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [...csBaseArgs, ...args], { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => resolve({ code, out }));
  });
}

let page;
async function takeScreenshot(file) {
  if (!page) throw new Error('no page yet');
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  // Two animation frames so what the suite just changed is painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))).catch(() => {});
  await page.screenshot({ path: target });
  log(`screenshot: ${target}`);
  return target;
}
// Webviews render in nested iframes the extension host cannot see into: the suite reads their text
// and clicks their elements through these endpoints (same loopback server as screenshots).
async function webviewTexts() {
  if (!page) throw new Error('no page yet');
  const texts = [];
  for (const frame of page.frames()) {
    if (!frame.url().includes('vscode-webview') && !frame.url().includes('webview')) continue;
    const text = await frame.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '');
    if (text.trim()) texts.push(text);
  }
  return texts;
}
async function webviewClick(selector) {
  if (!page || !selector) throw new Error('no page or selector');
  for (const frame of page.frames()) {
    const element = await frame.$(selector).catch(() => null);
    if (!element) continue;
    await element.click();
    return 'clicked';
  }
  throw new Error(`no webview element matches ${selector}`);
}

// The contrast of every text in the webviews whose text contains `contains` (see contrast.mjs).
async function webviewContrast(contains) {
  if (!page) throw new Error('no page yet');
  const reports = [];
  for (const frame of page.frames()) {
    // The page itself, inside VS Code's webview host frames: its body carries the theme kind.
    const text = await frame.evaluate(() => (document.body?.dataset.vscodeThemeKind ? document.body.innerText : '')).catch(() => '');
    if (!text.includes(contains)) continue;
    reports.push(await frame.evaluate(contrastCheckExpression));
  }
  return reports;
}
// Text of the workbench's own elements (notifications, status bar) matching a selector.
async function pageTexts(selector) {
  if (!page || !selector) throw new Error('no page or selector');
  return page.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));
}

// The suite runs in the extension host (a Node process on the server), which cannot reach the
// page's window; it asks for screenshots over this loopback endpoint instead (E2E_SCREENSHOT_URL).
function startHookServer() {
  return new Promise((resolve) => {
    hookServer = createServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      try {
        if (url.pathname === '/webview-text') { res.end(JSON.stringify(await webviewTexts())); return; }
        if (url.pathname === '/webview-click') { res.end(await webviewClick(url.searchParams.get('selector') ?? '')); return; }
        if (url.pathname === '/webview-contrast') { res.end(JSON.stringify(await webviewContrast(url.searchParams.get('contains') ?? ''))); return; }
        if (url.pathname === '/page-texts') { res.end(JSON.stringify(await pageTexts(url.searchParams.get('selector') ?? ''))); return; }
        const file = url.searchParams.get('path');
        if (url.pathname !== '/screenshot' || !file) { res.writeHead(404).end(); return; }
        res.end(await takeScreenshot(file));
      } catch (e) { res.writeHead(500).end(String(e)); }
    });
    hookServer.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${hookServer.address().port}/screenshot`));
  });
}

// Resolves with the suite's exit code; also settled early when code-server dies mid-run.
let finish;
const result = new Promise((r) => { finish = r; });

// The free port can be taken between probing and binding, so a start that dies early is retried.
async function startCodeServer(hookUrl, deadline) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    codeServer = spawn(process.execPath, [...csBaseArgs,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', folder],
    { env: { ...csEnv, E2E_SCREENSHOT_URL: hookUrl }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    pipeLines(codeServer.stdout, '[code-server]');
    pipeLines(codeServer.stderr, '[code-server]');
    const child = codeServer;
    while (Date.now() < deadline && child.exitCode === null) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not up yet */ }
      await sleep(250);
    }
    if (child.exitCode === null && Date.now() < deadline) {
      child.on('exit', (code, sig) => {
        if (cleaning) return;
        console.error(`[e2e] ERROR: code-server exited during the run (${code ?? sig})`);
        finish(1);
      });
      return port;
    }
    if (Date.now() >= deadline) throw new Error('code-server did not answer HTTP before the timeout');
    if (attempt === 3) throw new Error(`code-server exited with ${child.exitCode} on start (3 attempts)`);
    log(`code-server exited with ${child.exitCode} on start; retrying on another port`);
  }
}

async function main() {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const timer = setTimeout(async () => {
    console.error(`[e2e] TIMEOUT: no test result after ${timeoutMs / 1000}s (--timeout-seconds)`);
    if (screenshotPath && page) await takeScreenshot(screenshotPath).catch(() => {});
    exit(1);
  }, timeoutMs);

  if (vsix) {
    log(`installing ${vsix}`);
    const { code, out } = await runCodeServerCli(['--install-extension', vsix]);
    process.stdout.write(out.replace(/^(?=.)/gm, '[code-server] '));
    const installed = readdirSync(extensionsDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
    if (code !== 0 || /failed/i.test(out) || installed.length === 0) {
      throw new Error(`--install-extension ${vsix} failed (exit ${code})`);
    }
    log(`installed: ${installed.join(', ')}`);
  }

  const port = await startCodeServer(await startHookServer(), deadline);
  const origin = `http://127.0.0.1:${port}`;
  log(`code-server up on ${origin} after ${((Date.now() - started) / 1000).toFixed(1)}s`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the networking flags Chromium keeps dialing Google hosts this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // cleanup() does it
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.log('[page:error]', e.message));
  page.on('crash', () => { console.error('[e2e] the page crashed'); exit(1); });

  // Exposed before goto: the workbench looks these up when it starts.
  await Promise.all([
    page.exposeFunction('codeAutomationLog', (type, args) => {
      // The extension host's console calls arrive as printf-style [format, ...values].
      console.log(`[vscode:${type}]`, format(...(Array.isArray(args) ? args : [args])));
    }),
    page.exposeFunction('codeAutomationScreenshot', (file) => takeScreenshot(file)),
    page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (KEEP && Array.isArray(logs)) {
        for (const { relativePath, contents } of logs) {
          const f = path.join(tmp, 'browser-logs', relativePath);
          mkdirSync(path.dirname(f), { recursive: true });
          writeFileSync(f, contents);
        }
      }
      finish(typeof code === 'number' ? code : 1);
    }),
  ]);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extDev)], ['extensionTestsPath', remote(testsPath)]];
  const url = `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1000, deadline - Date.now()) });

  const code = await result;
  clearTimeout(timer);
  if (screenshotPath) await takeScreenshot(screenshotPath);
  log(`suite finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return code;
}

main().then(exit, async (e) => {
  console.error(`[e2e] ERROR: ${e?.message ?? e}`);
  if (screenshotPath && page) await takeScreenshot(screenshotPath).catch(() => {});
  exit(1);
});
