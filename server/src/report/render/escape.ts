/**
 * The only ways a string from a report model reaches HTML, SVG or Markdown output. Event logs are
 * written by whoever ran the job: application, stage and SQL names can carry markup.
 */

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML and inline-SVG text content: nothing in the result can open a tag or an entity. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => TEXT_ENTITIES[c]!);
}

/**
 * For a double-quoted attribute value. Beyond the quote itself, every character that could matter
 * to any consumer of the value (`:` of a `javascript:` URL, `=` of an injected attribute, backticks,
 * control characters) becomes a numeric reference, so that the markup never carries such a sequence
 * literally; the browser decodes the references, so data-* values arrive intact in the script.
 */
export function escapeAttribute(value: string): string {
  return value.replace(/[^A-Za-z0-9 _.,/#;()+*@\-\u00A0-\uFFFF]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

/**
 * For Markdown inline text (paragraphs, list items, table cells, headings): HTML specials become
 * entities (no raw `<` at all), inline Markdown syntax (emphasis, code, links, tables, headings) is
 * backslash-escaped and line breaks become
 * spaces, so one model string can neither start a block nor leave its table cell.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[&<>]/g, (c) => TEXT_ENTITIES[c]!)
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`);
}

/**
 * A fenced code block whose fence is longer than any backtick run in the content, so that the
 * content cannot close it. Content stays verbatim: Markdown renders fenced code as text.
 */
export function markdownCodeBlock(content: string, info = ''): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${content.replace(/\n$/, '')}\n${fence}`;
}

/** For plain text on a terminal: no control characters (no escape sequences, no fake extra lines). */
export function plainText(value: string): string {
   
  return value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ');
}
