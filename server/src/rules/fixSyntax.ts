/**
 * The few pieces of surface syntax that quick fixes must write, per language. Rules build edits
 * from model spans plus these snippets, so no rule needs to know either language's grammar.
 */
import type { Language, Position, Span, Stmt } from '../syntax/ast';
import type { FunctionImports } from '../model/types';
import type { TextEdit } from './types';

export interface FixSyntax {
  language: Language;
  commentPrefix: string;
  /** `not x` / `!x`. */
  negate(text: string): string;
  /** The expression that calls the Spark function `name`, adding an import edit when needed. */
  sparkFunction(name: string, imports: FunctionImports): { callee: string; importEdit?: TextEdit };
  /** A keyword argument for Python, a positional one for Scala: `how="inner"` / `"inner"`. */
  namedArgument(name: string, literal: string): string;
  stringLiteral(value: string): string;
  /** `True` / `true`. */
  booleanLiteral(value: boolean): string;
  /** Scala's Dataset.isEmpty takes no parentheses. */
  isEmptyCall: string;
  /** A statement calling `method()` on `name`, as written on its own line. */
  methodStatement(name: string, method: string): string;
}

function lineStart(line: number): Position {
  return { line, character: 0 };
}

function importInsertion(imports: FunctionImports, language: Language): Position {
  const anchor: Stmt | undefined = imports.lastImport;
  if (anchor) return lineStart(anchor.span.end.line + 1);
  // A Scala import must follow the `package` clause, which the model does not keep.
  return lineStart(language === 'scala' ? (imports.firstStatement?.span.start.line ?? 0) : 0);
}

function insertAt(position: Position, newText: string): TextEdit {
  const range: Span = { start: position, end: position };
  return { range, newText };
}

export const PYTHON_SYNTAX: FixSyntax = {
  language: 'python',
  commentPrefix: '#',
  negate: (text) => `not ${text}`,
  sparkFunction(name, imports) {
    const unqualified = imports.unqualifiedName(name);
    if (unqualified) return { callee: unqualified };
    const alias = imports.functionsModuleAlias();
    if (alias) return { callee: `${alias}.${name}` };
    return { callee: name, importEdit: insertAt(importInsertion(imports, 'python'), `from pyspark.sql.functions import ${name}\n`) };
  },
  namedArgument: (name, literal) => `${name}=${literal}`,
  stringLiteral: (value) => JSON.stringify(value),
  booleanLiteral: (value) => (value ? 'True' : 'False'),
  isEmptyCall: 'isEmpty()',
  methodStatement: (name, method) => `${name}.${method}()`,
};

export const SCALA_SYNTAX: FixSyntax = {
  language: 'scala',
  commentPrefix: '//',
  negate: (text) => `!${text}`,
  sparkFunction(name, imports) {
    const unqualified = imports.unqualifiedName(name);
    if (unqualified) return { callee: unqualified };
    const alias = imports.functionsModuleAlias();
    if (alias) return { callee: `${alias}.${name}` };
    return { callee: name, importEdit: insertAt(importInsertion(imports, 'scala'), `import org.apache.spark.sql.functions.${name}\n`) };
  },
  namedArgument: (_name, literal) => literal,
  stringLiteral: (value) => JSON.stringify(value),
  booleanLiteral: (value) => String(value),
  isEmptyCall: 'isEmpty',
  methodStatement: (name, method) => `${name}.${method}()`,
};

export function fixSyntaxFor(language: Language): FixSyntax {
  return language === 'python' ? PYTHON_SYNTAX : SCALA_SYNTAX;
}

export function insertText(position: Position, newText: string): TextEdit {
  return insertAt(position, newText);
}

export function replaceSpan(range: Span, newText: string): TextEdit {
  return { range, newText };
}

/** Deletes whole lines `first..last` including the line break. */
export function deleteLines(first: number, last: number): TextEdit {
  return { range: { start: lineStart(first), end: lineStart(last + 1) }, newText: '' };
}
