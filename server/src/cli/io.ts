import { plainText } from '../report/render/escape';

/** What the CLI needs from its process; tests can hand in their own. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/**
 * Writes one line of text that may quote event logs or downloads (application names, call sites,
 * malformed lines, zip entry names): control characters are replaced, so no escape sequence reaches
 * the terminal and no text fakes a line of its own.
 */
export function printLine(stream: { write(text: string): unknown }, text: string): void {
  stream.write(`${plainText(text)}\n`);
}
