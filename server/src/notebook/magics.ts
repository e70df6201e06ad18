/**
 * IPython (and Databricks) rewrite some lines before Python sees them: `%run …`, `%%time`,
 * `!pip install …`, `files = !ls`, `df.join?`. Blanking them keeps every other line where it was.
 * A magic or shell escape is `%name` or `!command` at the start of a line, so a continuation line
 * starting with an operator (`% value)`, `!= other`) stays.
 */
const MAGIC_OR_SHELL = /^\s*(?:[\w.]+\s*=\s*)?(?:%{1,2}[A-Za-z_]|!(?!=))/;
const HELP_QUERY = /^\s*\?{0,2}[\w.]+\?{1,2}\s*$|^\s*\?{1,2}[\w.]+\s*$/;

export function isMagicLine(line: string): boolean {
  return MAGIC_OR_SHELL.test(line) || HELP_QUERY.test(line);
}

/** The text with magic, shell and help lines (and their `\`-continuations) blanked, line for line. */
export function blankMagicLines(text: string): string {
  let continued = false;
  return text
    .split('\n')
    .map((line) => {
      const blank = continued || isMagicLine(line);
      continued = blank && /\\\s*$/.test(line);
      return blank ? '' : line;
    })
    .join('\n');
}

/** IPython cell magics whose body is still Python. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3', 'memit']);

/**
 * The cell's lines that Python should read, the others blanked. A cell in another language (an
 * IPython cell magic such as %%sql or %%bash, or in a Databricks notebook a first line such as
 * %scala, %sql, %md, %sh, %run or %pip) is blanked whole.
 */
export function pythonLinesOf(cell: string, databricks: boolean): string {
  const head = cell.trimStart().split('\n', 1)[0]!.trim();
  const sqlCall = databricks && /^(# MAGIC )?%sql\s*$/.test(head) ? sqlCellAsCall(cell) : undefined;
  if (sqlCall !== undefined) return sqlCall;
  const cellMagic = /^%%([\w-]+)/.exec(head)?.[1];
  const databricksMagic = databricks ? /^%([\w-]+)/.exec(head)?.[1] : undefined;
  const python = cellMagic !== undefined ? PYTHON_BODY_CELL_MAGICS.has(cellMagic) : databricksMagic === undefined || databricksMagic === 'python';
  return python ? blankMagicLines(cell) : cell.replace(/[^\n]+/g, '');
}

const SQL_JOIN = /\bjoin\b/i;
const MAGIC_PREFIX = /^# MAGIC ?/;

/**
 * A Databricks `%sql` cell (it runs on the notebook's Spark session) that joins, as the
 * `spark.sql("""…""")` call it amounts to, line for line and column for column: the magic line
 * opens the call and the SQL stays where it was (a `# MAGIC ` prefix becomes spaces), so its joins
 * are read as joins in spark.sql text. Only a cell with a join is kept, so nothing else changes for
 * other cells; a cell a triple-quoted string cannot hold stays blank (undefined).
 */
function sqlCellAsCall(cell: string): string | undefined {
  const lines = cell.split('\n');
  const magic = lines.findIndex((line) => line.trim() !== '');
  const body = lines.map((line, index) => (index <= magic ? '' : line.replace(MAGIC_PREFIX, (prefix) => ' '.repeat(prefix.length))));
  const sql = body.join('\n');
  if (!SQL_JOIN.test(sql) || sql.includes('\\') || sql.includes('"""') || /"\s*$/.test(sql)) return undefined;
  let last = body.length - 1;
  while (last > magic && body[last]!.trim() === '') last--;
  if (last === magic) return undefined;
  body[magic] = 'spark.sql("""';
  body[last] = `${body[last]}""")`;
  return body.join('\n');
}
