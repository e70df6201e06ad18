import type { Span } from '../syntax/ast';
import type { DocumentText } from './documentText';

/** Spans of the non-blank text of a line, computed lazily: most analyses never ask. */
export function lineSpanner(text: DocumentText): (line: number) => Span | undefined {
  let starts: number[] | undefined;
  return (line) => {
    if (!starts) {
      starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    if (line < 0 || line >= starts.length) return undefined;
    const start = starts[line]!;
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
    const content = text.slice(start, end).replace(/\r$/, '');
    const first = content.search(/\S/);
    if (first < 0) return undefined;
    return { start: { line, character: first }, end: { line, character: content.trimEnd().length } };
  };
}
