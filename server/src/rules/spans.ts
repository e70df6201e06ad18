import type { Span } from '../syntax/ast';
import type { ChainStep, SizeHint } from '../model/types';

/** Findings on a method call start at the method name, so multi-line chains flag the right line. */
export function stepRange(step: ChainStep): Span {
  return { start: step.nameSpan.start, end: step.span.end };
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
  }
}
