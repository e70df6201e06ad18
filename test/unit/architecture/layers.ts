/**
 * The data flow the code must follow, as import rules: in one place, so that adding a protocol
 * module or a layer is one edit here. Paths are relative to the repository root.
 */

/**
 * The top-level parts and which others each may import. shared/ is the one protocol module (the
 * custom requests and their types, the report page's messages, which files are Spark files): the
 * client and the webview reach the server only through it, and it imports none of them.
 */
export const PART_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'client/': ['shared/'],
  'webview/': ['shared/'],
  'server/': ['shared/'],
  'shared/': [],
};

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
];
