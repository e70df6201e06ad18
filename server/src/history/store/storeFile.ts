/**
 * The store file on disk. Saving writes a temporary file beside it, flushes it and renames it over
 * the store, so a reader (or a crash) sees the old file or the new one, never a mix. Temporaries are
 * named `<store>.tmp-<pid>`; one left by a process that died is removed at the next open.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isRunning } from './storeLock';

export function temporaryPath(file: string, pid = process.pid): string {
  return `${file}.tmp-${pid}`;
}

/**
 * Which version of the store file is on disk: every save renames a new file over it, so a save by
 * anyone changes the inode (and usually the size and time). Undefined: there is no file.
 */
export type FileIdentity = string | undefined;

function identityOf(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** Writes the new store beside the old one and renames it over; returns the identity of the file written. */
export async function writeAtomically(file: string, data: Uint8Array): Promise<FileIdentity> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  const handle = await fs.promises.open(temporary, 'w');
  let identity: string;
  try {
    await handle.writeFile(data);
    await handle.sync();
    identity = identityOf(await handle.stat());
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return identity;
}

/** The file's bytes and identity (read through one handle, so they belong together), or undefined when it does not exist. */
export async function readIfPresent(file: string): Promise<{ data: Buffer; identity: FileIdentity } | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    // Checked before opening: opening a FIFO would wait for a writer.
    if (!(await fs.promises.stat(file)).isFile()) throw new Error('not a regular file');
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Spark Advisor: cannot read the history store ${file}: ${(error as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`Spark Advisor: the history store ${file} is not a regular file`);
    return { data: await handle.readFile(), identity: identityOf(stat) };
  } catch (error) {
    throw new Error(`Spark Advisor: cannot read the history store ${file}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** The identity of the file on disk now, without reading it. */
export async function currentIdentity(file: string): Promise<FileIdentity> {
  try {
    return identityOf(await fs.promises.stat(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
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
