import type { TextEdit } from 'vscode-languageserver';
import type { Language } from '../syntax/ast';
import { commentPrefix, commentStart } from '../engine/suppressions';

const LINE_MARKER = /spark-advisor:\s*disable=([\w-]+(?:\s*,\s*[\w-]+)*)/;
const FILE_MARKER = /spark-advisor:\s*disable-file=([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** "Disable <rule> for this line": extend an existing marker, else append a comment. */
export function disableForLine(lineText: string, line: number, ruleId: string, language: Language): TextEdit | undefined {
  const prefix = commentPrefix(language);
  const comment = commentStart(lineText, language);
  if (comment >= 0) {
    const marker = LINE_MARKER.exec(lineText.slice(comment));
    if (marker) {
      const end = comment + marker.index + marker[0].length;
      return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `,${ruleId}` };
    }
  }
  const trimmedEnd = lineText.replace(/\s+$/, '').length;
  // A Python line continued with a backslash cannot take a comment after it.
  if (language === 'python' && comment < 0 && lineText.trimEnd().endsWith('\\')) return undefined;
  const newText = comment >= 0 ? ` ${prefix} spark-advisor: disable=${ruleId}` : `  ${prefix} spark-advisor: disable=${ruleId}`;
  return { range: { start: { line, character: trimmedEnd }, end: { line, character: trimmedEnd } }, newText };
}

/** "Disable <rule> for this file": extend the file's marker, else add one at the top (after a shebang or encoding line). */
export function disableForFile(text: string, ruleId: string, language: Language): TextEdit {
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const marker = FILE_MARKER.exec(lines[line]!);
    if (marker) {
      const end = marker.index + marker[0].length;
      return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `,${ruleId}` };
    }
  }
  let insertLine = 0;
  while (insertLine < lines.length && insertLine < 2 && /^#!|^#.*coding[:=]/.test(lines[insertLine]!)) insertLine++;
  return { range: { start: { line: insertLine, character: 0 }, end: { line: insertLine, character: 0 } }, newText: `${commentPrefix(language)} spark-advisor: disable-file=${ruleId}\n` };
}
