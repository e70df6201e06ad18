/**
 * Column and key names held in variables: `partition_key = "__dummy__"`, then
 * `.withColumn(partition_key, lit(0))` and `.join(other, partition_key)`. For every place a name is
 * read, the string constants its reaching assignments give it (module and class constants, `self.KEY`,
 * Scala `Cols.Key`, f-strings, `+` and `.format` of constants). When `if` branches assign different
 * values, every candidate is kept with the branch it comes from, so a rule can say on which path a
 * name holds which column. A candidate without text is an assignment that is no constant (a parameter,
 * a call): the name may then be anything.
 */
import type { Expr, IfStmt, Span, Stmt } from '../syntax/ast';
import { forEachChild } from '../syntax/walk';
import { conditionalParts } from './idioms';

/** The branch of an `if` a statement is in. */
export interface BranchCondition {
  statement: IfStmt;
  branch: 0 | 1;
}

/** One value a name may hold where it is read. */
export interface NameCandidate {
  /** The constant text; undefined when this assignment is not a string constant. */
  text?: string;
  /** The assignment that gives it (the constant's own, when a name copies another). */
  span: Span;
  /** The branches that assignment is in. */
  conditions: readonly BranchCondition[];
}

export interface NameConstants {
  /** What a name (`key`, `self.KEY`, `Cols.Key`) may hold where `expr` reads it; undefined when the walk did not track it. */
  candidates(expr: Expr): readonly NameCandidate[] | undefined;
  /** The branches a statement is in. */
  conditionsOf(statement: Stmt): readonly BranchCondition[];
}

/** More candidates than this say nothing useful: the name is left unknown. */
const MAX_CANDIDATES = 8;
const MAX_DEPTH = 12;

type Env = Map<string, NameCandidate[]>;

/** A scope's names as the walk goes, over the names of the scopes around it. */
interface Scope {
  env: Env;
  outer?: (name: string) => NameCandidate[] | undefined;
}

const cache = new WeakMap<readonly Stmt[], NameConstants>();

/**
 * The name constants of a file's statements, walked once per statement list and only when first
 * asked: most joins have literal keys and no aggregate, and the walk covers the whole file.
 */
export function nameConstants(statements: readonly Stmt[]): NameConstants {
  let found = cache.get(statements);
  if (!found) {
    let walked: NameConstants | undefined;
    const walk = (): NameConstants => (walked ??= new NameWalk(statements).result());
    found = { candidates: (expr) => walk().candidates(expr), conditionsOf: (statement) => walk().conditionsOf(statement) };
    cache.set(statements, found);
  }
  return found;
}

/** Whether two branch lists can hold at once: no `if` taken both ways. */
export function compatible(a: readonly BranchCondition[], b: readonly BranchCondition[]): boolean {
  return a.every((x) => b.every((y) => x.statement !== y.statement || x.branch === y.branch));
}

/**
 * The column names `expr` can stand for: a string literal, or a name's constant candidates. Undefined
 * when it is neither, or when some reaching assignment is not a constant.
 */
export function columnCandidates(expr: Expr | undefined, names: NameConstants | undefined): readonly NameCandidate[] | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return typeof expr.value === 'string' && !expr.interpolations?.length ? [{ text: expr.value, span: expr.span, conditions: [] }] : undefined;
  const candidates = names?.candidates(expr);
  return candidates && candidates.length > 0 && candidates.every((c) => c.text !== undefined) ? candidates : undefined;
}

/** The one column `expr` names wherever it runs: a literal, or a name every reaching assignment gives the same constant. */
export function singleColumnName(expr: Expr | undefined, names: NameConstants | undefined): string | undefined {
  const candidates = columnCandidates(expr, names);
  const texts = new Set(candidates?.map((c) => c.text));
  return texts.size === 1 ? [...texts][0] : undefined;
}

class NameWalk {
  private readonly reads = new Map<Expr, NameCandidate[]>();
  private readonly conditions = new Map<Stmt, readonly BranchCondition[]>();
  /** Class and object bodies' constants by class name, for `self.KEY`, `Job.KEY`, Scala `Cols.Key`. */
  private readonly classTables = new Map<string, Env>();
  /** Attributes some method assigns (`self.key = …`): their class constant is not what they hold. */
  private readonly assignedAttributes = new Set<string>();
  private currentClass: string | undefined;

  constructor(private readonly statements: readonly Stmt[]) {}

