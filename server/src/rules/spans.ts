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

function describeJdbcSmallness(hint: Extract<SizeHint, { kind: 'jdbc' }>): string {
  if (hint.rows !== undefined) return `its JDBC query returns at most ${hint.rows.toLocaleString('en-US')} row${hint.rows === 1 ? '' : 's'}`;
  const [only] = hint.tables;
  if (hint.tables.length === 1 && only === hint.source) return `table \`${only}\` is listed in sparkAdvisor.smallTables`;
  return `its JDBC query only reads ${hint.tables.map((t) => `\`${t}\``).join(', ')}, listed in sparkAdvisor.smallTables`;
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
    case 'driver-rows':
      return 'built on the driver from a Python list, which PySpark gives Spark no size estimate for, so it is never broadcast on its own';
    case 'returned': {
      const through: string[] = [];
      let inner: SizeHint = hint;
      for (; inner.kind === 'returned'; inner = inner.inner) through.push(`${inner.function}()`);
      return `returned by ${through.join(' via ')}, ${describeSizeHint(inner)}`;
    }
    case 'field':
      return `kept in \`${hint.field}\`, ${describeSizeHint(hint.inner)}`;
    case 'combined':
      return `a ${hint.method} of small DataFrames: ${hint.sides.map(describeSizeHint).join('; ')}`;
    case 'collected-rows':
      return 'rebuilt on the driver from rows a collect() brought there, which fit in its memory; PySpark gives Spark no size estimate for them, so it is never broadcast on its own';
    case 'jdbc':
      return `${describeJdbcSmallness(hint)}; it is read over JDBC, which gives Spark no statistics (it assumes spark.sql.defaultSizeInBytes), so Spark never broadcasts it on its own`;
    case 'small-side-keys':
      return `it is grouped only by ${hint.keys.map((k) => `\`${k}\``).join(', ')}, the key${hint.keys.length > 1 ? 's' : ''} of an inner join with a small DataFrame (${describeSizeHint(hint.inner)}), so it has at most one row per row of that side. Spark estimates a grouped aggregate as large as its input, so it never broadcasts it on its own`;
    case 'constant-keys': {
      const lines = [...new Set(hint.fills.map((span) => span.start.line + 1))].join(', ');
      const when = hint.when ? ` whenever line ${hint.when.start.line + 1} runs` : '';
      return `it holds one row${when}: it is grouped only by ${hint.keys.map((k) => `\`${k}\``).join(', ')}, set to one constant on every row (line ${lines}). Spark estimates a grouped aggregate as large as its input, so it never broadcasts it on its own`;
    }
    case 'few-value-keys': {
      const what = hint.per === 'partition' ? 'the partition id' : 'the input file name';
      const by = hint.keys.length === 0 ? what
        : hint.keys.length === 1 ? `\`${hint.keys[0]}\`, which holds ${what}`
        : `${hint.keys.map((k) => `\`${k}\``).join(', ')}, which hold only ${hint.per === 'partition' ? 'partition ids' : 'input file names and partition ids'}`;
      const rows = hint.per === 'partition' ? 'one row per partition' : hint.keys.length > 1 ? 'a few rows per file read' : 'one row per file read';
      return `it is grouped only by ${by}, so it has ${rows}. Spark estimates a grouped aggregate as large as its input, so it never broadcasts it on its own`;
    }
  }
}
