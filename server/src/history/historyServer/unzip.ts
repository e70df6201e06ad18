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
  /** Largest uncompressed/compressed size of an entry over 1 MiB (zip bombs). */
  maxRatio: number;
}

/** Small entries may compress far better than any log without being a threat. */
const RATIO_EXEMPT_BYTES = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Zips written on Unix ("version made by" 3) keep the file mode in the high half of the external attributes. */
const UNIX = 3;

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

/** Why an entry is not a plain file or folder (a symbolic link, a device…), or undefined. */
function specialEntryReason(entry: yauzl.Entry): string | undefined {
  if (entry.versionMadeBy >> 8 !== UNIX) return undefined;
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === 0 || type === S_IFREG || type === S_IFDIR) return undefined;
  return type === S_IFLNK ? 'a symbolic link, not a file' : 'not a regular file';
}

/** Extracts every safe entry of `zipPath` into `targetDir` (which must exist); an entry that cannot be written is skipped alone. */
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
      const special = specialEntryReason(entry);
      if (special !== undefined) {
        result.skipped.push({ entry: name, reason: special });
        continue;
      }
      if (entry.isEncrypted()) {
        result.skipped.push({ entry: name, reason: 'encrypted' });
        continue;
      }
      if (entry.uncompressedSize > RATIO_EXEMPT_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        result.skipped.push({ entry: name, reason: `compressed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} to 1, more than the ${limits.maxRatio} to 1 of any event log (a zip bomb?)` });
        continue;
      }
      declaredBytes += entry.uncompressedSize;
      if (declaredBytes > limits.maxExtractedBytes) throw new ZipError(`would extract more than ${limits.maxExtractedBytes} bytes`);
      const problem = await extractEntry(zip, entry, destination, signal);
      if (problem !== undefined) {
        result.skipped.push({ entry: name, reason: problem });
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

/** Writes one entry; returns why it could not be written (a name clash, a path through a file), or undefined. */
async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, destination: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    await fs.promises.mkdir(path.dirname(destination), { recursive: true });
  } catch (error) {
    return `cannot create its folder: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`;
  }
  const source = await zip.openReadStreamPromise(entry);
  try {
    // 'wx': a second entry of the same name must not overwrite the first.
    await pipeline(source, fs.createWriteStream(destination, { flags: 'wx' }), signal ? { signal } : {});
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'EISDIR' && code !== 'ENOTDIR') throw error;
    source.destroy();
    return code === 'EEXIST' ? 'a second entry of the same name' : `cannot be written: ${code}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
