/**
 * Safe extraction of a downloaded log zip: entries that would land outside the target folder
 * (zip-slip: '../../evil', '/etc/x', 'C:/x') are skipped and reported, and the entry count and the
 * total extracted size are capped so a hostile or broken archive cannot fill the disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as yauzl from 'yauzl';

export interface ExtractLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxExtractedBytes: number;
  maxEntries: number;
}

export interface ExtractResult {
  /** Paths of the extracted files, relative to the target folder, '/'-separated. */
  files: string[];
  /** Entries left out, each with why. */
  skipped: Array<{ entry: string; reason: string }>;
}

/** An archive that cannot be read at all, or one over the limits. */
export class ZipError extends Error {}

/** Why an entry name may not be written, or undefined when it is a plain relative path. */
export function unsafeEntryReason(name: string): string | undefined {
  const problem = yauzl.validateFileName(name);
  if (problem !== null) return problem;
  if (name.split('/').some((segment) => segment === '..')) return 'path escapes the target folder';
  if (/[\0:]/.test(name)) return 'invalid characters in the file name';
  return undefined;
}

/** Extracts every safe entry of `zipPath` into `targetDir` (which must exist). */
export async function extractZip(zipPath: string, targetDir: string, limits: ExtractLimits, signal?: AbortSignal): Promise<ExtractResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true, autoClose: true });
  } catch (error) {
    throw new ZipError(`not a valid zip archive (${messageOf(error)})`);
  }
  const root = path.resolve(targetDir);
  const result: ExtractResult = { files: [], skipped: [] };
  let declaredBytes = 0;
  let entries = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      signal?.throwIfAborted();
      if (++entries > limits.maxEntries) throw new ZipError(`more than ${limits.maxEntries} entries: not a log archive`);
      // Decoded by hand so a bad name skips one entry instead of failing the archive (yauzl's own check throws).
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const unsafe = unsafeEntryReason(name);
      const destination = path.resolve(root, name);
      if (unsafe !== undefined || !destination.startsWith(root + path.sep)) {
        result.skipped.push({ entry: name, reason: unsafe ?? (destination === root ? 'no file name' : 'path escapes the target folder') });
        continue;
      }
      if (name.endsWith('/')) {
        await fs.promises.mkdir(destination, { recursive: true });
        continue;
      }
      if (entry.isEncrypted()) {
        result.skipped.push({ entry: name, reason: 'encrypted' });
        continue;
      }
      declaredBytes += entry.uncompressedSize;
      if (declaredBytes > limits.maxExtractedBytes) throw new ZipError(`would extract more than ${limits.maxExtractedBytes} bytes`);
      await fs.promises.mkdir(path.dirname(destination), { recursive: true });
      const source = await zip.openReadStreamPromise(entry);
      try {
        // 'wx': a second entry of the same name must not overwrite the first.
        await pipeline(source, fs.createWriteStream(destination, { flags: 'wx' }), signal ? { signal } : {});
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        source.destroy();
        result.skipped.push({ entry: name, reason: 'a second entry of the same name' });
        continue;
      }
      result.files.push(path.relative(root, destination).split(path.sep).join('/'));
    }
  } catch (error) {
    if (signal?.aborted || error instanceof ZipError) throw error;
    throw new ZipError(`broken zip archive (${messageOf(error)})`);
  } finally {
    zip.close();
  }
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
