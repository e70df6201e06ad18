import type { Node } from 'web-tree-sitter';
import type { Language, LoweredFile } from './ast';
import { LoweringCache } from './loweringCache';
import { lowerPython } from './python/lowerPython';
import { lowerScala } from './scala/lowerScala';

export function lowerTree(language: Language, root: Node, text: string, cache = new LoweringCache(text)): LoweredFile {
  return language === 'python' ? lowerPython(root, cache) : lowerScala(root, cache, text);
}