  result(): NameConstants {
    this.collectClasses(this.statements);
    const moduleTable = this.finalTable(this.statements, undefined);
    this.walkBlock(this.statements, { env: new Map(), outer: (name) => moduleTable.get(name) }, []);
    return {
      candidates: (expr) => this.reads.get(expr),
      conditionsOf: (statement) => this.conditions.get(statement) ?? [],
    };
  }

  // ------------------------------------------------------------------ tables of constants

  /** Every class's body constants, and the attributes methods assign. */
  private collectClasses(statements: readonly Stmt[]): void {
    for (const statement of statements) {
      if (statement.kind === 'class') {
        this.classTables.set(statement.name, this.finalTable(statement.body, undefined));
        this.collectClasses(statement.body);
      } else if (statement.kind === 'function') {
        this.collectAssignedAttributes(statement.body);
        this.collectClasses(statement.body);
      }
    }
  }

  private collectAssignedAttributes(statements: readonly Stmt[]): void {
    for (const statement of statements) {
      if (statement.kind === 'assign') for (const target of statement.targets) if (target.startsWith('self.')) this.assignedAttributes.add(target.slice('self.'.length));
      if (statement.kind === 'if') {
        this.collectAssignedAttributes(statement.then);
        this.collectAssignedAttributes(statement.otherwise);
      } else if (statement.kind === 'loop' || statement.kind === 'function') {
        this.collectAssignedAttributes(statement.body);
      }
    }
  }

  /** What a module or class body's names hold once it has run: every assignment in it (branches and loops included). */
  private finalTable(statements: readonly Stmt[], outer: Scope['outer']): Env {
    const table: Env = new Map();
    const scope: Scope = { env: table, outer };
    const visit = (body: readonly Stmt[]): void => {
      for (const statement of body) {
        if (statement.kind === 'assign' && statement.targets.length === 1) {
          const name = statement.targets[0]!;
          const value = this.valueOf(statement.value, { env: new Map(), outer: (n) => (n === name ? undefined : lookup(scope, n)) }, statement.span, [], 0);
          table.set(name, cap([...(table.get(name) ?? []), ...value]));
        } else if (statement.kind === 'if') {
          visit(statement.then);
          visit(statement.otherwise);
        } else if (statement.kind === 'loop') {
          visit(statement.body);
        }
      }
    };
    visit(statements);
    return table;
  }

  // ------------------------------------------------------------------ flow through statements

  private walkBlock(statements: readonly Stmt[], scope: Scope, conditions: readonly BranchCondition[]): void {
    for (const statement of statements) this.walkStatement(statement, scope, conditions);
  }

  private walkStatement(statement: Stmt, scope: Scope, conditions: readonly BranchCondition[]): void {
    this.conditions.set(statement, conditions);
    switch (statement.kind) {
      case 'assign': {
        this.recordReads(statement.value, scope, conditions);
        for (const target of statement.targets) {
          if (statement.targets.length !== 1 || (statement.operator !== '=' && statement.operator !== '+=')) {
            scope.env.set(target, [{ span: statement.span, conditions }]);
            continue;
          }
          const value = this.valueOf(statement.value, scope, statement.span, conditions, 0);
          const previous = statement.operator === '+=' ? lookup(scope, target) : undefined;
          scope.env.set(target, previous ? concatenate(previous, value, statement.span, conditions) : value);
        }
        return;
      }
      case 'expr':
        return this.recordReads(statement.expr, scope, conditions);
      case 'return':
        if (statement.value) this.recordReads(statement.value, scope, conditions);
        return;
      case 'if': {
        this.recordReads(statement.condition, scope, conditions);
        // Each branch writes over the scope (no copies), and only the names a branch set are merged after it.
        const ends: Scope[] = [];
        const branches: Scope[] = [];
        for (const [branch, body] of [[0, statement.then], [1, statement.otherwise]] as const) {
          const inner = overlay(scope);
          this.walkBlock(body, inner, [...conditions, { statement, branch }]);
          branches.push(inner);
          // A branch that returns or raises does not reach the code after the `if`.
          if (!leaves(body)) ends.push(inner);
        }
        if (ends.length === 0) return;
        const changed = new Set(branches.flatMap((b) => [...b.env.keys()]));
        for (const name of changed) scope.env.set(name, union(ends.map((end) => lookup(end, name) ?? [])));
        return;
      }
      case 'loop': {
        if (statement.iterable) this.recordReads(statement.iterable, scope, conditions);
        const items = statement.iterable && statement.variables.length === 1 ? this.literalItems(statement.iterable, scope, statement.span, conditions) : undefined;
        // Names assigned late in the body reach its start on the next iteration: what the body assigns
        // anywhere joins what the loop starts with (one cheap pass, so nested loops stay linear).
        const again = this.finalTable(statement.body, (name) => lookup(scope, name));
        const inner = overlay(scope);
        for (const [name, candidates] of again) inner.env.set(name, union([lookup(scope, name) ?? [], candidates]));
        for (const variable of statement.variables) inner.env.set(variable, items ?? [{ span: statement.span, conditions }]);
        this.walkBlock(statement.body, inner, conditions);
        // The loop may not run at all.
        for (const [name, candidates] of inner.env) scope.env.set(name, union([lookup(scope, name) ?? [], candidates]));
        return;
      }
      case 'function': {
        const env: Env = new Map();
        for (const param of statement.params) env.set(param.name, [{ span: statement.nameSpan, conditions: [] }]);
        this.walkBlock(statement.body, { env, outer: (name) => lookup(scope, name) }, []);
        return;
      }
      case 'class': {
        const saved = this.currentClass;
        this.currentClass = statement.name;
        const table = this.classTables.get(statement.name);
        // Scala: a class body's members are names in its methods; Python finds them through `self.`.
        this.walkBlock(statement.body, { env: new Map(), outer: (name) => table?.get(name) ?? lookup(scope, name) }, []);
        this.currentClass = saved;
        return;
      }
      case 'import':
        return;
    }
  }

