import type { FileOutcome } from './analyzeFiles';

/**
 * What a `--cache` file says a file came to is read back with `v8.deserialize`, which makes any
 * shape the bytes describe: a cache restored from elsewhere (a CI cache, a shared folder) or
 * damaged inside an entry ended the run with `internal error: … is not a function`, printed a rule
 * id with escape sequences raw, or handed two million findings to the report (33 s, 1.5 GB, then a
 * stack overflow). An entry is used only when it has the shape this tool writes; otherwise the file
 * is analysed again.
 */

/** Far over what one file of at most 2 MB of code yields (its parse is abandoned well before). */
export const MAX_CACHED_FINDINGS = 50_000;

const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning', 'information', 'hint']);
/** Rule ids are lower-case words joined by hyphens: nothing a terminal would act on. */
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** True when `value` is an outcome this tool could have stored for `file` (failures are never stored). */
export function isCachedOutcome(value: unknown, file: string): value is FileOutcome {
  if (!isRecord(value)) return false;
  if ('skipped' in value) return isRecord(value.skipped) && value.skipped.file === file && typeof value.skipped.reason === 'string';
  if (!('result' in value) || !isRecord(value.result)) return false;
  const result = value.result;
  if (result.file !== file || !Array.isArray(result.findings) || result.findings.length > MAX_CACHED_FINDINGS) return false;
  if (result.text !== undefined && typeof result.text !== 'string') return false;
  if (result.syntaxError !== undefined && !isSpan(result.syntaxError)) return false;
  if (result.notebook !== undefined && !isNotebookLayout(result.notebook)) return false;
  return result.findings.every(isFinding);
}

function isFinding(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { ruleId, severity, message, span, fixes, evidence, related } = value;
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId) || !SEVERITIES.has(severity) || typeof message !== 'string' || !isSpan(span)) return false;
  // The cache is never used with --db: no finding in it carries measured evidence.
  if (!Array.isArray(evidence) || evidence.length > 0) return false;
  if (!Array.isArray(related) || !related.every((place) => isRecord(place) && isSpan(place.span) && typeof place.message === 'string')) return false;
  return Array.isArray(fixes) && fixes.every(isFix);
}

function isFix(value: unknown): boolean {
  if (!isRecord(value) || typeof value.title !== 'string' || typeof value.isPreferred !== 'boolean' || !Array.isArray(value.edits)) return false;
  return value.edits.every((edit) => isRecord(edit) && isSpan(edit.range) && typeof edit.newText === 'string');
}

function isNotebookLayout(value: unknown): boolean {
  if (!isRecord(value) || (value.kind !== 'jupyter' && value.kind !== 'databricks') || !Array.isArray(value.cells)) return false;
  if (value.fileText !== undefined && typeof value.fileText !== 'string') return false;
  return value.cells.every((cell) => isRecord(cell) && isCount(cell.index) && isCount(cell.startLine));
}

function isSpan(value: unknown): boolean {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && isCount(value.line) && isCount(value.character);
}

/** A line, column or index: what a file of at most 2 MB (20 MB for a notebook) can have. */
function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
