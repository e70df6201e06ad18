import type { Language, LoweredFile } from '../../../server/src/syntax/ast';
import { buildSparkModel } from '../../../server/src/model/builder';
import type { SparkModel } from '../../../server/src/model/types';
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

/** The Spark model of a snippet, built with the real grammars. */
export async function modelOf(language: Language, text: string): Promise<SparkModel> {
  return buildSparkModel(await lowerSource(language, text));
}
