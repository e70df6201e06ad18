import type { Span } from '../syntax/ast';
import type { ChainStep, SizeHint } from '../model/types';

/**
 * A finding on a method call underlines the call from its name (`join(dim, "k")`), or only the
 * name when the arguments run over several lines: like ESLint and Pylance, the squiggle marks what
 * matters, not the whole statement.
 */
export function stepRange(step: ChainStep): Span {
  return step.nameSpan.start.line === step.span.end.line ? { start: step.nameSpan.start, end: step.span.end } : step.nameSpan;
}

/** A span cut to the end of its first line's text: a squiggle never runs over a whole statement. */
export function onFirstLine(span: Span, lineSpan: (line: number) => Span | undefined): Span {
  if (span.start.line === span.end.line) return span;
  const end = lineSpan(span.start.line)?.end;
  return end && end.character > span.start.character ? { start: span.start, end } : { start: span.start, end: { line: span.start.line, character: span.start.character + 1 } };
}

export function describeSizeHint(hint: SizeHint): string {
  switch (hint.kind) {
    case 'literal-rows':
      return `built from ${hint.rows} literal row${hint.rows === 1 ? '' : 's'}`;
    case 'range':
      return `a range of ${hint.rows.toLocaleString('en-US')} rows`;
    case 'limit':
      return `limited to ${hint.rows.toLocaleString('en-US')} rows`;
    case 'table':
      return `table \`${hint.table}\` is listed in sparkAdvisor.smallTables`;
  }
}
