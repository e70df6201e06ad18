/**
 * The shape of a file as the application runs it: the regions whose statements run in order (the
 * module or notebook, each function, each class or object body), and inside them the loops and
 * the arms of `if`s. Also the calls that dispatch a step method over a list of steps
 * (`for step in [Extract(), Load()]: step.run(spark)`, `steps.foreach(_.run(ctx))`), which no
 * single function summary describes. Built in one walk over the file's statements.
 */
import type { ClassStmt, Expr, FunctionStmt, IfStmt, Position, Span, Stmt } from '../syntax/ast';
import { comparePositions } from '../syntax/spans';
import { walkStatements, type SyntaxVisitor } from '../syntax/walk';

export type OutlineKind = 'module' | 'function' | 'class' | 'loop' | 'branch';

export interface OutlineNode {
  kind: OutlineKind;
  span: Span;
  /** Nested nodes, in source order, none overlapping. */
  children: OutlineNode[];
  fn?: FunctionStmt;
  cls?: ClassStmt;
  /** For a branch: the `if` (or Scala `if` expression) and which arm. */
  branchOf?: object;
  arm?: number;
  /** For a loop: the names it binds each iteration (loop variables, lambda parameters). */
  variables?: string[];
  /** For a loop over a collection the code spells out: the class or object each item is, in order. */
  itemClasses?: Array<string | undefined>;
}

/** `step.run(ctx)` on a loop variable, where `run` is a method of the file's classes. */
export interface DispatchSite {
  receiver: string;
  method: string;
  span: Span;
  /** The loop whose variable receives the call. */
  loop: OutlineNode;
  /** The path from the root to where the call is (its region, loops and branches). */
  path: OutlineNode[];
}

/** The entry points of the application, as the file shows them. */
export interface EntryPoint {
  kind: 'script' | 'main-guard' | 'main-function' | 'object-body';
  span: Span;
}

export interface ApplicationOutline {
  root: OutlineNode;
  dispatches: DispatchSite[];
  entries: EntryPoint[];
  /** The file's functions by name; undefined when several share a name (a call cannot say which). */
  functions: Map<string, FunctionStmt | undefined>;
  classes: Map<string, ClassStmt | undefined>;
  /** The class or object each method belongs to. */
  owners: Map<FunctionStmt, ClassStmt>;
  /** Functions handed to `foreachBatch`: Spark calls them once per micro-batch, not the file. */
  batchFunctions: Set<string>;
}

const LOOP_METHODS = new Set(['foreach', 'forEach', 'map', 'flatMap', 'foldLeft', 'foldRight', 'fold']);
const DEFINITIONS = new Set(['function', 'class', 'import']);

export function outlineOf(statements: readonly Stmt[]): ApplicationOutline {
  const methods = new Set<string>();
  const outline: ApplicationOutline = { root: node('module', spanOfAll(statements)), dispatches: [], entries: [], functions: new Map(), classes: new Map(), owners: new Map(), batchFunctions: new Set() };
  collectDefinitions(statements, outline, methods);
  const sequences = sequenceLiterals(statements);
  const stack: OutlineNode[] = [outline.root];
  const enter = (child: OutlineNode, inside: () => void) => {
    stack.at(-1)!.children.push(child);
    stack.push(child);
    try {
      inside();
    } finally {
      stack.pop();
    }
  };
  const walk = (body: readonly Stmt[]) => walkStatements(body, visitor);
  const walkExpr = (expr: Expr) => walk([{ kind: 'expr', expr, span: expr.span }]);
  const visitor: SyntaxVisitor = {
    // Statements that open a node are walked here, inside it; the others as walk.ts walks them.
    statement: (statement) => {
      switch (statement.kind) {
        case 'loop': {
          if (statement.iterable) walkExpr(statement.iterable);
          const itemClasses = statement.loopKind === 'for' && statement.iterable ? itemClassesOf(statement.iterable, sequences) : undefined;
          enter({ ...node('loop', statement.span), variables: statement.variables, itemClasses }, () => walk(statement.body));
          return false;
        }
        case 'if':
          walkExpr(statement.condition);
          [statement.then, statement.otherwise].forEach((arm, index) => {
            if (arm.length > 0) enter({ ...node('branch', spanOfAll(arm)), branchOf: statement, arm: index }, () => walk(arm));
          });
          return false;
        case 'function':
          enter({ ...node('function', statement.span), fn: statement }, () => walk(statement.body));
          return false;
        case 'class':
          enter({ ...node('class', statement.span), cls: statement }, () => walk(statement.body));
          return false;
        default:
          return true;
      }
    },
    expression: (expr) => {
      if (expr.kind !== 'call') return true;
      visitCall(expr);
      return false;
    },
  };
  const visitCall = (expr: Extract<Expr, { kind: 'call' }>): void => {
    const callee = expr.callee;
    if (callee.kind === 'member' && callee.property === 'foreachBatch') {
      for (const arg of expr.args) {
        const target = arg.value.kind === 'name' ? arg.value.id : arg.value.kind === 'member' ? arg.value.property : undefined;
        if (target) outline.batchFunctions.add(target);
      }
    }
    if (callee.kind === 'member' && callee.object.kind === 'name' && methods.has(callee.property)) {
      const receiver = callee.object.id;
      const loop = [...stack].reverse().find((n) => n.kind === 'loop' && n.variables?.includes(receiver));
      if (loop) outline.dispatches.push({ receiver, method: callee.property, span: expr.span, loop, path: [...stack] });
    }
    walkExpr(callee);
    const lambda = expr.args.length === 1 ? expr.args[0]!.value : undefined;
    if (callee.kind === 'member' && LOOP_METHODS.has(callee.property) && lambda?.kind === 'lambda') {
      const itemClasses = itemClassesOf(callee.object, sequences);
      return enter({ ...node('loop', lambda.span), variables: lambda.params.map((p) => p.name), itemClasses }, () => walkExpr(lambda));
    }
    for (const arg of expr.args) walkExpr(arg.value);
  };
  walk(statements);
  outline.entries = entryPoints(statements);
  return outline;
}

