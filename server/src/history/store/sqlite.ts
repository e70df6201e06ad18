/**
 * Loads SQLite (sql.js, WebAssembly). The wasm file is read here and handed over as bytes, so a
 * missing file is a clear error naming it, whatever the bundle layout.
 */
import * as fs from 'fs';
import * as path from 'path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

const WASM_FILE = 'sql-wasm.wasm';

/** Beside the running bundle (dist/, where the build copies it), else from the sql.js package (tests run from out/). */
export function defaultWasmPath(): string {
  const besideBundle = path.join(__dirname, WASM_FILE);
  if (fs.existsSync(besideBundle)) return besideBundle;
  try {
    return require.resolve(`sql.js/dist/${WASM_FILE}`);
  } catch {
    throw new Error(`Spark Advisor: the SQLite runtime ${WASM_FILE} is neither beside ${__dirname} nor in the sql.js package; run \`npm run build\` first.`);
  }
}

/**
 * sql.js instantiates its module once per process and hands that one to every later call, so the
 * first load decides which wasm file is used; later `wasmPath`s are not read.
 */
let loading: Promise<SqlJsStatic> | undefined;

export function loadSqlite(wasmPath?: string): Promise<SqlJsStatic> {
  loading ??= readWasm(wasmPath).then((wasmBinary) => initSqlJs({ wasmBinary }));
  return loading;
}

async function readWasm(wasmPath: string | undefined): Promise<Buffer> {
  try {
    wasmPath ??= defaultWasmPath();
    return await fs.promises.readFile(wasmPath);
  } catch (error) {
    loading = undefined; // nothing reached sql.js yet: a later call with a good path may still succeed
    throw wasmPath === undefined ? error : new Error(`Spark Advisor: cannot read the SQLite runtime ${wasmPath}: ${(error as Error).message}`);
  }
}
