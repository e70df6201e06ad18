/**
 * Whether code sits in the message of a logging call, and whether that message is built every
 * time or only when the level is on. Python's `logging` (and loguru) evaluate every argument
 * before the call: `logger.debug("%d", df.count())` runs the job with DEBUG off. So do slf4j and
 * log4j called from Scala. Spark's own `logDebug(msg: => String)` takes the message by name, and
 * the macros of scala-logging, log4s and log4j-api-scala wrap the call in `if (isDebugEnabled)`:
 * their message is built only when the level is on.
 */
import type { CallExpr, Expr, Language, Span, Stmt } from '../syntax/ast';
import { spanContains } from '../syntax/spans';
import { dottedName } from './imports';
import { children } from '../syntax/walk';
import type { FunctionImports } from './types';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'unknown';

export interface LogMessageContext {
  call: CallExpr;
  /** `logger.info`, `logDebug`: how the call is written, for messages. */
  callee: string;
  level: LogLevel;
  /** 'lazy' builds the message only when the level is on; undefined when the logging API is not known. */
  evaluation: 'eager' | 'lazy' | undefined;
  /** An enclosing `if` tests the log level or a debug/verbose flag. */
  guarded: boolean;
  /** The code is inside a lambda in the arguments (a supplier, loguru's `opt(lazy=True)`): it runs only if the message is built. */
  inLambda: boolean;
}

const LEVEL_METHODS: Record<string, LogLevel> = {
  trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error', critical: 'error', fatal: 'error', exception: 'error', log: 'unknown',
};

/** Spark's `org.apache.spark.internal.Logging` trait: by-name messages, checked against the level first. */
const SPARK_LOGGING_METHODS: Record<string, LogLevel> = { logTrace: 'trace', logDebug: 'debug', logInfo: 'info', logWarning: 'warn', logError: 'error' };

/** Scala logging libraries whose calls are macros that test the level before building the message. */
const LAZY_SCALA_LOGGING = ['com.typesafe.scalalogging', 'org.log4s', 'org.apache.logging.log4j.scala'];
/** Java logging APIs called from Scala: plain methods, the message is built first. */
const EAGER_SCALA_LOGGING = ['org.slf4j', 'org.apache.log4j', 'org.apache.logging.log4j', 'java.util.logging', 'org.apache.commons.logging'];

/** `logger`, `log`, `LOG`, `_logger`, `self.logger`, `logging`, `job_logger`, `jobLog` — not `catalog`. */
function isLoggerName(dotted: string): boolean {
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  return /^_*(log|logger|logging)$/i.test(last) || /(_log|_logger|Log|Logger|_LOG|_LOGGER)$/.test(last);
}

/** `logging.getLogger(__name__)`, `LoggerFactory.getLogger(...)`, `LogManager.getLogger(...)`. */
function isLoggerFactoryCall(expr: Expr): boolean {
  return expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'getLogger';
}

/** loguru's `logger.opt(lazy=True)` and `logger.bind(job=...)`: the same logger, configured. */
function configuredLogger(expr: Expr): string | undefined {
  if (expr.kind !== 'call' || expr.callee.kind !== 'member' || !['opt', 'bind', 'patch'].includes(expr.callee.property)) return undefined;
  const root = dottedName(expr.callee.object);
  return root !== undefined && isLoggerName(root) ? `${root}.${expr.callee.property}(...)` : undefined;
}

function levelOfArgument(expr: Expr | undefined): LogLevel {
  const text = expr ? (dottedName(expr) ?? (expr.kind === 'literal' ? String(expr.value) : '')) : '';
  const last = text.slice(text.lastIndexOf('.') + 1).toLowerCase();
  if (last === 'debug' || last === '10') return 'debug';
  if (last === 'info' || last === '20') return 'info';
  if (last === 'warning' || last === 'warn' || last === '30') return 'warn';
  if (last === 'error' || last === 'critical' || last === '40' || last === '50') return 'error';
  return 'unknown';
}

