/**
 * Says cheaply whether an event log changed since it was imported: sizes, modification times and
 * the first and last 64 KiB of each file. Spark only appends to a log (and renames it when done), so
 * any change shows in the size, the time or the tail; the head catches a file replaced by another of
 * the same size.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { EventLogSource } from '../eventlog/layout';

const EDGE_BYTES = 64 * 1024;

export async function fingerprintSource(source: EventLogSource): Promise<string> {
  const hash = createHash('sha1');
  // A rolling log finishes by renaming only its appstatus file: the event files stay the same.
  hash.update(`${source.layout}\0${source.inProgress ? 'in-progress' : 'complete'}\0`);
  for (const file of source.files) {
    const handle = await fs.promises.open(file, 'r');
    try {
      const stat = await handle.stat();
      hash.update(`${path.basename(file)}\0${stat.size}\0${stat.mtimeMs}\0`);
      hash.update(await readAt(handle, 0, Math.min(EDGE_BYTES, stat.size)));
      hash.update(await readAt(handle, Math.max(0, stat.size - EDGE_BYTES), Math.min(EDGE_BYTES, stat.size)));
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex');
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break; // the file shrank meanwhile: hash what is there
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