  /** `for k in ["a", "b"]`: each string of a literal list. */
  private literalItems(iterable: Expr, scope: Scope, span: Span, conditions: readonly BranchCondition[]): NameCandidate[] | undefined {
    if (iterable.kind !== 'sequence' || iterable.items.length === 0) return undefined;
    const values = iterable.items.flatMap((item) => this.valueOf(item, scope, span, conditions, 0));
    return values.length <= MAX_CANDIDATES && values.every((v) => v.text !== undefined) ? values : undefined;
  }

  /** Records what every name in `expr` holds here; lambdas and comprehensions bind their own names. */
  private recordReads(expr: Expr, scope: Scope, conditions: readonly BranchCondition[]): void {
    const visit = (node: Expr, current: Scope): void => {
      if (node.kind === 'name') {
        const found = lookup(current, node.id);
        if (found) this.reads.set(node, found);
        return;
      }
      if (node.kind === 'member') {
        const found = this.memberConstant(node);
        if (found) this.reads.set(node, found);
      }
      if (node.kind === 'lambda' || node.kind === 'comprehension') {
        const env: Env = new Map();
        const bound = node.kind === 'lambda' ? node.params.map((p) => p.name) : node.variables;
        for (const name of bound) env.set(name, [{ span: node.span, conditions }]);
        const inner: Scope = { env, outer: (name) => lookup(current, name) };
        if (node.kind === 'lambda' && Array.isArray(node.body)) return this.walkBlock(node.body, inner, conditions);
        return forEachChild(node, (child) => visit(child, inner));
      }
      if (node.kind === 'block') return this.walkBlock(node.body, current, conditions);
      forEachChild(node, (child) => visit(child, current));
    };
    visit(expr, scope);
  }

  /** `self.KEY` in a class's method, `Job.KEY` / Scala `Cols.Key` anywhere: the class body's constant. */
  private memberConstant(expr: Extract<Expr, { kind: 'member' }>): NameCandidate[] | undefined {
    if (expr.object.kind !== 'name') return undefined;
    const owner = expr.object.id === 'self' || expr.object.id === 'this' ? this.currentClass : expr.object.id;
    if (owner === undefined || this.assignedAttributes.has(expr.property)) return undefined;
    const found = this.classTables.get(owner)?.get(expr.property);
    return found && found.every((c) => c.text !== undefined) ? found : undefined;
  }

  // ------------------------------------------------------------------ values

