/**
 * Spark's column syntax `$"name"` (the `$` string interpolator from `spark.implicits._`) is not
 * parsed by tree-sitter-scala 0.24: its lexer takes `$"` for the `$"` escape of interpolated
 * strings, and the error recovery that follows can swallow whole method chains and even the
 * enclosing `def`. We therefore mask each `$"` as `ǂ"` — a one-UTF-16-unit identifier letter, so
 * every offset and position stays the same — which parses as an ordinary interpolated string with
 * interpolator `ǂ`. The lowering reads text from the unmasked document and turns interpolated
 * strings whose interpolator is `$` (or the mask) into ColumnExprs.
 */

/** U+01C2 LATIN LETTER ALVEOLAR CLICK: a letter (category Lo), one UTF-16 unit, never written in Spark code. */
export const DOLLAR_MASK = '\u01c2';

const DOLLAR = 36; // $
const QUOTE = 34; // "

function isIdentifierPart(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === DOLLAR ||
    code === QUOTE ||
    code === 92 /* \ */ ||
    code > 127
  );
}

/**
 * Offsets of the `$` of every `$"` that starts a column reference: not part of a longer
 * identifier (`a$"`), an escape (`$$"`, `\$"`) or a string that happens to end in `$` (`"$"`).
 * Occurrences inside strings and comments preceded by a space are masked too; that is harmless
 * because the lowering reads literal text from the unmasked document.
 */
export function dollarStringOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('$"'); i >= 0; i = text.indexOf('$"', i + 2)) {
    if (i > 0 && isIdentifierPart(text.charCodeAt(i - 1))) continue;
    offsets.push(i);
  }
  return offsets;
}

/** The text with `$"` masked at the given offsets (same length). */
export function maskDollarStrings(text: string, offsets: number[] = dollarStringOffsets(text)): string {
  if (offsets.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const offset of offsets) {
    parts.push(text.slice(last, offset), DOLLAR_MASK);
    last = offset + 1;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Whether an interpolator token (`s`, `f`, `$`, the mask) makes a column reference. */
export function isColumnInterpolator(text: string): boolean {
  return text === '$' || text === DOLLAR_MASK;
}
