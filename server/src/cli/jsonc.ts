/**
 * VS Code settings files are "JSON with comments": `//` and `/* *\/` comments and trailing commas.
 * They are blanked out with spaces (newlines kept), so positions in JSON.parse errors still point
 * into the original text.
 */
export class JsoncError extends Error {
  constructor(
    message: string,
    /** 1-based, when known. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line}, column ${column})`);
  }
}

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
}

export function stripJsonComments(text: string): string {
  const chars = text.split('');
  /** Index of the last character that is neither whitespace nor inside a comment. */
  let lastSignificant = -1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      lastSignificant = i; // the closing quote (or where the unterminated string stopped)
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.slice(i).search(/[\r\n]/);
      const stop = end < 0 ? text.length : i + end;
      blank(chars, i, stop);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new JsoncError('unterminated /* comment', ...lineAndColumn(text, i));
      blank(chars, i, end + 2);
      i = end + 2;
    } else {
      if ((ch === '}' || ch === ']') && lastSignificant >= 0 && text[lastSignificant] === ',') chars[lastSignificant] = ' ';
      if (!/\s/.test(ch)) lastSignificant = i;
      i++;
    }
  }
  return chars.join('');
}

function lineAndColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - (before.lastIndexOf('\n') + 1) + 1];
}

/** Parses JSONC; an empty file (or one with only comments) is `{}`, as in VS Code. */
export function parseJsonc(text: string): unknown {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const stripped = stripJsonComments(source);
  if (stripped.trim() === '') return {};
  try {
    return JSON.parse(stripped);
  } catch (error) {
    // V8 quotes the offending text in some messages; keep the message on one line.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const position = /^(.*?) in JSON at position (\d+)/.exec(message);
    if (!position) throw new JsoncError(message);
    throw new JsoncError(position[1]!, ...lineAndColumn(source, Number(position[2])));
  }
}
