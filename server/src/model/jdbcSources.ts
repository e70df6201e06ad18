/**
 * JDBC reads (`spark.read.jdbc(url, table, props)`, `format("jdbc").option("dbtable", …)`): Spark
 * has no statistics for them (a JDBC relation reports spark.sql.defaultSizeInBytes, which is
 * larger than any broadcast threshold), so it never broadcasts one on its own, however small. That
 * matters only when something else says the read is small: its table is listed in
 * sparkAdvisor.smallTables, its query's tables are (it can only filter or aggregate them), or the
 * query ends in a small LIMIT or is a global aggregate. A JDBC table is never small by itself.
 */
import { argument } from './chains';
import { readReaderStep } from './readers';
import { SMALL_LIMIT_ROWS } from './sizeHints';
import { sqlShape, stringTemplate, unwrapSubquery } from './sqlText';
import type { ChainStep, ReadSite, SizeHint } from './types';

type JdbcHint = Extract<SizeHint, { kind: 'jdbc' }>;

/** `FROM a`, `JOIN b`: the tables a query reads, or undefined when one of them is a subquery or computed (`?`). */
function queryTables(sql: string): string[] | undefined {
  const tables: string[] = [];
  for (const match of sql.matchAll(/\b(?:from|join)\s+([^\s,;()]+|\()/gi)) {
    const name = match[1]!;
    if (name === '(' || name.includes('?')) return undefined;
    tables.push(name.replace(/[`"[\]]/g, ''));
  }
  // `FROM a, b`: a comma list after FROM names more tables than the pattern sees.
  if (/\bfrom\s+[^\s,;()]+\s*(?:\w+\s*)?,/i.test(sql)) return undefined;
  return tables.length > 0 ? tables : undefined;
}

/** What a `dbtable`/`query` text says: a plain table name, or a query that can only shrink its tables. */
function hintOf(text: string, span: JdbcHint['span']): JdbcHint | undefined {
  const query = unwrapSubquery(text) ?? (/^\s*(select|with)\b/i.test(text) ? text : undefined);
  if (query === undefined) return /^[\w.$"`[\]]+$/.test(text.trim()) ? { kind: 'jdbc', source: text.trim(), tables: [text.trim().replace(/[`"[\]]/g, '')], span } : undefined;
  const shape = sqlShape(query);
  if (shape.kind === 'limit' && shape.rows <= SMALL_LIMIT_ROWS) return { kind: 'jdbc', source: text.trim(), tables: [], rows: shape.rows, span };
  if (shape.kind === 'global-aggregate') return { kind: 'jdbc', source: text.trim(), tables: [], rows: 1, span };
  const tables = shape.kind === 'union' ? undefined : queryTables(query);
  return tables ? { kind: 'jdbc', source: text.trim(), tables, span } : undefined;
}

/** The size knowledge of a JDBC read whose reader steps (`format`, `option`, …) end in `terminal`; undefined for other reads. */
export function jdbcHint(readerSteps: readonly ChainStep[], terminal: ChainStep): JdbcHint | undefined {
  if (terminal.name === 'jdbc') {
    const table = stringTemplate(argument(terminal, 1, 'table'));
    return table === undefined ? undefined : hintOf(table, terminal.span);
  }
  if (terminal.name !== 'load') return undefined;
  const reader: Pick<ReadSite, 'format' | 'options' | 'hasSchema'> = { options: new Map(), hasSchema: false };
  for (const step of [...readerSteps, terminal]) readReaderStep(reader, step);
  if (reader.format?.toLowerCase() !== 'jdbc') return undefined;
  const option = reader.options.get('dbtable') ?? reader.options.get('query');
  return option?.text === undefined ? undefined : hintOf(option.text, terminal.span);
}
