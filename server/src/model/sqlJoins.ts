/**
 * The joins a SQL query's text writes (`FROM facts f JOIN dim d ON …`), read just far enough to
 * know each join's sides by the names they are read under, its type, and where its query's SELECT
 * is (a join hint goes right after it). Comments, string contents, quoted identifiers, subqueries
 * and CTEs are stepped over; text it cannot read yields fewer joins, never an error. Offsets are
 * into the text as given, so a caller can place them in the source.
 */

/** A relation a FROM clause reads: a table or view by name, or something else (a subquery, a table function, a run-time name). */
export interface SqlRelation {
  /** The name as written, unquoted (`db.t`), when the relation is a plain name. */
  name?: string;
  /** The name the query reads it under: its alias, or the last part of its name. */
  alias?: string;
  /** The relation is a name the query's own WITH clause defines. */
  cte: boolean;
}

export interface SqlJoin {
  /** `inner`, `left`, `left_semi`, …, `cross`; a comma in the FROM list is an inner (or cross) join. */
  how: string;
  /** Every relation the FROM clause read before this join: the join's left side. */
  left: SqlRelation[];
  right: SqlRelation;
  /** From the join's first keyword to the end of its right relation's alias. */
  start: number;
  end: number;
  /** The end of the SELECT keyword of the query the join is in: where a hint goes. */
  selectEnd: number;
}

export interface SqlJoins {
  joins: SqlJoin[];
  /** The text holds a hint comment (`/*+ BROADCAST(d) *\/`, `MAPJOIN`, `MERGE`…): its author chose the join strategies. */
  hinted: boolean;
}

/** Longer texts are not read: no generated query of that size is one a reader writes by hand. */
const MAX_TEXT = 200_000;

interface Token {
  text: string;
  upper: string;
  start: number;
  end: number;
  depth: number;
}

const CLAUSE_ENDS = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'WINDOW', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'LATERAL', 'QUALIFY', 'SELECT', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'OFFSET']);
const JOIN_WORDS = new Set(['JOIN', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'OUTER', 'SEMI', 'ANTI', 'NATURAL']);
const NOT_ALIASES = new Set([...CLAUSE_ENDS, ...JOIN_WORDS, 'ON', 'USING', 'AS', 'FROM']);

/** Comments and string contents as spaces (line breaks kept), so offsets stay those of the text. */
function masked(sql: string): { text: string; hinted: boolean } {
  let hinted = false;
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^'\\]|\\[\s\S])*(?:'|$)|"(?:[^"\\]|\\[\s\S])*(?:"|$)/g, (part) => {
    if (part.startsWith('/*+')) hinted = true;
    if (part.startsWith('--') || part.startsWith('/*')) return part.replace(/[^\n]/g, ' ');
    return part[0] + part.slice(1, -1).replace(/[^\n]/g, ' ') + part.slice(-1);
  });
  return { text, hinted };
}

function tokens(text: string): Token[] {
  const found: Token[] = [];
  let depth = 0;
  for (const match of text.matchAll(/`(?:[^`]|``)*`|[A-Za-z_][\w$]*|[(),.;]|[^\s\w(),.;`]+|\d+/g)) {
    const word = match[0];
    if (word === ')') depth = Math.max(0, depth - 1);
    found.push({ text: word, upper: word.toUpperCase(), start: match.index, end: match.index + word.length, depth });
    if (word === '(') depth++;
  }
  return found;
}

