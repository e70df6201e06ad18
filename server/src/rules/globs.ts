import picomatch from 'picomatch';

const cache = new Map<string, (name: string) => boolean>();

/** Table-name globs from settings (`dim_*`, `ref.*`); matched case-insensitively like Spark's catalog. */
export function matchesAnyGlob(name: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let matcher = cache.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, { nocase: true, dot: true });
      cache.set(glob, matcher);
    }
    return matcher(name);
  });
}
