import { withLspLineBreaks } from '../engine/lineBreaks';
import type { NotebookCell, NotebookText } from './cells';
import { pythonLinesOf } from './magics';

/**
 * A Jupyter notebook (nbformat 4) read as Python: its code cells in order, each on new lines, with
 * what IPython would not hand to Python blanked out line for line (magics, shell escapes, help
 * queries, cells in other languages), so every line of the text is the same line of its cell.
 */
export type JupyterRead = NotebookText | { skipped: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(object: unknown, key: string): string | undefined {
  const value = isObject(object) ? object[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const DATABRICKS_NOTEBOOK = 'application/vnd.databricks.v1+notebook';

/**
 * The notebook's language: what Databricks, the kernel spec or the language info say, then the
 * kernel's name; Python when nothing says (Jupyter's default).
 */
export function notebookLanguage(metadata: unknown): string {
  const kernelspec = isObject(metadata) ? metadata.kernelspec : undefined;
  const named =
    stringAt(isObject(metadata) ? metadata[DATABRICKS_NOTEBOOK] : undefined, 'language') ??
    stringAt(kernelspec, 'language') ??
    stringAt(isObject(metadata) ? metadata.language_info : undefined, 'name');
  if (named) return /^(i?python\d*|pyspark\d*)$/i.test(named) ? 'python' : named.toLowerCase();
  const kernel = stringAt(kernelspec, 'name')?.toLowerCase();
  if (kernel && /scala|toree|spylon|almond|^sparkkernel$/.test(kernel)) return 'scala';
  if (kernel && /^(ir|r)$/.test(kernel)) return 'r';
  return 'python';
}

export function readJupyterNotebook(raw: string): JupyterRead {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { skipped: `not a valid notebook: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isObject(json)) return { skipped: 'not a valid notebook: the JSON is not an object' };
  if (!Array.isArray(json.cells)) {
    const version = typeof json.nbformat === 'number' ? ` (nbformat ${json.nbformat})` : '';
    return { skipped: `not a notebook Spark Advisor reads${version}: no "cells" list (nbformat 4 is read)` };
  }
  const language = notebookLanguage(json.metadata);
  if (language !== 'python') return { skipped: `a ${language} notebook: only Python notebooks are analysed` };
  const databricks = isObject(json.metadata) && DATABRICKS_NOTEBOOK in json.metadata;

  const parts: string[] = [];
  const cells: NotebookCell[] = [];
  let line = 0;
  json.cells.forEach((cell, position) => {
    if (!isObject(cell) || cell.cell_type !== 'code') return;
    const code = pythonLinesOf(withLspLineBreaks(cellSource(cell.source)), databricks);
    cells.push({ index: position + 1, startLine: line });
    parts.push(code);
    line += code.split('\n').length;
  });
  return { kind: 'jupyter', language: 'python', text: parts.join('\n'), cells };
}

/** nbformat keeps a cell's source as one string or as a list of lines (each with its '\n'). */
export function cellSource(source: unknown): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source)) return source.filter((part): part is string => typeof part === 'string').join('');
  return '';
}