const isIdentifier = (token: Token | undefined): boolean => token !== undefined && /^(`|[A-Za-z_])/.test(token.text);
const unquoted = (word: string): string => (word.startsWith('`') ? word.slice(1, -1).replace(/``/g, '`') : word);

/** Index just past the parenthesis group opening at `open`. */
function pastGroup(list: Token[], open: number): number {
  const depth = list[open]!.depth;
  let i = open + 1;
  while (i < list.length && !(list[i]!.text === ')' && list[i]!.depth === depth)) i++;
  return i + 1;
}

/** Names a WITH clause defines: `WITH a AS (…), b AS (…)`. */
function cteNames(list: Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 1; i + 2 < list.length; i++) {
    const before = list[i - 1]!.upper;
    if ((before === 'WITH' || before === ',') && isIdentifier(list[i]) && list[i + 1]!.upper === 'AS' && list[i + 2]!.text === '(') names.add(unquoted(list[i]!.text).toLowerCase());
  }
  return names;
}

export function sqlJoins(sql: string): SqlJoins {
  if (sql.length > MAX_TEXT) return { joins: [], hinted: false };
  const { text, hinted } = masked(sql);
  const list = tokens(text);
  const ctes = cteNames(list);
  const joins: SqlJoin[] = [];
  for (let s = 0; s < list.length; s++) {
    if (list[s]!.upper !== 'SELECT') continue;
    const from = fromOf(list, s);
    if (from !== undefined) readFrom(list, from + 1, list[s]!.end, ctes, joins);
  }
  return { joins, hinted };
}

/** The FROM of the query whose SELECT is at `s`: at the same depth, before the query ends. */
function fromOf(list: Token[], s: number): number | undefined {
  const depth = list[s]!.depth;
  for (let i = s + 1; i < list.length; i++) {
    const token = list[i]!;
    if (token.depth < depth) return undefined;
    if (token.depth > depth) continue;
    if (token.upper === 'FROM') return i;
    if (['SELECT', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', ';'].includes(token.upper)) return undefined;
  }
  return undefined;
}

/** Reads one relation at `i`: its name or subquery, and its alias. Returns the relation and the index after it. */
function readRelation(list: Token[], i: number, ctes: ReadonlySet<string>): { relation: SqlRelation; next: number } {
  const token = list[i];
  let relation: SqlRelation = { cte: false };
  let next = i;
  if (token?.text === '(') {
    next = pastGroup(list, i);
  } else if (isIdentifier(token) && !NOT_ALIASES.has(token!.upper)) {
    const parts = [unquoted(token!.text)];
    next = i + 1;
    while (list[next]?.text === '.' && isIdentifier(list[next + 1])) {
      parts.push(unquoted(list[next + 1]!.text));
      next += 2;
    }
    if (list[next]?.text === '(') {
      // A table-valued function (`range(10)`, `explode(…)`): no name to follow.
      next = pastGroup(list, next);
    } else {
      const name = parts.join('.');
      relation = { name, alias: parts[parts.length - 1], cte: parts.length === 1 && ctes.has(name.toLowerCase()) };
    }
  } else {
    return { relation, next: i + 1 };
  }
  if (list[next]?.upper === 'AS') next++;
  const alias = list[next];
  if (isIdentifier(alias) && !NOT_ALIASES.has(alias!.upper) && list[next + 1]?.text !== '.') {
    relation = { ...relation, alias: unquoted(alias!.text) };
    next++;
    // `AS t(a, b)`: column aliases.
    if (list[next]?.text === '(') next = pastGroup(list, next);
  }
  return { relation, next };
}

/** The join type its keywords name (`LEFT OUTER JOIN` → left, `LEFT ANTI JOIN` → left_anti). */
function joinType(words: string[]): string {
  const w = words.filter((word) => word !== 'OUTER' && word !== 'JOIN' && word !== 'NATURAL');
  if (w.length === 0 || w[0] === 'INNER') return 'inner';
  if (w[0] === 'CROSS') return 'cross';
  if (w[0] === 'FULL') return 'full';
  if (w[0] === 'RIGHT') return 'right';
  if (w[0] === 'SEMI' || w[0] === 'ANTI') return `left_${w[0].toLowerCase()}`;
  if (w[0] === 'LEFT') return w[1] === 'SEMI' || w[1] === 'ANTI' ? `left_${w[1].toLowerCase()}` : 'left';
  return 'inner';
}

/** The FROM list at `i`, at its own depth: relations separated by commas and joins, each join with its left relations. */
function readFrom(list: Token[], i: number, selectEnd: number, ctes: ReadonlySet<string>, joins: SqlJoin[]): void {
  const depth = list[i - 1]!.depth;
  const first = readRelation(list, i, ctes);
  const read: SqlRelation[] = [first.relation];
  i = first.next;
  // Bounded by the tokens: every pass moves `i` forward.
  while (i < list.length) {
    const token = list[i]!;
    if (token.depth < depth || token.text === ';' || (token.depth === depth && CLAUSE_ENDS.has(token.upper))) return;
    if (token.depth > depth) {
      i++;
      continue;
    }
    // `left(code, 3)` in a condition is a function, not a join.
    if (token.text === ',' || (JOIN_WORDS.has(token.upper) && (token.upper === 'JOIN' || list[i + 1]?.text !== '('))) {
      const start = token.start;
      const words: string[] = [];
      let j = i;
      if (token.text === ',') j++;
      else while (j < list.length && JOIN_WORDS.has(list[j]!.upper)) words.push(list[j++]!.upper);
      if (token.text !== ',' && !words.includes('JOIN')) return;
      const right = readRelation(list, j, ctes);
      const end = list[right.next - 1]?.end ?? token.end;
      joins.push({ how: token.text === ',' ? 'inner' : joinType(words), left: [...read], right: right.relation, start, end, selectEnd });
      read.push(right.relation);
      i = Math.max(right.next, i + 1);
      continue;
    }
    // ON / USING conditions and anything else at this depth: stepped over.
    i++;
  }
}
