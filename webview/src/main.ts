/**
 * The report page's only script (bundled to dist/webview.js, loaded with the page's CSP nonce).
 * In VS Code it posts {type: 'reveal', file, line} and {type: 'copy', text} to the extension and
 * remembers closed sections and the scroll position across reloads; opened as a standalone file
 * (no acquireVsCodeApi) it hides "Go to code" and copies with the Clipboard API.
 */
import type { ReportWebviewMessage } from '../../shared/reportWebviewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

interface UiState {
  closedSections: string[];
  scrollY: number;
  /** Which run this page shows: the extension reopens it after a reload. */
  appKey?: string;
}

const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

function readState(): UiState {
  const raw = vscode?.getState() as Partial<UiState> | undefined;
  return {
    closedSections: Array.isArray(raw?.closedSections) ? raw.closedSections.filter((id): id is string => typeof id === 'string') : [],
    scrollY: typeof raw?.scrollY === 'number' && Number.isFinite(raw.scrollY) ? raw.scrollY : 0,
  };
}

function saveState(): void {
  if (!vscode) return;
  const closedSections = [...document.querySelectorAll<HTMLDetailsElement>('details[data-section]')].filter((d) => !d.open).map((d) => d.dataset.section ?? '');
  const state: UiState = { closedSections, scrollY: window.scrollY, appKey: document.body.dataset.appKey };
  vscode.setState(state);
}

function announce(words: string): void {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = words;
  window.setTimeout(() => {
    if (status.textContent === words) status.textContent = '';
  }, 2500);
}

/** Selects the block's text so that Ctrl+C works when the clipboard is out of reach. */
function selectText(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function copy(button: HTMLButtonElement): void {
  const target = document.getElementById(button.dataset.copyTarget ?? '');
  if (!target) return;
  const text = target.textContent ?? '';
  if (vscode) {
    const message: ReportWebviewMessage = { type: 'copy', text };
    vscode.postMessage(message);
    announce('Copied');
    return;
  }
  if (navigator.clipboard) {
    navigator.clipboard.writeText(text).then(
      () => announce('Copied'),
      () => {
        selectText(target);
        announce('Copy was refused: the text is selected, press Ctrl+C');
      },
    );
  } else {
    selectText(target);
    announce('The text is selected, press Ctrl+C');
  }
}

function reveal(button: HTMLButtonElement): void {
  const file = button.dataset.file;
  const line = Number(button.dataset.line);
  if (!vscode || !file || !Number.isInteger(line) || line < 1) return;
  const message: ReportWebviewMessage = { type: 'reveal', file, line };
  vscode.postMessage(message);
}

/** In-page links move the focus too, so the keyboard continues from the section. */
function followFragment(link: HTMLAnchorElement, event: Event): void {
  const id = decodeURIComponent(link.hash.slice(1));
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  const details = target.querySelector('details');
  if (details && !details.open) details.open = true;
  target.scrollIntoView({ block: 'start' });
  const summary = target.querySelector<HTMLElement>('summary');
  summary?.focus({ preventScroll: true });
}

function setUp(): void {
  const standalone = !vscode;
  document.documentElement.dataset.mode = standalone ? 'standalone' : 'webview';
  for (const button of document.querySelectorAll<HTMLButtonElement>('button.reveal')) {
    button.hidden = standalone;
    button.disabled = standalone;
  }

  const state = readState();
  for (const details of document.querySelectorAll<HTMLDetailsElement>('details[data-section]')) {
    if (state.closedSections.includes(details.dataset.section ?? '')) details.open = false;
  }
  if (state.scrollY > 0) window.scrollTo(0, state.scrollY);

  document.addEventListener('click', (event) => {
    const element = event.target instanceof Element ? event.target : null;
    const button = element?.closest<HTMLButtonElement>('button');
    if (button?.classList.contains('copy')) copy(button);
    else if (button?.classList.contains('reveal')) reveal(button);
    const link = element?.closest<HTMLAnchorElement>('a[href^="#"]');
    if (link) followFragment(link, event);
  });
  // `toggle` does not bubble: listen in the capture phase.
  document.addEventListener('toggle', saveState, true);
  let pending = false;
  window.addEventListener(
    'scroll',
    () => {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        saveState();
      });
    },
    { passive: true },
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
else setUp();
