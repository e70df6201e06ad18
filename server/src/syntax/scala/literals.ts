/** Turning Scala literal tokens into values. */

/** `"abc"` → `abc`, `"""abc"""` → `abc`; escapes are left as written. Tolerates a missing closing quote. */
export function unquoteString(raw: string): string {
  const quotes = raw.startsWith('"""') ? 3 : raw.startsWith('"') ? 1 : 0;
  let end = raw.length;
  if (end - quotes >= quotes && raw.endsWith(quotes === 3 ? '"""' : '"') && quotes > 0) end -= quotes;
  return raw.slice(quotes, Math.max(quotes, end));
}

/** `'c'` → `c`. */
export function unquoteChar(raw: string): string {
  const end = raw.length > 1 && raw.endsWith("'") ? raw.length - 1 : raw.length;
  return raw.slice(1, end);
}

/** `10L`, `1_000`, `0x1F`, `-3` → a number (NaN for nothing sensible). */
export function parseInteger(raw: string): number {
  let text = raw.replace(/_/g, '');
  if (text.endsWith('L') || text.endsWith('l')) text = text.slice(0, -1);
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const value = /^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : Number(text);
  return negative ? -value : value;
}

/** `1e6`, `1.5f`, `.5`, `2d` → a number. */
export function parseFloatLiteral(raw: string): number {
  let text = raw.replace(/_/g, '');
  const last = text.charAt(text.length - 1);
  if (last === 'f' || last === 'F' || last === 'd' || last === 'D') text = text.slice(0, -1);
  return Number(text);
}
