/**
 * Building blocks of the report page. Arguments named `html` are markup already built (and escaped)
 * by the caller; every other string is raw model text and is escaped here.
 */
import { escapeAttribute, escapeHtml } from '../escape';
import { fullLocation, shortLocation } from '../figures';
import type { CodeLocation } from '../../types';

/** A collapsible section; the webview script remembers which ones the user closed. */
export function section(id: string, title: string, html: string, summaryHtml = ''): string {
  return (
    `<section class="report-section" id="${escapeAttribute(id)}" aria-labelledby="${escapeAttribute(`${id}-title`)}">` +
    `<details open data-section="${escapeAttribute(id)}"><summary><h2 id="${escapeAttribute(`${id}-title`)}">${escapeHtml(title)}</h2>${summaryHtml}</summary>` +
    `<div class="section-body">${html}</div></details></section>`
  );
}

/** "Not available" is said in words, never by leaving a hole in the page. */
export function notAvailable(sentence: string): string {
  return `<p class="not-available">${escapeHtml(sentence)}</p>`;
}

export interface Column {
  header: string;
  /** Right-aligned figures. */
  numeric?: boolean;
}

/** A table of pre-escaped cells; `rowClasses` mark rows (e.g. the current run) for styling only. */
export function table(caption: string, allColumns: readonly Column[], allRowsHtml: readonly (readonly string[])[], rowClasses: readonly string[] = []): string {
  // A column with nothing in any row is left out rather than shown empty.
  const kept = allColumns.map((_, c) => allRowsHtml.length === 0 || allRowsHtml.some((cells) => (cells[c] ?? '').trim() !== ''));
  const columns = allColumns.filter((_, c) => kept[c]);
  const rowsHtml = allRowsHtml.map((cells) => cells.filter((_, c) => kept[c]));
  const head = columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = rowsHtml
    .map((cells, r) => {
      const rowClass = rowClasses[r] ? ` class="${escapeAttribute(rowClasses[r]!)}"` : '';
      return `<tr${rowClass}>${cells.map((cell, c) => `<td${columns[c]?.numeric ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * The code location in words (file name, full path in the tooltip) and a "Go to code" button; the
 * script posts {type: 'reveal', file, line} and hides the button in the standalone export.
 */
export function codeLocation(location: CodeLocation, what: string): string {
  return (
    `<span class="code-location"><code title="${escapeAttribute(fullLocation(location))}">${escapeHtml(shortLocation(location))}</code>` +
    `<button type="button" class="reveal" data-file="${escapeAttribute(location.file)}" data-line="${escapeAttribute(String(location.line))}" aria-label="${escapeAttribute(`Go to code of ${what}: ${fullLocation(location)}`)}">Go to code</button></span>`
  );
}

/** A copy button for the text of the element with `targetId`; the script posts {type: 'copy', text}. */
export function copyButton(targetId: string, what: string): string {
  return `<button type="button" class="copy" data-copy-target="${escapeAttribute(targetId)}" aria-label="${escapeAttribute(`Copy ${what}`)}">Copy</button>`;
}

/** A labelled code block with its copy button. */
export function copyableBlock(id: string, heading: string, content: string): string {
  return (
    `<figure class="copyable"><figcaption><span>${escapeHtml(heading)}</span>${copyButton(id, heading)}</figcaption>` +
    `<pre id="${escapeAttribute(id)}" tabindex="0"><code>${escapeHtml(content)}</code></pre></figure>`
  );
}

export function figure(chartHtml: string, captionHtml: string): string {
  return `<figure class="chart-figure">${chartHtml}<figcaption>${captionHtml}</figcaption></figure>`;
}