function node(kind: OutlineKind, span: Span): OutlineNode {
  return { kind, span, children: [] };
}

function spanOfAll(statements: readonly Stmt[]): Span {
  const first = statements[0];
  const last = statements.at(-1);
  const zero = { line: 0, character: 0 };
  return { start: first?.span.start ?? zero, end: last?.span.end ?? zero };
}

function collectDefinitions(statements: readonly Stmt[], outline: ApplicationOutline, methods: Set<string>, owner?: ClassStmt): void {
  for (const statement of statements) {
    if (statement.kind === 'function') {
      outline.functions.set(statement.name, outline.functions.has(statement.name) ? undefined : statement);
      if (owner) {
        methods.add(statement.name);
        outline.owners.set(statement, owner);
      }
      collectDefinitions(statement.body, outline, methods);
    } else if (statement.kind === 'class') {
      outline.classes.set(statement.name, outline.classes.has(statement.name) ? undefined : statement);
      collectDefinitions(statement.body, outline, methods, statement);
    }
  }
}

/** `steps = [Extract(), Load()]` / `val steps = Seq(new Extract, Load)`, assigned once in the file: a later loop over `steps` iterates those. */
function sequenceLiterals(statements: readonly Stmt[]): Map<string, Expr | undefined> {
  const found = new Map<string, Expr | undefined>();
  const visit = (body: readonly Stmt[]) => {
    for (const statement of body) {
      if (statement.kind === 'assign') {
        for (const target of statement.targets) found.set(target, found.has(target) || statement.targets.length > 1 ? undefined : statement.value);
      } else if (statement.kind === 'function' || statement.kind === 'class' || statement.kind === 'loop') {
        visit(statement.body);
      } else if (statement.kind === 'if') {
        visit(statement.then);
        visit(statement.otherwise);
      }
    }
  };
  visit(statements);
  return found;
}

/** The class or object each item of a spelled-out collection is (`Extract()`, `new Load(cfg)`, `Report`); undefined when it is not such a list. */
function itemClassesOf(collection: Expr, sequences: Map<string, Expr | undefined>): Array<string | undefined> | undefined {
  let value: Expr | undefined = collection;
  if (value.kind === 'name') value = sequences.get(value.id);
  if (value?.kind === 'call' && value.callee.kind === 'name' && /^(Seq|List|Array|Vector)$/.test(value.callee.id)) {
    value = { kind: 'sequence', items: value.args.map((a) => a.value), span: value.span };
  }
  if (value?.kind !== 'sequence') return undefined;
  return value.items.map((item) => (item.kind === 'name' ? item.id : item.kind === 'call' && item.callee.kind === 'name' ? item.callee.id : undefined));
}

/** Where the application starts: the script (or notebook) itself, its `__main__` guard, a `main` function, an object body (`extends App`). */
function entryPoints(statements: readonly Stmt[]): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const script = statements.filter((s) => !DEFINITIONS.has(s.kind) && !isMainGuard(s));
  if (script.length > 0) entries.push({ kind: 'script', span: spanOfAll(script) });
  const visit = (body: readonly Stmt[]) => {
    for (const statement of body) {
      if (isMainGuard(statement)) entries.push({ kind: 'main-guard', span: statement.span });
      else if (statement.kind === 'function' && statement.name === 'main') entries.push({ kind: 'main-function', span: statement.span });
      else if (statement.kind === 'class') {
        const runs = statement.body.filter((s) => !DEFINITIONS.has(s.kind) && s.kind !== 'assign');
        if (runs.length > 0) entries.push({ kind: 'object-body', span: statement.span });
        visit(statement.body);
      }
    }
  };
  visit(statements);
  return entries;
}

function isMainGuard(statement: Stmt): statement is IfStmt {
  if (statement.kind !== 'if' || statement.condition.kind !== 'binary' || statement.condition.operator !== '==') return false;
  const sides = [statement.condition.left, statement.condition.right];
  return sides.some((s) => s.kind === 'name' && s.id === '__name__') && sides.some((s) => s.kind === 'literal' && s.value === '__main__');
}

/** The nodes from the root down to the innermost one containing `position`. */
export function pathTo(outline: ApplicationOutline, position: Position): OutlineNode[] {
  const path = [outline.root];
  for (;;) {
    const children = path.at(-1)!.children;
    let lo = 0;
    let hi = children.length - 1;
    let found: OutlineNode | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const child = children[mid]!;
      if (comparePositions(child.span.start, position) > 0) hi = mid - 1;
      else if (comparePositions(child.span.end, position) <= 0) lo = mid + 1;
      else {
        found = child;
        break;
      }
    }
    if (!found) return path;
    path.push(found);
  }
}

/** The region a path ends in: the innermost function, class body or the module. */
export function regionIndex(path: readonly OutlineNode[]): number {
  for (let i = path.length - 1; i >= 0; i--) if (path[i]!.kind === 'function' || path[i]!.kind === 'class' || path[i]!.kind === 'module') return i;
  return 0;
}
