/**
 * Spark Advisor's own requests and notifications between the VS Code client and the language
 * server, typed once for both sides (as vscode-eslint and rust-analyzer keep theirs): the client
 * reaches the server only through these and standard LSP; it imports nothing else of the server.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Commands the server puts in lenses, hovers and code actions; the client registers them. */
export const Commands = {
  showLineHistory: 'sparkAdvisor.showLineHistory',
  showReport: 'sparkAdvisor.showReport',
  showRuleDocumentation: 'sparkAdvisor.showRuleDocumentation',
} as const;

/** A `command:` link that opens a rule's page rendered and read-only (diagnostic code links, hovers). */
export function ruleDocumentationLink(ruleId: string): string {
  return `command:${Commands.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

// ------------------------------------------------------------------------------------ analysis

export interface AnalysisStatusParams {
  uri: string;
  durationMs: number;
  findings: number;
  /** Why the file was not analysed (too large, parse budget). */
  notice?: string;
}

/** Sent after each new analysis of a document, for the language status item of that document. */
export const AnalysisStatusNotification = new NotificationType<AnalysisStatusParams>('sparkAdvisor/analysisStatus');

export interface AnalyzeWorkspaceResult {
  files: number;
  findings: number;
  /** Files not analysed and why (too large, not UTF-8, parse budget…). */
  skipped: number;
  durationMs: number;
}

/** Analyses every Spark file of the workspace; their findings then come with the next workspace diagnostic pull. */
export const AnalyzeWorkspaceRequest = new RequestType<Record<string, never>, AnalyzeWorkspaceResult, void>('sparkAdvisor/analyzeWorkspace');

// ------------------------------------------------------------------------------------ history

export interface ImportResult {
  summary: string;
  /** "file:line: message" for warnings and errors, the first 50, then a line counting the others. */
  details: string[];
  applications: number;
  errors: number;
  /** The user cancelled: nothing was written. */
  cancelled?: boolean;
}

/**
 * Imports event logs (files or folders). Pass a `workDoneToken` to get begin/report/end progress on
 * it; cancelling the request stops the import and leaves the store as it was.
 */
export const ImportEventLogsRequest = new RequestType<{ paths: string[]; workDoneToken?: string | number }, ImportResult, void>('sparkAdvisor/importEventLogs');

/** Downloads every application's logs from a Spark History Server, then imports them (progress and cancel as above). */
export const ImportFromHistoryServerRequest = new RequestType<{ url: string; workDoneToken?: string | number }, ImportResult, void>('sparkAdvisor/importFromHistoryServer');

/** One imported run, for pickers. */
export interface ReportApplication {
  appKey: string;
  label: string;
  job: string;
  startTime: number | null;
  durationMs: number | null;
}

/** The imported runs, newest first, and the one to preselect: the latest run of the job in `uri`, else the latest. */
export const ReportApplicationsRequest = new RequestType<{ uri?: string }, { applications: ReportApplication[]; defaultAppKey: string | null }, void>('sparkAdvisor/reportApplications');

export interface ReportPageParams {
  appKey: string;
  /** CSP nonce for the page's one script and style element. */
  nonce: string;
  /** The webview's `cspSource` and the `asWebviewUri` of dist/webview.js and dist/webview.css. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

/** The report page of a run, for a webview. */
export const ReportPageRequest = new RequestType<ReportPageParams, { title: string; html: string }, void>('sparkAdvisor/reportPage');

export type ReportFormat = 'html' | 'markdown' | 'json';

/** The report of a run as a standalone file: HTML (assets inlined, same CSP), Markdown or JSON, and a file name to suggest. */
export const ExportReportRequest = new RequestType<{ appKey: string; format: ReportFormat }, { text: string; fileName: string }, void>('sparkAdvisor/exportReport');

/** One run's figures at a line, newest first. */
export interface LineRunFigures {
  appKey: string;
  label: string;
  /** "7 min 53 s · 2 stages · 210 tasks · 2.9 GB shuffle". */
  figures: string;
  /** Change of the line's time against the previous run, e.g. "+6%". */
  trend?: string;
}

/** What ran at a line in each imported run (the lens's "show runs"). */
export const LineHistoryRequest = new RequestType<{ uri: string; line: number }, { runs: LineRunFigures[] }, void>('sparkAdvisor/lineHistory');
