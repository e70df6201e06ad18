/**
 * What a Scala file declares, read off its text without parsing it: the packages it is in and the
 * objects, classes and traits it defines at the top of them, with each object's methods. Scala does
 * not tie a file's folder to its package, so the workspace finds helpers by these declarations;
 * one pass of a regular expression over the text is cheap enough to run over every file.
 */

import { ownCopy } from '../../syntax/sourceText';

export type ScalaDefinitionKind = 'object' | 'class' | 'trait' | 'package object';

export interface ScalaDefinition {
  /** As written (`Lookups`; a package object's is its package's last segment). */
  name: string;
  kind: ScalaDefinitionKind;
  /** The package it is declared in (`com.acme`; '' for none). */
  packageName: string;
  /** The methods defined directly in its body (`def load…`). */
  methods: ReadonlySet<string>;
}

export interface ScalaHeader {
  /**
   * The packages whose members the file sees without an import, outermost first:
   * `package a.b` then `package c` → `a.b`, `a.b.c`; `package a.b.c` alone → `a.b.c` only.
   */
  packages: string[];
  /** Top-level objects, classes and traits (inside package clauses and `package p { … }` blocks, not inside one another). */
  definitions: ScalaDefinition[];
}

/** Comments and literals first (they may hold braces or keywords), then the headers and braces that give the nesting; the look-ahead skips most positions at once. */
const TOKENS =
  /(?=[/"'{}pcotd])(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)'|\bpackage\s+object\s+([A-Za-z_]\w*)|\bpackage\s+([A-Za-z_][\w.]*)(\s*\{)?|\b(object|class|trait)\s+([A-Za-z_]\w*)|\bdef\s+([A-Za-z_]\w*|`[^`\n]+`)|[{}])/g;

type Scope = { kind: 'package'; name: string } | { kind: 'definition'; definition: ScalaDefinition & { methods: Set<string> } } | { kind: 'other' };

/** The header of a Scala file's text. */
export function scalaHeader(text: string): ScalaHeader {
  const packages: string[] = [];
  /** The chain of `package` clauses at the top of the file (`package a.b` then `package c`). */
  let clause = '';
  const definitions: ScalaDefinition[] = [];
  const scopes: Scope[] = [];
  /** The definition whose header was read last and whose body brace has not come yet. */
  let pending: Scope | undefined;
  const topLevel = () => scopes.every((scope) => scope.kind === 'package');
  const currentPackage = () => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const scope = scopes[i]!;
      if (scope.kind === 'package') return scope.name;
    }
    return clause;
  };
  const within = (outer: string, inner: string) => (outer ? `${outer}.${inner}` : inner);

  for (const match of text.matchAll(TOKENS)) {
    // What is kept is copied: a matched name is a view of the whole text (syntax/sourceText.ts), and the workspace keeps every Scala file's header.
    const [token, packageBrace, keyword] = [match[0], match[3], match[4]];
    const [packageObject, packageName, definitionName, method] = [match[1], match[2], match[5], match[6]].map((name) => name && ownCopy(name));
    if (packageObject !== undefined) {
      pending = define(packageObject, 'package object');
    } else if (packageName !== undefined) {
      if (!topLevel()) continue;
      const name = within(currentPackage(), packageName);
      if (packageBrace) {
        scopes.push({ kind: 'package', name });
        packages.push(name);
      } else if (scopes.length === 0) {
        clause = name;
        packages.push(name);
      }
      pending = undefined;
    } else if (keyword !== undefined) {
      pending = define(definitionName!, keyword as ScalaDefinitionKind);
    } else if (method !== undefined) {
      const owner = scopes[scopes.length - 1];
      if (owner?.kind === 'definition') owner.definition.methods.add(method.replace(/`/g, ''));
      pending = { kind: 'other' };
    } else if (token === '{') {
      scopes.push(pending ?? { kind: 'other' });
      pending = undefined;
    } else if (token === '}') {
      scopes.pop();
      pending = undefined;
    }
  }
  return { packages, definitions };

  function define(name: string, kind: ScalaDefinitionKind): Scope {
    if (!topLevel()) return { kind: 'other' };
    const definition = { name, kind, packageName: currentPackage(), methods: new Set<string>() };
    definitions.push(definition);
    return { kind: 'definition', definition };
  }
}

/** The name other files reach a definition by: `com.acme.Lookups`; a package object's is its package's (`com.acme.jobs`). */
export function qualifiedName(definition: ScalaDefinition): string {
  return definition.packageName ? `${definition.packageName}.${definition.name}` : definition.name;
}

/** Two headers declare the same things (an edit inside a method body changes neither). */
export function sameDeclarations(a: ScalaHeader | undefined, b: ScalaHeader | undefined): boolean {
  const key = (header: ScalaHeader | undefined) =>
    header ? JSON.stringify([header.packages, header.definitions.map((d) => [d.kind, qualifiedName(d), [...d.methods].sort()])]) : '';
  return key(a) === key(b);
}
