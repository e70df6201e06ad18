/**
 * The language-neutral syntax that the Python and Scala front ends lower their tree-sitter trees
 * into. It is deliberately small: just enough structure for the Spark model to follow DataFrames
 * through assignments, method chains, loops and functions. Anything the model does not need is
 * kept as an `unknown` node so nested calls inside it are still visited.
 *
 * Positions are 0-based lines and UTF-16 columns, the same units as LSP, so spans can be used in
 * diagnostics and text edits without conversion.
 */

export type Language = 'python' | 'scala';

export interface Position {
  line: number;
  character: number;
}

export interface Span {
  start: Position;
  end: Position;
}

// ---------------------------------------------------------------- expressions

export interface NameExpr {
  kind: 'name';
  id: string;
  span: Span;
}

/** `object.property` — also Scala's parameterless method call `df.cache`. */
export interface MemberExpr {
  kind: 'member';
  object: Expr;
  property: string;
  span: Span;
  propertySpan: Span;
}

export interface Argument {
  /** Keyword name for `f(x=1)`; Scala named arguments `f(x = 1)` too. */
  name?: string;
  value: Expr;
  span: Span;
}

/**
 * `callee(args)`. Scala curried calls `f(a)(b)` are nested calls. A Scala call with a block
 * argument `xs.foreach { x => ... }` has the block's lambda as its single argument.
 */
export interface CallExpr {
  kind: 'call';
  callee: Expr;
  args: Argument[];
  span: Span;
  /** From the opening to the closing parenthesis (or brace) inclusive. */
  argsSpan: Span;
}

/** `object[index]` (Python subscripts). */
export interface IndexExpr {
  kind: 'index';
  object: Expr;
  index: Expr;
  span: Span;
}

export interface LiteralExpr {
  kind: 'literal';
  literalKind: 'string' | 'number' | 'boolean' | 'null';
  /** Strings unquoted (escape sequences left as written); numbers parsed; booleans as booleans. */
  value: string | number | boolean | null;
  span: Span;
  /** Python f-string fields (`f"{df.count()} rows"`): code that runs when the string is built. */
  interpolations?: Expr[];
}

/** A column reference written with dedicated syntax: Scala `$"name"` and `'name`. */
export interface ColumnExpr {
  kind: 'column';
  name: string;
  span: Span;
}

/** Python lists, tuples and sets; Scala `Seq(...)`, `List(...)`, `Array(...)`, `Set(...)`, tuples. */
export interface SequenceExpr {
  kind: 'sequence';
  items: Expr[];
  span: Span;
}

/** Python dict literals; Scala `Map(k -> v, ...)`. */
export interface MappingExpr {
  kind: 'mapping';
  entries: Array<{ key: Expr; value: Expr }>;
  span: Span;
}

export interface Parameter {
  name: string;
  /** The annotation as written (`DataFrame`, `Dataset[Row]`, `str`), when there is one. */
  type?: string;
}

/** Python `lambda`, Scala `x => ...` and placeholder lambdas (`_.sum` has one parameter `_`). */
export interface LambdaExpr {
  kind: 'lambda';
  params: Parameter[];
  body: Expr | Stmt[];
  span: Span;
}

/** Binary and infix operators: `==`, `===`, `>`, `and`, `&&`, `+`, Scala `1 to 10`, `a -> b`. */
export interface BinaryExpr {
  kind: 'binary';
  operator: string;
  left: Expr;
  right: Expr;
  span: Span;
  /** Scala alphanumeric operators (`a union b`, `1 to 10`): the operator, a method name written infix. */
  operatorSpan?: Span;
}

export interface UnaryExpr {
  kind: 'unary';
  operator: string;
  operand: Expr;
  span: Span;
}

/** Python comprehensions and generator expressions: a loop in expression form. */
export interface ComprehensionExpr {
  kind: 'comprehension';
  element: Expr;
  variables: string[];
  iterable: Expr;
  span: Span;
}

/** A Scala block used as an expression (`val x = { ...; expr }`), or a Scala `if` expression. */
export interface BlockExpr {
  kind: 'block';
  body: Stmt[];
  span: Span;
}

