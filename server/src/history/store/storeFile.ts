/**
 * The store file on disk. Saving writes a temporary file beside it, flushes it and renames it over
 * the store, so a reader (or a crash) sees the old file or the new one, never a mix. Temporaries are
 * named `<store>.tmp-<pid>`; one left by a process that died is removed at the next open.
 */
import * as fs from 'fs';
import * as path from 'path';

export function temporaryPath(file: string, pid = process.pid): string {
  return `${file}.tmp-${pid}`;
}

export async function writeAtomically(file: string, data: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  const handle = await fs.promises.open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/** The file's bytes, or undefined when it does not exist. */
export async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Spark Advisor: cannot read the history store ${file}: ${(error as Error).message}`);
  }
}

/** Removes `<store>.tmp-<pid>` files whose process is gone (a save cut by a crash or a kill). */
export async function removeStaleTemporaries(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try {
    names = await fs.promises.readdir(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await fs.promises.rm(path.join(path.dirname(file), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}
