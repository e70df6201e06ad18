/**
 * What the report page's script (webview/src/main.ts) posts to the extension. The host receives
 * `unknown` from the webview and checks it here before acting on it.
 */
export type ReportWebviewMessage = { type: 'reveal'; file: string; line: number } | { type: 'copy'; text: string };

/** The message, or undefined for anything malformed (never throws). */
export function parseReportWebviewMessage(value: unknown): ReportWebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'reveal' && typeof message.file === 'string' && message.file.length > 0 && Number.isInteger(message.line) && (message.line as number) >= 1) {
    return { type: 'reveal', file: message.file, line: message.line as number };
  }
  if (message.type === 'copy' && typeof message.text === 'string') return { type: 'copy', text: message.text };
  return undefined;
}