/** What kind of logging call `call` is, if it is one. */
function readLogCall(call: CallExpr, language: Language, imports: FunctionImports): Omit<LogMessageContext, 'guarded' | 'inLambda'> | undefined {
  const callee = call.callee;
  if (callee.kind === 'name') {
    const level = SPARK_LOGGING_METHODS[callee.id];
    return level && language === 'scala' ? { call, callee: callee.id, level, evaluation: 'lazy' } : undefined;
  }
  if (callee.kind !== 'member') return undefined;
  const method = LEVEL_METHODS[callee.property];
  if (!method) return undefined;
  const receiver = dottedName(callee.object);
  const configured = configuredLogger(callee.object);
  if (!(receiver !== undefined ? isLoggerName(receiver) : isLoggerFactoryCall(callee.object) || configured)) return undefined;
  const level = method === 'unknown' ? levelOfArgument(call.args[0]?.value) : method;
  const text = `${receiver ?? configured ?? 'getLogger(...)'}.${callee.property}`;
  return { call, callee: text, level, evaluation: language === 'python' ? 'eager' : scalaEvaluation(receiver, imports) };
}

function scalaEvaluation(receiver: string | undefined, imports: FunctionImports): 'eager' | 'lazy' | undefined {
  // Spark's Logging trait exposes its slf4j logger as `log`: a plain Java call.
  if (receiver === 'log' && imports.importsFrom('org.apache.spark.internal')) return 'eager';
  if (LAZY_SCALA_LOGGING.some((p) => imports.importsFrom(p))) return 'lazy';
  if (EAGER_SCALA_LOGGING.some((p) => imports.importsFrom(p))) return 'eager';
  return undefined;
}

/** `if logger.isEnabledFor(logging.DEBUG)`, `if (log.isDebugEnabled)`, `if verbose:`, `if self.debug`. */
function isGuard(condition: Expr): boolean {
  let found = false;
  const visit = (expr: Expr): void => {
    if (found) return;
    const word = expr.kind === 'name' ? expr.id : expr.kind === 'member' ? expr.property : undefined;
    if (word !== undefined && /enabled|debug|verbose|trace|level/i.test(word)) found = true;
    for (const child of childExpressions(expr)) visit(child);
  };
  visit(condition);
  return found;
}

/**
 * The innermost logging call whose arguments contain `target`, with what surrounds it, found by
 * descending only into the statements and expressions that contain `target`.
 */
export function logMessageContext(statements: readonly Stmt[], target: Span, language: Language, imports: FunctionImports): LogMessageContext | undefined {
  let found: Omit<LogMessageContext, 'guarded' | 'inLambda'> | undefined;
  let guardedAt = false;
  let inLambda = false;
  let guarded = false;

  const inStatements = (list: readonly Stmt[]): void => {
    const statement = list.find((s) => spanContains(s.span, target));
    if (statement) inStatement(statement);
  };
  const inStatement = (statement: Stmt): void => {
    switch (statement.kind) {
      case 'if':
        if (spanContains(statement.condition.span, target)) return inExpr(statement.condition);
        if (statement.then.some((s) => spanContains(s.span, target)) && isGuard(statement.condition)) guarded = true;
        return inStatements([...statement.then, ...statement.otherwise]);
      case 'loop':
        if (statement.iterable && spanContains(statement.iterable.span, target)) return inExpr(statement.iterable);
        return inStatements(statement.body);
      case 'function':
      case 'class':
        return inStatements(statement.body);
      case 'assign':
        return inExpr(statement.value);
      case 'expr':
        return inExpr(statement.expr);
      case 'return':
        return statement.value ? inExpr(statement.value) : undefined;
      case 'import':
        return;
    }
  };
  const inExpr = (expr: Expr): void => {
    if (expr.kind === 'call' && expr.args.some((a) => spanContains(a.span, target))) {
      const call = readLogCall(expr, language, imports);
      if (call) {
        found = call;
        guardedAt = guarded;
        inLambda = false;
      }
    }
    if (expr.kind === 'lambda' && found) inLambda = true;
    if (expr.kind === 'block' || (expr.kind === 'lambda' && Array.isArray(expr.body))) return inStatements(expr.kind === 'block' ? expr.body : (expr.body as Stmt[]));
    const child = childExpressions(expr).find((c) => spanContains(c.span, target));
    if (child) inExpr(child);
  };

  inStatements(statements);
  return found ? { ...found, guarded: guardedAt, inLambda } : undefined;
}

/** Sub-expressions, f-string fields included. */
function childExpressions(expr: Expr): Expr[] {
  return expr.kind === 'literal' ? expr.interpolations ?? [] : children(expr);
}
