/**
 * What the code of a file says about which runs are its own: the application names it gives its
 * session and the paths/tables it writes to. The evidence provider uses these to tie runs and
 * PySpark writes (which carry no Python line in event logs) to this file.
 */
import type { HistoryQuery, WriteTargetHint } from '../history/evidence';
import { argument, templateText } from '../model/chains';
import type { SparkModel } from '../model/types';

/** Interpolations become `*`: `f"daily-orders-etl-{run_date}"` → `daily-orders-etl-*`. */
export function templatePattern(text: string): string {
  return text.replace(/\{[^{}]*\}|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '*').replace(/\*+/g, '*');
}

const WRITE_TERMINALS = new Set(['save', 'saveAsTable', 'insertInto', 'parquet', 'orc', 'json', 'csv', 'text', 'avro', 'jdbc', 'saveAsTextFile', 'toTable', 'start']);

export function historyQueryFor(model: SparkModel, file: string): HistoryQuery {
  const appNames: string[] = [];
  for (const { step, kind } of model.frameSteps) {
    if (step.name !== 'appName' || (kind !== 'builder' && kind !== 'conf')) continue;
    const text = templateText(argument(step, 0, 'name'));
    if (text !== undefined && text.replace(/\*/g, '').trim() !== '') appNames.push(templatePattern(text));
  }
  const writeTargets: WriteTargetHint[] = [];
  for (const write of model.writes) {
    const terminal = write.terminal;
    if (!terminal || !WRITE_TERMINALS.has(terminal.name)) continue;
    const text = templateText(argument(terminal, 0, terminal.name === 'saveAsTable' || terminal.name === 'insertInto' ? 'tableName' : 'path'));
    if (text === undefined) continue;
    writeTargets.push({ line: terminal.nameSpan.start.line, target: templatePattern(text) });
  }
  return { file, appNames, writeTargets };
}
