/**
 * LSP (and SARIF) count `\r\n`, `\n` and a lone `\r` as line breaks; tree-sitter and the engine count
 * `\n` only. Each lone `\r` becomes `\n` (one character for one), so the engine's lines are the
 * client's lines and every offset stays where it was.
 */
export function withLspLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Offsets where lines start, counting line breaks as LSP does. */
export function lspLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) starts.push(i + 1);
    else if (code === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The index of the last of `sorted` (ascending starts) at or before `offset`; 0 when none is. */
export function lastAtOrBefore(sorted: readonly number[], offset: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
