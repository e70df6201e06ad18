/** Renderers of the performance report: pure functions of a ReportModel, no DOM, no I/O. */
export { renderReportHtml } from './html/document';
export type { HtmlOptions } from './html/document';
export { renderMarkdown } from './markdown';
export { renderText } from './text';
export { parseReportWebviewMessage } from '../../../../shared/reportWebviewMessages';
export type { ReportWebviewMessage } from '../../../../shared/reportWebviewMessages';
