import type { SyntaxNode as Node } from '../syntaxNode';
import type { Expr, LiteralExpr, Span } from '../ast';
import { type LowerContext, kids } from './context';

const CH_SINGLE_QUOTE = 39;
const CH_DOUBLE_QUOTE = 34;

/**
 * The text between the quotes of a string token spanning tree indices [start, end): prefixes
 * (`r`, `b`, `f`, `rb`, ...) and quotes are dropped, escapes and f-string fields kept as written.
 * An unterminated string keeps everything after its opening quote.
 */
export function unquote(src: string, start: number, end: number): string {
  let i = start;
  // Prefix letters: at most a few, stop at the quote.
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === CH_SINGLE_QUOTE || c === CH_DOUBLE_QUOTE) break;
    i++;
  }
  if (i >= end) return src.slice(start, end);
  const quote = src.charCodeAt(i);
  const triple = i + 2 < end && src.charCodeAt(i + 1) === quote && src.charCodeAt(i + 2) === quote;
  const q = triple ? 3 : 1;
  const contentStart = i + q;
  if (end - q >= contentStart) {
    let closed = true;
    for (let k = end - q; k < end; k++) {
      if (src.charCodeAt(k) !== quote) {
        closed = false;
        break;
      }
    }
    if (closed) return src.slice(contentStart, end - q);
  }
  return src.slice(Math.min(contentStart, end), end);
}

export function lowerString(ctx: LowerContext, node: Node): LiteralExpr {
  const endIndex = node.endIndex;
  const value = unquote(ctx.src, node.startIndex - ctx.base, endIndex - ctx.base);
  return { kind: 'literal', literalKind: 'string', value, span: ctx.spanTo(node, endIndex) };
}

/** `"a" 'b'` → one string literal `ab`. */
export function lowerConcatenatedString(ctx: LowerContext, node: Node): Expr {
  const parts = kids(node);
  let value = '';
  let lastEnd = -1;
  for (let i = 0; i < parts.nodes.length; i++) {
    const part = parts.nodes[i];
    const endIndex = part.endIndex;
    if (parts.types[i] === 'string') value += unquote(ctx.src, part.startIndex - ctx.base, endIndex - ctx.base);
    lastEnd = endIndex;
  }
  const span: Span = parts.lastKept && lastEnd >= 0 ? ctx.spanTo(node, lastEnd) : ctx.span(node);
  return { kind: 'literal', literalKind: 'string', value, span };
}

/** `1_000`, `0x1F`, `1e3`, `10L`, `2j` (imaginary: the coefficient). */
export function parseNumber(text: string): number {
  let t = text.indexOf('_') === -1 ? text : text.replace(/_/g, '');
  const last = t.charCodeAt(t.length - 1) | 0x20; // lower-case
  if (last === 0x6c /* l */ || last === 0x6a /* j */) t = t.slice(0, -1);
  if (t.length > 1 && t.charCodeAt(0) === 48 /* 0 */) {
    const radix = t.charCodeAt(1) | 0x20;
    if (radix === 0x78 /* x */ || radix === 0x6f /* o */ || radix === 0x62 /* b */) return Number(t);
    // Python 2 octal `0777`; `0.5` and `0e3` are decimal.
    if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  }
  return Number(t);
}

export function lowerNumber(ctx: LowerContext, node: Node): LiteralExpr {
  const endIndex = node.endIndex;
  const value = parseNumber(ctx.slice(node.startIndex, endIndex));
  return { kind: 'literal', literalKind: 'number', value, span: ctx.lineSpan(node, endIndex) };
}

/** `True`, `False`, `None`: fixed-width tokens, so no wasm call is needed for the end. */
export function lowerKeywordLiteral(ctx: LowerContext, node: Node, type: string): LiteralExpr {
  const width = type === 'false' ? 5 : 4;
  const span = ctx.lineSpan(node, node.startIndex + width);
  if (type === 'none') return { kind: 'literal', literalKind: 'null', value: null, span };
  return { kind: 'literal', literalKind: 'boolean', value: type === 'true', span };
}
