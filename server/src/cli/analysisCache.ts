import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { grammarPath } from '../syntax/grammarFiles';
import { MAX_NOTEBOOK_BYTES, type FileOutcome } from './analyzeFiles';
import { isCachedOutcome } from './cachedOutcome';
import { CliError } from './errors';
import type { DiscoveredFile } from './discovery';
import { packageInfo } from './packageInfo';

/**
 * `check --cache`: what each file came to in earlier runs, so a file whose bytes, settings, place
 * and imported modules are unchanged is not parsed again (as ESLint's `--cache`). An entry counts only for the
 * same engine: the version, the running bundle's bytes and the grammars' bytes are part of the key,
 * so a rebuilt or upgraded tool starts afresh. Never used with `--db`: findings then also depend on
 * the runs in the store.
 */

/** Far over what a run over thousands of files writes: anything larger was not written by this tool. */
const MAX_CACHE_BYTES = 1024 * 1024 * 1024;

/**
 * The cache file is read whole and then renamed over: a FIFO would block the run, a device
 * (`--cache-location /dev/null`) would be read for ever or replaced by a regular file.
 */
function refuseNonRegularFile(location: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch {
    return; // missing (or unreadable): started afresh
  }
  if (!stat.isFile()) throw new CliError(`cannot use the cache file ${location}: ${stat.isDirectory() ? 'is a directory' : 'not a regular file'}`);
}

/** Bumped when what an entry holds changes shape. */
const FORMAT = 2;

interface CacheFile {
  format: number;
  engine: string;
  /** Absolute path of a file → the key of what it was and its outcome. */
  entries: Map<string, CacheEntry>;
}

interface CacheEntry {
  key: string;
  /** The other files its findings may depend on (modules it imports), each with the hash of its bytes then. */
  dependencies: Array<[file: string, hash: string | undefined]>;
  /** The outcome, serialized on its own: read only when used, written again only when new. */
  outcome: Uint8Array;
}

/** The default cache file: per user and per working folder, in the OS temp folder (never in the repository). */
export function defaultCacheLocation(cwd: string): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  const folder = createHash('sha256').update(cwd).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `spark-advisor-${user}`, `check-cache-${folder}.bin`);
}

/** What the analysis results depend on besides the files: the tool itself. */
function engineIdentity(): string {
  const hash = createHash('sha256').update(`${packageInfo().version}\0`);
  // In the bundle this file is dist/cli.js, the whole engine; grammars are read beside it.
  for (const file of [__filename, grammarPath('python'), grammarPath('scala')]) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

export class AnalysisCache {
  private readonly engine: string;
  private readonly previous: Map<string, CacheEntry>;
  private readonly current = new Map<string, CacheEntry>();
  /** Keys computed by `lookup`, for `store`. */
  private readonly keys = new Map<string, string>();
  private readonly settingsJson = new WeakMap<object, string>();
  private readonly fileHashes = new Map<string, string | undefined>();
  /** Which files the run has: an import that did not resolve may resolve once a file is added. */
  private filesOfRun = '';
  /** Something was stored, or the cache file held nothing usable. */
  private changed = false;

  /** `variant`: how the engine was told to run, when not as usual (entries of one never serve another). */
  constructor(
    readonly location: string,
    variant = '',
  ) {
    this.engine = variant === '' ? engineIdentity() : `${engineIdentity()}|${variant}`;
    this.previous = this.read();
  }

  private read(): Map<string, CacheEntry> {
    refuseNonRegularFile(this.location);
    try {
      if (fs.statSync(this.location).size > MAX_CACHE_BYTES) throw new Error('larger than a cache this tool writes');
      const data = v8.deserialize(fs.readFileSync(this.location)) as Partial<CacheFile>;
      if (data.format === FORMAT && data.engine === this.engine && data.entries instanceof Map) return data.entries;
    } catch {
      // Missing, unreadable or from another version: start afresh.
    }
    this.changed = true;
    return new Map();
  }

  /** The run's files: a file added or removed can change what imports resolve to. */
  knowFiles(files: readonly DiscoveredFile[]): void {
    this.filesOfRun = createHash('sha256').update(files.map((f) => f.file).sort().join('\0')).digest('hex');
  }

  /** What `file` came to last time, if nothing it depends on changed; remembers its key for `store`. */
  lookup(file: DiscoveredFile): FileOutcome | undefined {
    const key = this.keyOf(file);
    if (key === undefined) return undefined;
    this.keys.set(file.file, key);
    const entry = this.previous.get(file.file);
    try {
      if (entry?.key !== key || entry.dependencies.some(([dependency, hash]) => this.hashOf(dependency) !== hash)) return undefined;
      const outcome: unknown = v8.deserialize(entry.outcome);
      if (!isCachedOutcome(outcome, file.file)) return undefined;
      this.current.set(file.file, entry);
      return outcome;
    } catch {
      return undefined;
    }
  }

  /** Remembers a fresh outcome (failures are not remembered: they are bugs to see again). */
  store(file: DiscoveredFile, outcome: FileOutcome, dependencies: readonly string[] = []): void {
    const key = this.keys.get(file.file);
    if (key === undefined || 'failure' in outcome) return;
    this.current.set(file.file, { key, dependencies: dependencies.map((d) => [d, this.hashOf(d)]), outcome: v8.serialize(outcome) });
    this.changed = true;
  }

  /**
   * Writes this run's entries and the earlier ones of files not checked this time. Written beside
   * and renamed, so a reader never sees half a file; a cache that cannot be written only costs time.
   * Not written when every file came from it.
   */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const entries = new Map(this.previous);
    for (const [file, entry] of this.current) entries.set(file, entry);
    const data: CacheFile = { format: FORMAT, engine: this.engine, entries };
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.location), { recursive: true, mode: 0o700 });
      fs.writeFileSync(temporary, v8.serialize(data), { mode: 0o600 });
      fs.renameSync(temporary, this.location);
      return undefined;
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** The file's bytes, language, settings and place under its folder (which tells tests apart); undefined when unreadable. */
  private keyOf({ file, relativePath, language, settings }: DiscoveredFile): string | undefined {
    let bytes: Buffer;
    try {
      // What is too large is skipped by the analysis, without reading it: so it is here.
      if (fs.statSync(file).size > MAX_NOTEBOOK_BYTES) return undefined;
      bytes = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    let settingsJson = this.settingsJson.get(settings);
    if (settingsJson === undefined) this.settingsJson.set(settings, (settingsJson = JSON.stringify(settings)));
    return createHash('sha256').update(bytes).update(`\0${language}\0${relativePath}\0${settingsJson}\0${this.filesOfRun}`).digest('hex');
  }

  /** A dependency's bytes, hashed once per run; undefined when it cannot be read (gone). */
  private hashOf(file: string): string | undefined {
    if (this.fileHashes.has(file)) return this.fileHashes.get(file);
    let hash: string | undefined;
    try {
      hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      hash = undefined;
    }
    this.fileHashes.set(file, hash);
    return hash;
  }
}
