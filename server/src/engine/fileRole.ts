/**
 * Whether a file is production code, a test or an example. A performance finding matters where the
 * job runs on real data; in a test asserting on five fixture rows or a tutorial reading a sample
 * CSV it is noise, so findings there are lowered (see `sparkAdvisor.testAndExampleFindings`).
 */
import type { Language } from '../syntax/ast';
import type { DocumentText } from './documentText';

export type FileRole = 'production' | 'test' | 'example';

const TEST_FOLDERS = /^(tests?|testing|__tests__|unit_?tests?|integration_?tests?|test_?utils|testkit|fixtures?)$/i;
const EXAMPLE_FOLDERS = /^(examples?|samples?|demos?|tutorials?|docs?|documentation)$/i;
/** A book's code, one folder per chapter: `Chapter05/`, `chapter-3/`, `ch_11/`. */
const BOOK_CHAPTER_FOLDER = /^(chapter|ch)[-_ ]?\d+$/i;
const PYTHON_TEST_FILE = /^(test_.*|.*_tests?|conftest)\.py$/i;
const SCALA_TEST_FILE = /(Test|Tests|Suite|Spec|Specs|IT)\.scala$/;
/** A file named as an example: `kmeans_example.py`, `example-etl.py`, `WordCountExample.scala`, `CMSSparkExample.ipynb`. */
const EXAMPLE_FILE = /^([^.]*[_-])?examples?([_-][^.]*)?\.\w+$|^[^.]*[a-z0-9]Examples?\.\w+$/;

/** From a workspace-relative path (`/`-separated): the folders and the file name. */
export function roleFromPath(relativePath: string): FileRole {
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  const name = segments.pop() ?? '';
  if (PYTHON_TEST_FILE.test(name) || SCALA_TEST_FILE.test(name)) return 'test';
  // Maven/sbt layouts: src/test/…, src/it/….
  if (segments.some((s, i) => TEST_FOLDERS.test(s) || (s === 'it' && segments[i - 1] === 'src'))) return 'test';
  if (segments.some((s) => EXAMPLE_FOLDERS.test(s) || BOOK_CHAPTER_FOLDER.test(s)) || EXAMPLE_FILE.test(name)) return 'example';
  return 'production';
}

const PYTHON_TEST_IMPORT = /^\s*(import\s+(pytest|unittest)\b|from\s+(pytest|unittest)(\.\w+)*\s+import\b)/m;
const SCALA_TEST_IMPORT = /^\s*import\s+(org\.scalatest|org\.junit|munit|org\.specs2|utest|zio\.test)\b/m;

/** Words the imports above contain: a plain search rules most files out faster than the expression scans every line (per keystroke). */
const PYTHON_TEST_WORDS = ['pytest', 'unittest'];
const SCALA_TEST_WORDS = ['scalatest', 'junit', 'munit', 'specs2', 'utest', 'zio.test'];

/** Test frameworks imported by the file itself. */
export function roleFromText(text: DocumentText, language: Language): FileRole {
  const python = language === 'python';
  if (!(python ? PYTHON_TEST_WORDS : SCALA_TEST_WORDS).some((word) => text.includes(word))) return 'production';
  return (python ? PYTHON_TEST_IMPORT : SCALA_TEST_IMPORT).test(text.toString()) ? 'test' : 'production';
}

export function fileRole(relativePath: string | undefined, text: DocumentText, language: Language): FileRole {
  const byPath = relativePath === undefined ? 'production' : roleFromPath(relativePath);
  if (byPath === 'test') return 'test';
  return roleFromText(text, language) === 'test' ? 'test' : byPath;
}
