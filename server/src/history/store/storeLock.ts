/**
 * The lock a save holds on a store file while it merges and writes: `<store>.lock`, created
 * exclusively, holding the owner's pid, host and start time. It is held for the save only (the
 * merge and the write, seconds at most), never while a process merely has the store open, so the
 * editor and a CLI import can share a store.
 *
 * A lock is stale when its owner is gone: on the same host, its pid no longer runs; from another
 * host (a shared folder), it is older than STALE_AFTER_MS. A stale lock is moved aside and checked
 * to be the one judged stale before it is deleted, so two processes breaking it at once cannot
 * remove a fresh lock.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** No save takes this long; a lock from another host older than this is left by a dead process. */
export const STALE_AFTER_MS = 10 * 60 * 1000;
/** How long a save waits for another process's save by default. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
const POLL_MS = 25;

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

/** Another live process holds the store's lock for longer than we may wait. */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
    waitedMs: number,
  ) {
    const who = owner ? `pid ${owner.pid}${owner.host === os.hostname() ? '' : ` on ${owner.host}`}, since ${new Date(owner.since).toISOString()}` : 'another process';
    super(`the history store ${file} is in use by ${who} (waited ${Math.round(waitedMs / 1000)} s); try again when it has finished, or delete ${lockPath(file)} if no such process runs`);
  }
}

export function lockPath(file: string): string {
  return `${file}.lock`;
}

/** Takes the store's lock, waiting up to `waitMs` for another process's save; returns the release. */
export async function acquireStoreLock(file: string, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<() => Promise<void>> {
  const lock = lockPath(file);
  const mine: LockOwner = { pid: process.pid, host: os.hostname(), since: Date.now() };
  const started = Date.now();
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      await fs.promises.writeFile(lock, JSON.stringify(mine), { flag: 'wx' });
      return () => fs.promises.rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readLock(lock);
    if (held.text !== undefined && isStale(held.owner, held.ageMs ?? 0)) {
      await breakStaleLock(lock, held.text);
      continue;
    }
    if (Date.now() - started >= waitMs) throw new StoreBusyError(file, held.owner, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A lock without a readable owner younger than this may be one being written right now. */
const UNREADABLE_GRACE_MS = 5_000;

async function readLock(lock: string): Promise<{ text?: string; owner?: LockOwner; ageMs?: number }> {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - (await fs.promises.stat(lock)).mtimeMs;
    text = await fs.promises.readFile(lock, 'utf8');
  } catch {
    return {}; // released meanwhile
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.since === 'number') return { text, owner: owner as LockOwner };
  } catch {
    // being written right now, or written halfway by a process that died then: judged by its age
  }
  return { text, ageMs };
}

function isStale(owner: LockOwner | undefined, ageMs: number): boolean {
  if (owner === undefined) return ageMs > UNREADABLE_GRACE_MS;
  if (owner.host !== os.hostname()) return Date.now() - owner.since > STALE_AFTER_MS;
  return !isRunning(owner.pid);
}

/** Moves the lock aside; deletes it if it is the stale one, else (a fresh lock taken meanwhile) puts it back. */
async function breakStaleLock(lock: string, staleText: string): Promise<void> {
  const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
  try {
    await fs.promises.rename(lock, aside);
  } catch {
    return; // someone else moved or released it first
  }
  const text = await fs.promises.readFile(aside, 'utf8').catch(() => undefined);
  if (text !== staleText) await fs.promises.link(aside, lock).catch(() => undefined);
  await fs.promises.rm(aside, { force: true });
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}