  /** What an assigned expression gives the name: constants where the code shows them, else one unknown candidate. */
  private valueOf(expr: Expr, scope: Scope, span: Span, conditions: readonly BranchCondition[], depth: number): NameCandidate[] {
    const unknown = [{ span, conditions }];
    if (depth > MAX_DEPTH) return unknown;
    switch (expr.kind) {
      case 'literal':
        if (typeof expr.value !== 'string') return unknown;
        if (!expr.interpolations?.length) return [{ text: expr.value, span, conditions }];
        return this.interpolated(expr.value, expr.interpolations, /\{[^{}]*\}/g, scope, span, conditions, depth);
      case 'name': {
        // A copy of a constant keeps the constant's line; a copy of anything else is this assignment's unknown.
        const found = lookup(scope, expr.id);
        if (!found) return unknown;
        return dedupe(found.map((c) => (c.text === undefined ? unknown[0]! : { ...c, conditions: [...new Set([...conditions, ...c.conditions])] })));
      }
      case 'member':
        return this.memberConstant(expr) ?? unknown;
      case 'binary':
        if (expr.operator !== '+') return unknown;
        return concatenate(this.valueOf(expr.left, scope, span, conditions, depth + 1), this.valueOf(expr.right, scope, span, conditions, depth + 1), span, conditions);
      case 'call': {
        // `"__min_{0}__".format(c)` with constant arguments.
        const callee = expr.callee;
        if (callee.kind !== 'member' || callee.property !== 'format' || callee.object.kind !== 'literal' || typeof callee.object.value !== 'string') return unknown;
        if (expr.args.some((a) => a.name !== undefined)) return unknown;
        return this.interpolated(callee.object.value, expr.args.map((a) => a.value), /\{\d*\}/g, scope, span, conditions, depth);
      }
      case 'block': {
        const parts = conditionalParts(expr);
        const conditional = expr.body[0];
        if (!parts || conditional?.kind !== 'if') return unknown;
        return cap(parts.values.flatMap((value, branch) => this.valueOf(value, scope, span, [...conditions, { statement: conditional, branch: branch as 0 | 1 }], depth + 1)));
      }
      default:
        return unknown;
    }
  }

  /** A template whose fields are filled, in order, by expressions that each hold one constant. */
  private interpolated(template: string, fields: readonly Expr[], pattern: RegExp, scope: Scope, span: Span, conditions: readonly BranchCondition[], depth: number): NameCandidate[] {
    const unknown = [{ span, conditions }];
    if (template.includes('{{')) return unknown;
    const texts: string[] = [];
    for (const field of fields) {
      const values = new Set(this.valueOf(field, scope, span, conditions, depth + 1).map((v) => v.text));
      const only = values.size === 1 ? [...values][0] : undefined;
      if (only === undefined) return unknown;
      texts.push(only);
    }
    let index = 0;
    const text = template.replace(pattern, (field) => {
      const position = /^\{(\d+)\}$/.exec(field);
      return texts[position ? Number(position[1]) : index++] ?? field;
    });
    return /[{}]/.test(text) ? unknown : [{ text, span, conditions }];
  }
}

function lookup(scope: Scope, name: string): NameCandidate[] | undefined {
  return scope.env.get(name) ?? scope.outer?.(name);
}

/** Every left text followed by every right text; unknown when either side is. */
function concatenate(left: readonly NameCandidate[], right: readonly NameCandidate[], span: Span, conditions: readonly BranchCondition[]): NameCandidate[] {
  const pairs = left.flatMap((l) => right.filter((r) => compatible(l.conditions, r.conditions)).map((r) => [l, r] as const));
  if (pairs.length === 0 || pairs.length > MAX_CANDIDATES || pairs.some(([l, r]) => l.text === undefined || r.text === undefined)) return [{ span, conditions }];
  return pairs.map(([l, r]) => ({ text: l.text! + r.text!, span, conditions: [...new Set([...conditions, ...l.conditions, ...r.conditions])] }));
}

/** A scope that writes its own names and reads the rest from `base`: a branch or a loop body. */
function overlay(base: Scope): Scope {
  return { env: new Map(), outer: (name) => lookup(base, name) };
}

/** Every candidate of the lists, once. */
function union(lists: ReadonlyArray<readonly NameCandidate[]>): NameCandidate[] {
  const all: NameCandidate[] = [];
  for (const list of lists) for (const c of list) if (!all.some((k) => k.span === c.span && k.text === c.text && k.conditions === c.conditions)) all.push(c);
  return cap(all);
}

function dedupe(candidates: NameCandidate[]): NameCandidate[] {
  return candidates.filter((c, i) => candidates.findIndex((o) => o.span === c.span && o.text === c.text) === i);
}

function cap(candidates: NameCandidate[]): NameCandidate[] {
  return candidates.length > MAX_CANDIDATES ? [{ span: candidates[0]!.span, conditions: [] }] : candidates;
}

/** The block ends by leaving the function: `return`, `raise`, `throw`. */
function leaves(body: readonly Stmt[]): boolean {
  const last = body.at(-1);
  return last?.kind === 'return' || (last?.kind === 'expr' && last.role === 'raise');
}
