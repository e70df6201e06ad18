import type { Language } from '../syntax/ast';
import type { DocumentText } from './documentText';

/** `# spark-advisor: disable=rule-a,rule-b` / `// spark-advisor: disable-file=rule-a`. */
const MARKER = /spark-advisor:\s*(disable|disable-file)=([\w-]+(?:\s*,\s*[\w-]+)*)/g;
export const ALL_RULES = 'all';

export interface Suppressions {
  /** Rule ids disabled per 0-based line. */
  byLine: Map<number, Set<string>>;
  file: Set<string>;
}

export function commentPrefix(language: Language): string {
  return language === 'python' ? '#' : '//';
}

/** Where a line's comment starts, skipping comment characters inside string literals. */
export function commentStart(line: string, language: Language): number {
  const prefix = commentPrefix(language);
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      // A Scala symbol literal ('name) has no closing quote.
      if (language === 'scala' && ch === "'" && /[A-Za-z_]/.test(line[i + 1] ?? '') && line[i + 2] !== "'") continue;
      quote = ch;
    } else if (line.startsWith(prefix, i)) {
      return i;
    }
  }
  return -1;
}

export function findSuppressions(text: DocumentText, language: Language): Suppressions {
  const result: Suppressions = { byLine: new Map(), file: new Set() };
  if (!text.includes('spark-advisor:')) return result;
  const lines = text.toString().split(/\r?\n/);
  lines.forEach((line, index) => {
    const comment = commentStart(line, language);
    if (comment < 0) return;
    for (const match of line.slice(comment).matchAll(MARKER)) {
      const ids = match[2]!.split(',').map((id) => id.trim());
      if (match[1] === 'disable-file') ids.forEach((id) => result.file.add(id));
      else {
        const set = result.byLine.get(index) ?? new Set<string>();
        ids.forEach((id) => set.add(id));
        result.byLine.set(index, set);
      }
    }
  });
  return result;
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  if (suppressions.file.has(ruleId) || suppressions.file.has(ALL_RULES)) return true;
  const onLine = suppressions.byLine.get(line);
  return onLine !== undefined && (onLine.has(ruleId) || onLine.has(ALL_RULES));
}
