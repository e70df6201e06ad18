/**
 * From a call site as Spark wrote it ('/app/jobs/etl.py', 'DailyJob.scala', '<stdin>') to a file of
 * the open workspace. Paths in logs are the driver's (a container, another machine, Windows), so
 * they are matched by their trailing segments, never taken as paths on this machine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isPseudoFile } from './callSiteText';
import { baseName } from './internal';
import type { CallSite } from './types';

export type Resolution =
  | { kind: 'resolved'; file: string; how: 'suffix' | 'basename' | 'package' | 'pinned' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'unresolved'; reason: string };

/** Files read to learn a declared package or a line count: only their start matters, or their size stays small. */
const PACKAGE_READ_BYTES = 8 * 1024;
/** Code piped to Python (`<stdin>`) names no file: beyond this many workspace files of its language, listing them helps nobody. */
const MAX_PSEUDO_CANDIDATES = 20;
/** …and no more than this many are read to count their lines. */
const MAX_PSEUDO_FILES_READ = 200;
const PINS_SETTING = 'sparkAdvisor.callSitePins';

/** 'C:\\jobs\\etl.py' and '/app/jobs/etl.py' alike → ['c:', 'jobs', 'etl.py']: segments, drive letter lower-cased. */
export function pathSegments(filePath: string): string[] {
  const segments = filePath.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.length > 0 && /^[A-Za-z]:$/.test(segments[0]!)) segments[0] = segments[0]!.toLowerCase();
  return segments;
}

function commonSuffixLength(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[a.length - 1 - count] === b[b.length - 1 - count]) count++;
  return count;
}

function languageOfFile(file: string): string | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.py')) return 'python';
  if (lower.endsWith('.scala') || lower.endsWith('.sc')) return 'scala';
  if (lower.endsWith('.java')) return 'java';
  return undefined;
}

