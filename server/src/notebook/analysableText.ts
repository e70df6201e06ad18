import type { Language } from '../syntax/ast';
import type { NotebookText } from './cells';
import { readDatabricksSource } from './databricks';
import { readJupyterNotebook } from './jupyter';

/** What the analysis reads of a file: its text, or for a notebook the text of its code cells. */
export interface AnalysableText {
  language: Language;
  text: string;
  notebook?: NotebookText;
}

export function isJupyterNotebook(path: string): boolean {
  return path.endsWith('.ipynb');
}

/** `content` is the file's text; a notebook Spark Advisor cannot read comes back with the reason. */
export function analysableText(path: string, content: string, language: Language): AnalysableText | { skipped: string } {
  if (isJupyterNotebook(path)) {
    const notebook = readJupyterNotebook(content);
    return 'skipped' in notebook ? notebook : { language: notebook.language, text: notebook.text, notebook };
  }
  const notebook = readDatabricksSource(content, language);
  return notebook ? { language, text: notebook.text, notebook } : { language, text: content };
}
