import type { Expr, ImportStmt, Language, Stmt } from '../syntax/ast';
import { perStatement } from '../syntax/walk';
import type { FunctionImports } from './types';

const FUNCTIONS_MODULES = new Set(['pyspark.sql.functions', 'org.apache.spark.sql.functions']);
const FUNCTIONS_PARENTS = new Set(['pyspark.sql', 'org.apache.spark.sql']);
/** Aliases people use for the functions module even in snippets that do not show the import. */
const CONVENTIONAL_FUNCTIONS_ALIASES = new Set(['F', 'functions']);

/** Renders a name/member chain (`pyspark.sql.functions`) or undefined for anything else. */
export function dottedName(expr: Expr): string | undefined {
  if (expr.kind === 'name') return expr.id;
  if (expr.kind === 'member') {
    const object = dottedName(expr.object);
    return object === undefined ? undefined : `${object}.${expr.property}`;
  }
  return undefined;
}

function collectImports(statements: readonly Stmt[], into: ImportStmt[]): ImportStmt[] {
  for (const statement of statements) {
    if (statement.kind === 'import') into.push(statement);
    else if (statement.kind === 'class' || statement.kind === 'function') collectImports(statement.body, into);
  }
  return into;
}

/** The imports of each top-level statement (those of its functions and classes included). */
const importsByStatement = new WeakMap<Stmt, readonly ImportStmt[]>();

/** The file's import statements, those in function and class bodies included, in order; a keystroke looks again only at the statement it changed. */
export function importStatements(statements: readonly Stmt[]): ImportStmt[] {
  return perStatement(importsByStatement, statements, (statement) => collectImports([statement], []));
}

interface Resolved {
  language: Language;
  imports: ImportStmt[];
  lastImport: Stmt | undefined;
  resolved: FunctionImports;
}

/** The last resolution per first statement of a file: see resolveImports. */
const resolvedByFirstStatement = new WeakMap<Stmt, Resolved>();

/**
 * Resolves the names a file uses for Spark SQL functions through its imports. While the lowering
 * reuses the import statements (their text is unchanged), the very same object is returned, so
 * facts derived from statements and imports can be remembered per statement across keystrokes.
 */
export function resolveImports(language: Language, statements: Stmt[]): FunctionImports {
  const imports = importStatements(statements);
  const lastImport = imports.filter((i) => statements.includes(i)).at(-1);
  const first = statements[0];
  const earlier = first && resolvedByFirstStatement.get(first);
  if (earlier && earlier.language === language && earlier.lastImport === lastImport && sameItems(earlier.imports, imports)) return earlier.resolved;
  const resolved = resolveAfresh(language, statements, imports, lastImport);
  if (first) resolvedByFirstStatement.set(first, { language, imports, lastImport, resolved });
  return resolved;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function resolveAfresh(language: Language, statements: Stmt[], imports: ImportStmt[], lastImport: Stmt | undefined): FunctionImports {
  const moduleAliases = new Set<string>();
  const unqualified = new Map<string, string>(); // local name -> function name
  let wildcard = false;
  let usesSpark = false;

  for (const statement of imports) {
    const module = statement.module;
    if (/^(py)?spark\b|^org\.apache\.spark\b/.test(module)) usesSpark = true;
    if (FUNCTIONS_MODULES.has(module)) {
      if (statement.names.length === 0) moduleAliases.add(statement.alias ?? module);
      for (const imported of statement.names) {
        if (imported.name === '*') wildcard = true;
        else unqualified.set(imported.alias ?? imported.name, imported.name);
      }
    } else if (FUNCTIONS_PARENTS.has(module)) {
      for (const imported of statement.names) {
        if (imported.name === 'functions') moduleAliases.add(imported.alias ?? 'functions');
      }
    }
  }
  // A Scala file importing `org.apache.spark.sql.functions` reaches it as `functions`.
  if (language === 'scala') moduleAliases.add('functions');

  const isFunctionsModule = (expr: Expr): boolean => {
    const name = dottedName(expr);
    if (name === undefined) return false;
    return moduleAliases.has(name) || FUNCTIONS_MODULES.has(name) || CONVENTIONAL_FUNCTIONS_ALIASES.has(name);
  };

  const modules = imports.map((i) => i.module);
  return {
    usesSpark,
    importsFrom(prefix: string): boolean {
      return modules.some((module) => module === prefix || module.startsWith(`${prefix}.`));
    },
    lastImport,
    firstStatement: statements[0],
    isSparkFunction(expr: Expr, name: string): boolean {
      if (expr.kind === 'name') {
        const imported = unqualified.get(expr.id);
        if (imported !== undefined) return imported === name;
        // Unimported bare names: accept the Spark name itself (snippets, wildcard imports).
        return expr.id === name;
      }
      if (expr.kind === 'member') return expr.property === name && isFunctionsModule(expr.object);
      return false;
    },
    unqualifiedName(name: string): string | undefined {
      for (const [local, imported] of unqualified) if (imported === name) return local;
      return wildcard ? name : undefined;
    },
    functionsModuleAlias(): string | undefined {
      for (const alias of moduleAliases) if (!(language === 'scala' && alias === 'functions' && !hasExplicit(imports, alias))) return alias;
      return undefined;
    },
  };
}

function hasExplicit(imports: ImportStmt[], alias: string): boolean {
  return imports.some((i) => i.alias === alias || i.names.some((n) => (n.alias ?? n.name) === alias));
}
