/**
 * The text of a SQL query as the code builds it, and what that text says about the number of rows
 * it returns. Templates keep their literal parts (placeholders become `?`), which is enough to read
 * the clauses: `f"SELECT … GROUP BY {k}"`, `"… {} …".format(x)`, `"SELECT " + cols + " FROM t"`,
 * Scala `s"… $t …"`.
 */
import type { Expr } from '../syntax/ast';

/** Text of a string constant the code assigned to a name earlier (`query = """…"""`). */
export type StringLookup = (name: string) => string | undefined;

const PLACEHOLDER = '?';

/** The text of a string expression, with the parts computed at run time as `?`; undefined when it has no literal text. */
export function stringTemplate(expr: Expr | undefined, lookup: StringLookup = () => undefined, depth = 0): string | undefined {
  if (!expr || depth > 8) return undefined;
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? expr.value : undefined;
    case 'name':
      return lookup(expr.id);
    case 'unknown': {
      // A Scala interpolated string: its raw text first, then the interpolated expressions.
      const first = expr.children[0];
      return first?.kind === 'literal' && typeof first.value === 'string' ? first.value : undefined;
    }
    case 'binary': {
      // `"SELECT " + cols + " FROM t"` and Python's `"… %s …" % x`.
      if (expr.operator !== '+' && expr.operator !== '%') return undefined;
      const left = stringTemplate(expr.left, lookup, depth + 1);
      if (expr.operator === '%') return left;
      const right = stringTemplate(expr.right, lookup, depth + 1);
      if (left === undefined && right === undefined) return undefined;
      return `${left ?? PLACEHOLDER}${right ?? PLACEHOLDER}`;
    }
    case 'call':
      // `"… {} …".format(x)`, `"…".strip()`, Scala `"…".stripMargin` is a member, below.
      if (expr.callee.kind === 'member' && ['format', 'strip', 'lstrip', 'rstrip', 'replace', 'stripMargin', 'trim'].includes(expr.callee.property)) {
        return stringTemplate(expr.callee.object, lookup, depth + 1);
      }
      return undefined;
    case 'member':
      return ['stripMargin', 'trim'].includes(expr.property) ? stringTemplate(expr.object, lookup, depth + 1) : undefined;
    default:
      return undefined;
  }
}

/** What a query's text says about its result's row count. */
export type SqlShape =
  | { kind: 'union'; parts: SqlShape[] }
  | { kind: 'command' }
  | { kind: 'no-from' }
  | { kind: 'limit'; rows: number }
  | { kind: 'global-aggregate' }
  | { kind: 'grouped'; keys: string }
  | { kind: 'distinct'; columns: string[] }
  | { kind: 'rows' };

const COMMANDS = /^(show|describe|desc|explain|set|use|create|drop|alter|insert|refresh|cache|uncache|analyze|msck|truncate|delete|merge|update|optimize|vacuum)\b/i;
const AGGREGATE_CALL = /\b(count|count_if|sum|avg|mean|max|min|first|last|stddev|stddev_samp|stddev_pop|variance|var_samp|var_pop|collect_list|collect_set|corr|covar_pop|covar_samp|kurtosis|skewness|percentile_approx|percentile|approx_percentile|approx_count_distinct|median|mode|max_by|min_by|any_value|bool_and|bool_or|every|product)\s*\(/i;

/** Strips comments and string contents, so keywords inside them do not count. */
function clean(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/** The text at parenthesis depth 0 (nested parts replaced by `(…)`): the outer query's own clauses. */
function topLevel(sql: string): string {
  let depth = 0;
  let out = '';
  for (const ch of sql) {
    if (ch === '(') {
      if (depth === 0) out += '(';
      depth++;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) out += '…)';
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/** The queries a top-level `UNION [ALL]` combines (one part when there is none). */
function topLevelUnionParts(sql: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[uU]/.test(ch!) && /^union\b/i.test(sql.slice(i, i + 6)) && (i === 0 || /\W/.test(sql[i - 1]!))) {
      parts.push(sql.slice(start, i));
      const rest = /^union(\s+(all|distinct))?\b/i.exec(sql.slice(i))![0];
      start = i + rest.length;
      i = start - 1;
    }
  }
  parts.push(sql.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `(SELECT max(id) FROM t) tmp` — a JDBC `dbtable` subquery — → `SELECT max(id) FROM t`. */
export function unwrapSubquery(text: string): string | undefined {
  const match = /^\s*\(([\s\S]*)\)\s*(?:as\s+)?\w*\s*$/i.exec(text);
  return match && /^\s*(select|with)\b/i.test(match[1]!) ? match[1] : undefined;
}

/** Reads the clauses of the outermost query. */
export function sqlShape(sql: string): SqlShape {
  const text = clean(sql).trim().replace(/^\(+/, '');
  if (COMMANDS.test(text)) return { kind: 'command' };
  const outer = topLevel(text);
  // WITH … AS (…) SELECT …: the last top-level SELECT is the query's own.
  const selectAt = outer.search(/\bselect\b(?![\s\S]*\bselect\b)/i);
  const query = selectAt >= 0 ? outer.slice(selectAt) : outer;
  const limit = /\blimit\s+(\d+)\s*;?\s*$/i.exec(query);
  if (limit) return { kind: 'limit', rows: Number(limit[1]) };
  if (!/\bfrom\b/i.test(query) && !/\bfrom\b/i.test(text)) return { kind: 'no-from' };
  const parts = topLevelUnionParts(text);
  if (parts.length > 1) return { kind: 'union', parts: parts.map(sqlShape) };
  const groupBy = /\bgroup\s+by\s+([\s\S]*?)(?=\bhaving\b|\border\s+by\b|\blimit\b|\bwindow\b|$)/i.exec(query);
  if (groupBy) return { kind: 'grouped', keys: groupBy[1]!.trim().replace(/\s+/g, ' ') };
  // Nested parts are `(…)` here, but a call keeps its name: `count(…)`, `… over (…)`.
  const selectList = /^\s*select\s+([\s\S]*?)\bfrom\b/i.exec(query)?.[1] ?? '';
  if (AGGREGATE_CALL.test(selectList) && !/\bover\s*\(/i.test(selectList)) return { kind: 'global-aggregate' };
  const distinct = /^\s*distinct\s+([\s\S]*)$/i.exec(selectList);
  if (distinct) return { kind: 'distinct', columns: distinct[1]!.split(',').map((c) => c.trim()).filter((c) => c !== '') };
  return { kind: 'rows' };
}
