import type { Language, LoweredFile } from '../../../server/src/syntax/ast';
import { lowerTree } from '../../../server/src/syntax/lower';
import { SparkParsers } from '../../../server/src/syntax/parser';

let loading: Promise<SparkParsers> | undefined;

/** The real tree-sitter grammars, loaded once per mocha process. */
export function parsers(): Promise<SparkParsers> {
  loading ??= SparkParsers.load();
  return loading;
}

export async function lowerSource(language: Language, text: string): Promise<LoweredFile> {
  const tree = (await parsers()).parse(language, text);
  try {
    return lowerTree(language, tree.rootNode, text);
  } finally {
    tree.delete();
  }
}
