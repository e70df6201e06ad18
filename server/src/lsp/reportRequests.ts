/** The report as the client shows it (a webview page) or saves it (a standalone file), rendered here so the client needs no report code. */
import { randomBytes } from 'crypto';
import { renderMarkdown, renderReportHtml } from '../report/render';
import { reportFileName, reportPageAssets } from '../report/render/assets';
import type { ReportModel } from '../report/types';
import type { ReportFormat, ReportPageParams } from '../../../shared/protocol';

export function reportPage(model: ReportModel, params: ReportPageParams): { title: string; html: string } {
  const html = renderReportHtml(model, { nonce: params.nonce, cspSource: params.cspSource, scriptUri: params.scriptUri, styleUri: params.styleUri });
  return { title: `Spark report: ${model.summary.name}`, html };
}

const EXTENSION: Record<ReportFormat, string> = { html: 'html', markdown: 'md', json: 'json' };

/** `json` is the versioned JSON of the same report (the shape of `spark-advisor report --format json`). */
export function exportReport(model: ReportModel, format: ReportFormat, json: () => unknown): { text: string; fileName: string } {
  const fileName = reportFileName(model.summary, EXTENSION[format]);
  if (format === 'markdown') return { text: renderMarkdown(model), fileName };
  if (format === 'json') return { text: `${JSON.stringify(json(), null, 2)}\n`, fileName };
  const inline = reportPageAssets();
  if (!inline) throw new Error('The report page assets (webview.js, webview.css) are missing beside the language server.');
  return { text: renderReportHtml(model, { nonce: randomBytes(16).toString('base64'), inline }), fileName };
}
