/**
 * The contract between the VS Code client and the language server beyond LSP itself: the custom
 * requests with their parameter and result types, the messages of the report page, and which
 * documents the server serves. The client reaches server code only through this module (an
 * architecture test holds it to that), as vscode-eslint's and rust-analyzer's shared protocol
 * files do.
 */
export { parseReportWebviewMessage, type ReportWebviewMessage } from './webviewMessages';
export { mightUseSpark as looksLikeSpark } from '../engine/languages';

export const SPARK_LANGUAGES = ['python', 'scala'];

export const IMPORT_REQUEST = 'sparkAdvisor/importEventLogs';
export const IMPORT_HISTORY_SERVER_REQUEST = 'sparkAdvisor/importFromHistoryServer';
export const REPORT_APPLICATIONS_REQUEST = 'sparkAdvisor/reportApplications';
export const REPORT_REQUEST = 'sparkAdvisor/report';
/** The report rendered by the server: the webview page, a standalone HTML file, Markdown or the versioned JSON. */
export const REPORT_DOCUMENT_REQUEST = 'sparkAdvisor/reportDocument';

export interface ImportResultMessage {
  summary: string;
  details: string[];
  applications: number;
  errors: number;
}

/** One entry of the report's application picker. */
export interface ReportApplication {
  appKey: string;
  label: string;
  job: string;
  startTime: number | null;
  durationMs: number | null;
}

export interface ReportApplicationsResult {
  applications: ReportApplication[];
  defaultAppKey: string | null;
}

export interface ReportDocumentParams {
  appKey: string;
  format: 'webview' | 'html' | 'md' | 'json';
  /** For `webview`: the page's nonce, its script and style URIs and the webview's cspSource. */
  webview?: { nonce: string; scriptUri: string; styleUri: string; cspSource: string };
}

export interface ReportDocumentResult {
  /** The run's name, for the panel title and the export's file name. */
  name: string;
  text: string;
}
