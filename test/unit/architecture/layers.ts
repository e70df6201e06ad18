/**
 * The data flow the code must follow, as import rules: in one place, so that adding a protocol
 * module or a layer is one edit here. Paths are relative to the repository root.
 */

/** The only server modules the VS Code client may import: the shared, typed protocol. */
export const CLIENT_MAY_IMPORT_FROM_SERVER: readonly string[] = ['server/src/protocol/'];

export interface ImportRule {
  /** Files the rule applies to (path prefix). */
  from: string;
  /** Imports that break it (path prefixes). */
  mayNotImport: readonly string[];
  why: string;
}

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    from: 'server/src/rules/',
    mayNotImport: ['server/src/history/store/', 'server/src/history/eventlog/', 'server/src/history/import/', 'server/src/history/decode/', 'server/src/history/provider', 'server/src/history/service', 'server/src/report/', 'server/src/lsp/', 'server/src/cli/'],
    why: 'rules read runs through the evidence seam (history/evidence.ts) and the verdicts, never the store or the fold',
  },
  {
    from: 'server/src/history/',
    mayNotImport: ['server/src/rules/', 'server/src/report/', 'server/src/lsp/', 'server/src/cli/'],
    why: 'history (import, store, evidence) comes before rules and report in the data flow',
  },
  {
    from: 'server/src/verdicts/',
    mayNotImport: ['server/src/rules/', 'server/src/report/', 'server/src/lsp/', 'server/src/cli/', 'server/src/history/store/', 'server/src/history/import/'],
    why: 'verdicts judge stored runs handed to them; rules, report and CLI read the verdicts',
  },
  {
    from: 'server/src/common/',
    mayNotImport: ['server/src/rules/', 'server/src/report/', 'server/src/lsp/', 'server/src/cli/', 'server/src/verdicts/', 'server/src/history/store/', 'server/src/history/provider'],
    why: 'common helpers are the bottom layer',
  },
  {
    from: 'server/src/report/',
    mayNotImport: ['server/src/lsp/', 'server/src/cli/'],
    why: 'the report is built for the editor and the CLI alike and knows neither',
  },
  {
    from: 'server/src/',
    mayNotImport: ['client/', 'webview/'],
    why: 'the server runs without VS Code',
  },
];