/** Anything else; its sub-expressions are kept so calls nested in it are still seen. */
export interface UnknownExpr {
  kind: 'unknown';
  children: Expr[];
  span: Span;
}

export type Expr =
  | NameExpr
  | MemberExpr
  | CallExpr
  | IndexExpr
  | LiteralExpr
  | ColumnExpr
  | SequenceExpr
  | MappingExpr
  | LambdaExpr
  | BinaryExpr
  | UnaryExpr
  | ComprehensionExpr
  | BlockExpr
  | UnknownExpr;

// ----------------------------------------------------------------- statements

/**
 * `x = expr`, `val x = expr`, `var x: T = expr`, `x += expr`, `a, b = expr`.
 * An attribute of `self` is a target under its dotted name (`self.df = ...` → `self.df`). Other
 * targets that are not plain names (`obj.x = ...`, `d["k"] = ...`) are lowered to an `expr`
 * statement of the value instead.
 */
export interface AssignStmt {
  kind: 'assign';
  targets: string[];
  value: Expr;
  declaration: 'val' | 'var' | 'none';
  operator: string;
  typeAnnotation?: string;
  /** The first target as written (`x` of `val x = …`): what a finding about the name underlines. */
  targetSpan?: Span;
  span: Span;
}

export interface ExprStmt {
  kind: 'expr';
  expr: Expr;
  span: Span;
  /** Python `assert e`, `raise e` and Scala `throw e`: what the statement does with its expression. */
  role?: 'assert' | 'raise';
}

/**
 * `for` / `while` loops. Scala `for (x <- xs) {...}` and `for (...) yield ...` too. Collection
 * methods taking a lambda (`xs.foreach`, `foldLeft`) stay calls; the model treats them as loops.
 */
export interface LoopStmt {
  kind: 'loop';
  loopKind: 'for' | 'while';
  variables: string[];
  /** The iterated collection for `for`, the condition for `while`. */
  iterable?: Expr;
  body: Stmt[];
  span: Span;
}

export interface IfStmt {
  kind: 'if';
  condition: Expr;
  then: Stmt[];
  otherwise: Stmt[];
  span: Span;
}

/** `def f(...)` in both languages. An expression body is lowered to a single `return`. */
export interface FunctionStmt {
  kind: 'function';
  name: string;
  params: Parameter[];
  decorators: Expr[];
  returnType?: string;
  body: Stmt[];
  span: Span;
  nameSpan: Span;
}

/** Python `class`, Scala `class` / `object` / `trait` / `case class`. */
export interface ClassStmt {
  kind: 'class';
  name: string;
  /** Scala constructor parameters (`class Job(input: DataFrame)`), when there are any. */
  params?: Parameter[];
  /** Scala `object` / `package object`: a single instance whose methods are called on its name (`Lookups.load(spark)`). */
  singleton?: true;
  body: Stmt[];
  span: Span;
}

export interface ImportedName {
  /** The imported name (`functions`, `broadcast`, `col`) or `*` for a wildcard. */
  name: string;
  alias?: string;
}

/**
 * Python `import a.b as c` → module `a.b`, names `[]`, alias `c`;
 * `from a.b import c as d, e` → module `a.b`, names `[{c, d}, {e}]`;
 * Scala `import a.b.c` → module `a.b`, names `[{c}]`; `import a.b._` → names `[{*}]`;
 * `import a.b.{c, d => e}` → names `[{c}, {d, e}]`.
 */
export interface ImportStmt {
  kind: 'import';
  module: string;
  names: ImportedName[];
  alias?: string;
  span: Span;
}

export interface ReturnStmt {
  kind: 'return';
  value?: Expr;
  span: Span;
}

export type Stmt =
  | AssignStmt
  | ExprStmt
  | LoopStmt
  | IfStmt
  | FunctionStmt
  | ClassStmt
  | ImportStmt
  | ReturnStmt;

export interface LoweredFile {
  language: Language;
  statements: Stmt[];
  /** Spans of tree-sitter ERROR and MISSING nodes: the parts of a half-typed file we skipped. */
  syntaxErrors: Span[];
}
