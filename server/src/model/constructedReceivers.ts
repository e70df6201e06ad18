/**
 * Methods called on an object the code constructs itself: `new Reporter().report(df)`,
 * `Reporter(conf).report(df)` (a case class), `val r = new Reporter(); r.report(df)`,
 * `r = Reporter(); r.report(df)`, `self.reporter = Reporter()` in one method and
 * `self.reporter.report(df)` in another. The object is exactly of the class constructed, so the
 * call reaches that class's own method and its summary applies at the call as for any helper.
 * Only a class named by a capitalised name is taken (a lower-case callee is a function), and a
 * field counts only when the class assigns it once, to a constructed object.
 */
import type { ClassStmt, Expr, Stmt } from '../syntax/ast';

/** `Reporter(...)` / `new Reporter(...)` (lowered alike): the class constructed. */
export function constructedClassName(expr: Expr | undefined): string | undefined {
  if (expr?.kind !== 'call' || expr.callee.kind !== 'name') return undefined;
  const name = expr.callee.id;
  return /^[A-Z]/.test(name) ? name : undefined;
}

const fieldsByClass = new WeakMap<ClassStmt, ReadonlyMap<string, string | null>>();

/**
 * The `self.x` fields a Python class's methods assign, each with the class of the object it holds
 * when the only assignment of it constructs one (null when assigned anything else, or more than once).
 */
export function constructedFields(owner: ClassStmt): ReadonlyMap<string, string | null> {
  let found = fieldsByClass.get(owner);
  if (!found) {
    const fields = new Map<string, string | null>();
    for (const member of owner.body) if (member.kind === 'function') collectFieldAssignments(member.body, fields);
    fieldsByClass.set(owner, (found = fields));
  }
  return found;
}

function collectFieldAssignments(statements: readonly Stmt[], into: Map<string, string | null>): void {
  for (const statement of statements) {
    if (statement.kind === 'assign') {
      for (const target of statement.targets) {
        if (!target.startsWith('self.')) continue;
        const constructed = statement.targets.length === 1 && statement.operator === '=' ? constructedClassName(statement.value) : undefined;
        into.set(target, into.has(target) || !constructed ? null : constructed);
      }
    }
    if (statement.kind === 'loop' || statement.kind === 'function') collectFieldAssignments(statement.body, into);
    if (statement.kind === 'if') {
      collectFieldAssignments(statement.then, into);
      collectFieldAssignments(statement.otherwise, into);
    }
  }
}