function readStart(file: string, bytes: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The package a Scala or Java file declares, 'com/acme/etl': `package com.acme.etl;` (Java), and
 * Scala's chained clauses `package com.acme` + `package etl` before the first other statement.
 */
export function declaredPackage(text: string): string | undefined {
  const parts: string[] = [];
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  for (const line of withoutComments.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const clause = /^package\s+([\w.]+)\s*;?\s*(\{)?$/.exec(trimmed);
    if (!clause || /^package\s+object\b/.test(trimmed)) break;
    parts.push(...clause[1]!.split('.'));
    if (clause[2]) break; // `package x {`: what follows is inside it
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** The .py/.scala/.java files of a workspace, found by a call site's file name. */
export class WorkspaceFileIndex {
  private readonly roots: string[];
  /** Base name → absolute paths. */
  private readonly byName = new Map<string, Set<string>>();
  /** Facts read from files, forgotten when the file is added again or removed. */
  private readonly packages = new Map<string, string | null>();
  private readonly lineCounts = new Map<string, number>();

  /** files: absolute paths of the workspace's .py/.scala/.java files; roots: workspace folders. */
  constructor(files: readonly string[], roots: readonly string[]) {
    this.roots = [...roots];
    for (const file of files) this.add(file);
  }

  /** Also to be called when a file changed: what was read from it is forgotten. */
  add(file: string): void {
    const name = baseName(file);
    let files = this.byName.get(name);
    if (!files) this.byName.set(name, (files = new Set()));
    files.add(file);
    this.forget(file);
  }

  remove(file: string): void {
    const name = baseName(file);
    const files = this.byName.get(name);
    files?.delete(file);
    if (files?.size === 0) this.byName.delete(name);
    this.forget(file);
  }

  private forget(file: string): void {
    this.packages.delete(file);
    this.lineCounts.delete(file);
  }

  private has(file: string): boolean {
    return this.byName.get(baseName(file))?.has(file) === true;
  }

  /**
   * pins: call-site path (as in the log, or its base name) → workspace-relative or absolute path,
   * from the setting sparkAdvisor.callSitePins. Then: the file sharing the longest run of trailing
   * path segments (two at least); else the only file of that name; else the one in the package of
   * the frame (Scala/Java); else ambiguous.
   */
  resolve(site: CallSite, pins?: Readonly<Record<string, string>>): Resolution {
    const pinned = pins ? this.pinned(site, pins) : undefined;
    if (pinned) return pinned;
    if (isPseudoFile(site.path)) return this.pseudoFile(site);

    const segments = pathSegments(site.path);
    const name = segments[segments.length - 1];
    const named = name === undefined ? [] : [...(this.byName.get(name) ?? [])].sort();
    if (named.length === 0) return { kind: 'unresolved', reason: `no file named ${name ?? site.path} in the workspace` };

    let candidates = named;
    if (segments.length > 1) {
      const scored = named.map((file) => ({ file, score: commonSuffixLength(segments, pathSegments(file)) }));
      const best = Math.max(...scored.map((entry) => entry.score));
      if (best >= 2) {
        candidates = scored.filter((entry) => entry.score === best).map((entry) => entry.file);
        if (candidates.length === 1) return { kind: 'resolved', file: candidates[0]!, how: 'suffix' };
      }
    }
    if (named.length === 1) return { kind: 'resolved', file: named[0]!, how: 'basename' };
    if (site.packageHint) {
      const inPackage = candidates.filter((file) => this.isInPackage(file, site.packageHint!));
      if (inPackage.length === 1) return { kind: 'resolved', file: inPackage[0]!, how: 'package' };
      if (inPackage.length > 1) candidates = inPackage;
    }
    return { kind: 'ambiguous', candidates };
  }

  private pinned(site: CallSite, pins: Readonly<Record<string, string>>): Resolution | undefined {
    const sitePath = pathSegments(site.path).join('/');
    const siteName = baseName(site.path);
    const entries = Object.entries(pins);
    const exact = entries.find(([key]) => pathSegments(key).join('/') === sitePath);
    const byName = exact ?? entries.find(([key]) => !/[\\/]/.test(key.trim()) && key.trim() === siteName);
    if (!byName) return undefined;
    const target = byName[1].trim();
    const tried = path.isAbsolute(target) ? [target] : this.roots.map((root) => path.join(root, target));
    const found = tried.find((file) => this.has(file)) ?? tried.find((file) => fs.existsSync(file));
    if (found) return { kind: 'resolved', file: found, how: 'pinned' };
    return { kind: 'unresolved', reason: `${PINS_SETTING} maps ${byName[0]} to ${target}, which is not in the workspace` };
  }

  /** The directory ends with the package's folders, or the file declares the package. */
  private isInPackage(file: string, packageHint: string): boolean {
    const wanted = packageHint.split('/');
    const directory = pathSegments(file).slice(0, -1);
    if (commonSuffixLength(directory, wanted) === wanted.length) return true;
    let declared = this.packages.get(file);
    if (declared === undefined) {
      const text = readStart(file, PACKAGE_READ_BYTES);
      declared = (text === undefined ? undefined : declaredPackage(text)) ?? null;
      this.packages.set(file, declared);
    }
    return declared === packageHint;
  }

  /**
   * `<stdin>`, `<string>`, `<console>`: the code was piped or typed in, so no file is named. The
   * workspace files of the language that are long enough to have that line are offered, never
   * chosen: only a pin settles it.
   */
  private pseudoFile(site: CallSite): Resolution {
    const advice = `${site.path} names no file: Spark ran code that was typed or piped in; map it to a file with ${PINS_SETTING}`;
    const sameLanguage = [...this.byName.values()].flatMap((files) => [...files]).filter((file) => languageOfFile(file) === site.language);
    if (sameLanguage.length === 0 || sameLanguage.length > MAX_PSEUDO_FILES_READ) return { kind: 'unresolved', reason: advice };
    const longEnough = sameLanguage.filter((file) => this.lineCount(file) >= site.line).sort();
    if (longEnough.length === 0 || longEnough.length > MAX_PSEUDO_CANDIDATES) return { kind: 'unresolved', reason: advice };
    return { kind: 'ambiguous', candidates: longEnough };
  }

  private lineCount(file: string): number {
    let count = this.lineCounts.get(file);
    if (count === undefined) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      count = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      this.lineCounts.set(file, count);
    }
    return count;
  }
}
