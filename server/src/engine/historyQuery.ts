/**
 * What the code of a file says about which runs are its own: the application names it gives its
 * session and the paths/tables it writes to. The evidence provider uses these to tie runs and
 * PySpark writes (which carry no Python line in event logs) to this file.
 */
import type { HistoryQuery, WriteTargetHint } from '../history/evidence';
import { argument, templateText } from '../model/chains';
import type { Expr, Stmt } from '../syntax/ast';
import type { SparkModel } from '../model/types';
import { codeOperations } from './codeOperations';

/**
 * String constants of the file (`SESSIONS_PATH = "s3://lake/web_sessions"`, Scala `val Out = "…"`),
 * so that `.parquet(SESSIONS_PATH)` and `f"{BASE}/daily"` can be matched with the paths in a plan.
 * Top level and class bodies only: what a function computes at run time is unknown.
 */
function stringConstants(statements: Stmt[], into = new Map<string, string>()): Map<string, string> {
  for (const statement of statements) {
    if (statement.kind === 'assign' && statement.targets.length === 1 && statement.operator === '=') {
      const text = templateText(statement.value);
      if (text !== undefined) into.set(statement.targets[0]!, substitute(text, into));
    } else if (statement.kind === 'class') {
      stringConstants(statement.body, into);
    }
  }
  return into;
}

/** Fills `{NAME}` / `$NAME` / `${NAME}` placeholders whose value is a known constant. */
function substitute(text: string, constants: Map<string, string>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string, c?: string) => constants.get((a ?? b ?? c)!) ?? whole);
}

function targetText(expr: Expr | undefined, constants: Map<string, string>): string | undefined {
  if (expr?.kind === 'name') return constants.get(expr.id);
  const text = templateText(expr);
  return text === undefined ? undefined : substitute(text, constants);
}

/** Interpolations become `*`: `f"daily-orders-etl-{run_date}"` → `daily-orders-etl-*`. */
export function templatePattern(text: string): string {
  return text.replace(/\{[^{}]*\}|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '*').replace(/\*+/g, '*');
}

const WRITE_TERMINALS = new Set(['save', 'saveAsTable', 'insertInto', 'parquet', 'orc', 'json', 'csv', 'text', 'avro', 'jdbc', 'saveAsTextFile', 'toTable', 'start']);

export function historyQueryFor(model: SparkModel, file: string): HistoryQuery {
  const constants = stringConstants(model.statements);
  const appNames: string[] = [];
  for (const { step, kind } of model.frameSteps) {
    if (step.name !== 'appName' || (kind !== 'builder' && kind !== 'conf')) continue;
    const text = targetText(argument(step, 0, 'name'), constants);
    if (text !== undefined && text.replace(/\*/g, '').trim() !== '') appNames.push(templatePattern(text));
  }
  const writeTargets: WriteTargetHint[] = [];
  for (const write of model.writes) {
    const terminal = write.terminal;
    if (!terminal || !WRITE_TERMINALS.has(terminal.name)) continue;
    const text = targetText(argument(terminal, 0, terminal.name === 'saveAsTable' || terminal.name === 'insertInto' ? 'tableName' : 'path'), constants);
    if (text === undefined) continue;
    writeTargets.push({ line: terminal.nameSpan.start.line, target: templatePattern(text) });
  }
  const targetOf = (expr: Expr | undefined) => {
    const text = targetText(expr, constants);
    return text === undefined ? undefined : templatePattern(text);
  };
  return { file, appNames, writeTargets, operations: codeOperations(model, targetOf) };
}
