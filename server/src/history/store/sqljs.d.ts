/**
 * The part of sql.js (1.x) the history store uses. sql.js ships no types, and @types/sql.js would pull
 * in @types/emscripten for the few calls needed here.
 */
declare module 'sql.js' {
  export type SqlValue = number | string | Uint8Array | null;
  export type BindParams = SqlValue[] | Record<string, SqlValue> | null;

  export interface Statement {
    /** Binds (after a reset); throws on a wrong parameter. */
    bind(values?: BindParams): boolean;
    /** true while a row is available. */
    step(): boolean;
    get(params?: BindParams): SqlValue[];
    getAsObject(params?: BindParams): Record<string, SqlValue>;
    /** Binds, steps once, resets. */
    run(values?: BindParams): void;
    reset(): boolean;
    free(): boolean;
  }

  export interface QueryExecResult {
    columns: string[];
    values: SqlValue[][];
  }

  export interface Database {
    run(sql: string, params?: BindParams): Database;
    exec(sql: string, params?: BindParams): QueryExecResult[];
    prepare(sql: string, params?: BindParams): Statement;
    /** A copy of the database file (rollback-journal format). */
    export(): Uint8Array;
    close(): void;
    getRowsModified(): number;
    /** The database's file in sql.js's in-memory file system, under '/': ATTACH another database by it. */
    readonly filename: string;
  }

  export interface SqlJsStatic {
    Database: new (data?: ArrayLike<number> | Buffer | null) => Database;
  }

  export interface SqlJsConfig {
    /** The wasm module's bytes; spares sql.js from locating the file itself. */
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?(file: string): string;
  }

  export default function initSqlJs(config?: SqlJsConfig): Promise<SqlJsStatic>;
}
