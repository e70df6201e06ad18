/**
 * Which object of the workspace a Scala call reaches, as the compiler would resolve the name:
 * `Lookups.load(spark)` after `import com.acme.Lookups` (or `com.acme.{Lookups => L}`, or
 * `import com.acme._`), or from a file of the same package without an import; `load(spark)` after
 * `import com.acme.Lookups._` or `import com.acme.Lookups.load`; `com.acme.Lookups.load(spark)`
 * spelled out; a package object's methods in its package. Explicit imports come before wildcard
 * ones, and both before the file's own packages (Scala 2's precedence for names of other files).
 * Only objects (and package objects) are reached this way: a class's methods need an instance.
 */
import * as path from 'path';
import type { ImportStmt } from '../../syntax/ast';
import type { ScalaDefinition } from './scalaHeaders';

/** A definition of the workspace and the file declaring it. */
export interface DeclaredIn {
  file: string;
  definition: ScalaDefinition;
}

/** What a Scala file sees of other files' names. */
export interface ScalaScope {
  /** The file's packages, outermost first (scalaHeaders.ts). */
  packages: readonly string[];
  imports: readonly ImportStmt[];
}

/** The workspace's definitions by qualified name (`com.acme.Lookups`; a package object by its package). */
export type DeclaredNamed = (qualified: string) => readonly DeclaredIn[];

/** The file and the name in it (`Lookups.load`) a callee reaches. */
export interface ScalaCalleeTarget {
  file: string;
  name: string;
}

const ROOT = '_root_.';

/** Where a callee may lead, in the order Scala looks: the object's qualified name in parts, the method there, and whether only a package object counts. */
interface Candidate {
  parts: readonly string[];
  method: string;
  packageObjectOnly?: boolean;
}

/** The object `callee` (`Lookups.load`, `L.load`, `load`, `com.acme.Lookups.load`) calls into, from `file`. */
export function scalaCalleeTarget(callee: string, file: string, scope: ScalaScope, declared: DeclaredNamed): ScalaCalleeTarget | undefined {
  const parts = callee.split('.');
  const method = parts.pop()!;
  const candidates = parts.length === 0 ? bareNameOwners(method, scope) : objectPathCandidates(parts, scope).map((owner) => ({ parts: owner, method }));
  for (const candidate of candidates) {
    const found = objectWithMethod(candidate, file, declared);
    if (found) return { file: found.file, name: `${found.definition.name}.${candidate.method}` };
  }
  return undefined;
}

/**
 * The class of the workspace whose object `new ClassName(…)` (or a case class's `ClassName(…)`)
 * constructs, when it defines `method` itself: found as an object is, by import or package. A
 * companion object with its own `apply` may construct something else, so it reaches none.
 */
export function scalaClassMethodTarget(className: string, method: string, scope: ScalaScope, declared: DeclaredNamed): ScalaCalleeTarget | undefined {
  for (const parts of objectPathCandidates([className], scope)) {
    const qualified = parts.filter((part) => part.length > 0).join('.');
    const named = declared(qualified);
    if (named.length === 0) continue;
    const classes = named.filter(({ definition }) => definition.kind === 'class');
    const companionApply = named.some(({ definition }) => definition.kind === 'object' && definition.methods.has('apply'));
    if (classes.length !== 1 || companionApply || !classes[0]!.definition.methods.has(method)) return undefined;
    return { file: classes[0]!.file, name: `${classes[0]!.definition.name}${CLASS_METHOD}${method}` };
  }
  return undefined;
}

/** Separates a class from its method in a module's function names (`Reporter#report`): a companion object's `Reporter.report` is another method. */
export const CLASS_METHOD = '#';

/** The methods a bare `name` may be: imported by name (or renamed), imported with `_`, or a package object's of the file's packages. */
function bareNameOwners(name: string, scope: ScalaScope): Candidate[] {
  const owners: Candidate[] = [];
  for (const statement of scope.imports) {
    for (const imported of statement.names) {
      if (imported.name === '*' || (imported.alias ?? imported.name) !== name) continue;
      for (const module of absoluteOrRelative(statement.module, scope)) owners.push({ parts: module, method: imported.name });
    }
  }
  for (const statement of scope.imports) {
    if (!statement.names.some((imported) => imported.name === '*')) continue;
    for (const module of absoluteOrRelative(statement.module, scope)) owners.push({ parts: module, method: name });
  }
  for (const owner of [...scope.packages].reverse()) owners.push({ parts: [owner], method: name, packageObjectOnly: true });
  return owners;
}

/**
 * The qualified names `Head.Rest` (all but the method) may stand for: `Head` imported by name or
 * alias, from a package imported with `_`, in one of the file's packages, or `Head.Rest` spelled out in full.
 */
function objectPathCandidates(parts: readonly string[], scope: ScalaScope): string[][] {
  const [head, ...rest] = parts;
  const candidates: string[][] = [];
  for (const statement of scope.imports) {
    for (const imported of statement.names) {
      if (imported.name === '*' || (imported.alias ?? imported.name) !== head) continue;
      for (const module of absoluteOrRelative(statement.module, scope)) candidates.push([...module, imported.name, ...rest]);
    }
  }
  for (const statement of scope.imports) {
    if (!statement.names.some((imported) => imported.name === '*')) continue;
    for (const module of absoluteOrRelative(statement.module, scope)) candidates.push([...module, ...parts]);
  }
  for (const owner of [...scope.packages].reverse()) candidates.push([owner, ...parts]);
  // Spelled out in full; a lone name is an object of no package, seen only from files of no package.
  const spelled = parts.join('.');
  if (parts.length > 1 || scope.packages.length === 0) candidates.push([spelled.startsWith(ROOT) ? spelled.slice(ROOT.length) : spelled]);
  return candidates;
}

/** Scala 2 imports are relative to the packages the file is in (innermost first) before they are absolute. */
function absoluteOrRelative(module: string, scope: ScalaScope): string[][] {
  if (module.startsWith(ROOT)) return [[module.slice(ROOT.length)]];
  return [...[...scope.packages].reverse().map((owner) => [owner, module]), [module]];
}

/**
 * The object named `parts` that defines `method`. Several files may declare the same name (copies
 * in sub-projects, unrelated repositories side by side): the one nearest the calling file counts,
 * and a tie reaches none.
 */
function objectWithMethod({ parts, method, packageObjectOnly }: Candidate, file: string, declared: DeclaredNamed): DeclaredIn | undefined {
  const qualified = parts.filter((part) => part.length > 0).join('.');
  const kinds = packageObjectOnly ? ['package object'] : ['object', 'package object'];
  const objects = declared(qualified).filter(({ definition }) => kinds.includes(definition.kind) && definition.methods.has(method));
  if (objects.length <= 1) return objects[0];
  const nearness = (other: string) => sharedFolders(file, other);
  const sorted = [...objects].sort((a, b) => nearness(b.file) - nearness(a.file));
  return nearness(sorted[0]!.file) > nearness(sorted[1]!.file) ? sorted[0] : undefined;
}

/** How many leading folders two files' paths share. */
function sharedFolders(a: string, b: string): number {
  const left = path.dirname(a).split(path.sep);
  const right = path.dirname(b).split(path.sep);
  let shared = 0;
  while (shared < left.length && shared < right.length && left[shared] === right[shared]) shared++;
  return shared;
}
