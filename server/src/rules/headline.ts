/**
 * A finding's message as a headline and its explanation. The Problems panel and one-line CLI
 * output show only the first line, so it has to stand alone: what is wrong, in at most
 * HEADLINE_LIMIT characters. Figures, reasons and the fix follow in the explanation (the hover, the
 * rule page).
 */
export const HEADLINE_LIMIT = 120;

export interface SplitMessage {
  headline: string;
  /** Everything else the message says; empty when the headline is the whole message. */
  explanation: string;
  /** The headline had to be cut mid-clause: the rule's wording needs a shorter first clause. */
  cut: boolean;
}

/** Where `pattern` matches at a position outside `code`: the punctuation's index and where the next words start. */
function boundaries(message: string, pattern: RegExp): Array<{ at: number; next: number }> {
  const found: Array<{ at: number; next: number }> = [];
  let inCode = false;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === '`') inCode = !inCode;
    if (inCode) continue;
    const match = pattern.exec(message.slice(i, i + 12));
    if (match) found.push({ at: i, next: i + match[0].length });
  }
  return found;
}

const SENTENCE_END = /^\.\s+(?=\S)/;
/** Clause ends, strongest first: a colon, a semicolon or a dash; then a comma before a clause that explains. */
const CLAUSE_ENDS = [/^(?::|;|\s—)\s+/, /^,\s+(?=(?:but|which|so|only|and then|because|while|where|as)\b)/];

function capitalised(text: string): string {
  return text.length > 0 && /[a-z]/.test(text[0]!) ? text[0]!.toUpperCase() + text.slice(1) : text;
}

export function splitMessage(message: string): SplitMessage {
  const text = message.trim();
  const sentence = boundaries(text, SENTENCE_END)[0];
  const firstSentence = sentence ? text.slice(0, sentence.at + 1) : text;
  if (firstSentence.length <= HEADLINE_LIMIT) return { headline: firstSentence, explanation: sentence ? text.slice(sentence.next) : '', cut: false };
  // The longest leading clause that fits, ended as a sentence; the rest starts the explanation.
  for (const clauseEnd of CLAUSE_ENDS) {
    const clause = boundaries(firstSentence, clauseEnd)
      .filter((b) => b.at + 1 <= HEADLINE_LIMIT)
      .at(-1);
    if (clause) return { headline: `${text.slice(0, clause.at)}.`, explanation: capitalised(text.slice(clause.next)), cut: false };
  }
  const words = text.slice(0, HEADLINE_LIMIT - 1);
  const cutAt = words.lastIndexOf(' ');
  return { headline: `${words.slice(0, cutAt > 0 ? cutAt : words.length)}…`, explanation: text, cut: true };
}

/** The message as the editor shows it: the headline on the first line, the explanation below. */
export function twoLineMessage(message: string): string {
  const { headline, explanation } = splitMessage(message);
  return explanation ? `${headline}\n${explanation}` : headline;
}
