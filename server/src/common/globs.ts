/**
 * Globs from settings (table names in `smallTables`, paths in `include`/`exclude`, app names).
 * Both the patterns and the names come from the repository, so matching must not backtrack:
 * picomatch's regular expressions took minutes on `*a*a*a*a*a*a*a*c` against a long name.
 * minimatch (11+) matches each path portion with a Thompson-NFA matcher
 * (@isaacs/nonrecursive-glob-match), in time linear in the name for a given pattern; the caps
 * below bound the pattern side.
 */
import { Minimatch, type MinimatchOptions } from 'minimatch';

/** Longest glob taken from settings; real ones are a few dozen characters. */
export const MAX_GLOB_LENGTH = 512;
/** Most globs taken from one setting. */
export const MAX_GLOBS = 1000;
/** Most patterns one glob's braces may expand to (`{a,b}{c,d}` is 4). */
const MAX_BRACE_EXPANSION = 256;

export type GlobMatcher = (text: string) => boolean;

export interface GlobOptions {
  /** Case-insensitive, like Spark's catalog for table names. */
  nocase?: boolean;
}

/** Drops what is over the caps from a list of globs, saying what and why. */
export function limitGlobs(globs: readonly string[], setting: string): { kept: string[]; problems: string[] } {
  const problems: string[] = [];
  const long = globs.filter((glob) => glob.length > MAX_GLOB_LENGTH);
  if (long.length > 0) problems.push(`${setting}: ${long.length} glob${long.length === 1 ? '' : 's'} longer than ${MAX_GLOB_LENGTH} characters ignored`);
  let kept = globs.filter((glob) => glob.length <= MAX_GLOB_LENGTH);
  if (kept.length > MAX_GLOBS) {
    problems.push(`${setting}: only the first ${MAX_GLOBS} of ${kept.length} globs are used`);
    kept = kept.slice(0, MAX_GLOBS);
  }
  return { kept, problems };
}

function options(nocase: boolean): MinimatchOptions {
  // As picomatch did: dot files match, `#` starts no comment, `!` negates; '/'-separated on every platform.
  return { dot: true, nocase, nocomment: true, platform: 'linux', braceExpandMax: MAX_BRACE_EXPANSION };
}

function compileOne(glob: string, nocase: boolean): GlobMatcher {
  let minimatch: Minimatch;
  try {
    minimatch = new Minimatch(glob, options(nocase));
  } catch {
    return () => false; // a pattern minimatch refuses (too many braces or extglobs) matches nothing
  }
  // `dir/**` also matches `dir` itself, as it did with picomatch (and as people expect of excludes).
  const folder = glob.endsWith('/**') && glob.length > 3 ? compileOne(glob.slice(0, -3), nocase) : undefined;
  return folder ? (text) => minimatch.match(text) || folder(text) : (text) => minimatch.match(text);
}

/** Settings hand the same arrays to every call: compile each list once. */
const compiled = { cased: new WeakMap<readonly string[], GlobMatcher>(), nocase: new WeakMap<readonly string[], GlobMatcher>() };

/** One matcher for any of the globs (those over the caps are ignored). */
export function compileGlobs(globs: readonly string[], { nocase = false }: GlobOptions = {}): GlobMatcher {
  const cache = nocase ? compiled.nocase : compiled.cased;
  let matcher = cache.get(globs);
  if (!matcher) {
    const matchers = limitGlobs(globs, '').kept.map((glob) => compileOne(glob, nocase));
    matcher = matchers.length === 1 ? matchers[0]! : (text) => matchers.some((match) => match(text));
    cache.set(globs, matcher);
  }
  return matcher;
}

/** Table-name globs from settings (`dim_*`, `ref.*`); matched case-insensitively like Spark's catalog. */
export function matchesAnyGlob(name: string, globs: readonly string[]): boolean {
  return globs.length > 0 && compileGlobs(globs, { nocase: true })(name);
}

