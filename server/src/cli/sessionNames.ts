/**
 * A cheap test, on the text alone, of whether a file could name its Spark session like one of the
 * stored applications, so that files which cannot are never parsed. historyQuery.ts builds a
 * file's session name from its string literals and constants (interpolations become wildcards), so
 * the whole name need not appear in the text, but its words do: a file is kept when it calls
 * `appName` and holds a word of a stored name.
 */

const SPELLED_BY_THE_CALL = 'appname';

/** Runs of three or more letters, lower-cased, but not `app`/`name` that every such file spells: `daily-orders-etl-2026` → daily, orders, etl. */
function wordsOf(name: string): string[] {
  return name.toLowerCase().split(/[^a-z]+/).filter((word) => word.length >= 3 && !SPELLED_BY_THE_CALL.includes(word));
}

export function mightNameApplication(text: string, appNames: readonly string[]): boolean {
  const lower = text.toLowerCase();
  if (!lower.includes(SPELLED_BY_THE_CALL)) return false; // `.appName(…)` and `conf.setAppName(…)` both spell it
  return appNames.some((name) => {
    const words = wordsOf(name);
    // A name without such words (`x1-2026`) cannot be told apart cheaply: the file is analysed.
    return words.length === 0 || words.some((word) => lower.includes(word));
  });
}
