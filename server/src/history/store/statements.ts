/** Prepared statements, compiled once per store and reused for every row. */
import type { Database, SqlValue, Statement } from 'sql.js';
import { tableSpec } from './schema';

/** A row to insert, by column name; undefined is stored as NULL. */
export type Row = Record<string, SqlValue | undefined>;

export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, values: SqlValue[]): void {
    const statement = this.get(sql);
    try {
      statement.run(values);
    } finally {
      statement.reset(); // a failed step leaves the statement mid-way; reset so the next use starts clean
    }
  }

  /** All rows as objects. */
  all(sql: string, values: SqlValue[] = []): Array<Record<string, SqlValue>> {
    const statement = this.get(sql);
    const rows: Array<Record<string, SqlValue>> = [];
    try {
      statement.bind(values);
      while (statement.step()) rows.push(statement.getAsObject());
    } finally {
      statement.reset();
    }
    return rows;
  }

  /** Inserts `row` into `table`; every column the row names must exist, missing ones are NULL. */
  insert(table: string, row: Row): void {
    const spec = tableSpec(table);
    const names = spec.columns.map((column) => column.name);
    for (const key of Object.keys(row)) if (!names.includes(key)) throw new Error(`history store: table ${table} has no column ${key}`);
    const sql = `INSERT INTO ${table} (${names.map((name) => `"${name}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    this.run(
      sql,
      names.map((name) => row[name] ?? null),
    );
  }

  freeAll(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
  }
}
