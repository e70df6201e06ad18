/**
 * What a plan node is, read from its nodeName and simpleString as Spark 2.x–4.x (and the RAPIDS
 * `Gpu…` variants) write them.
 */
import type { PlanNodeKind } from './types';

const WRITE =
  /^(?:Gpu)?(?:Execute (?:Gpu)?(?:InsertInto\w*|\w*TableAsSelect\w*|SaveIntoDataSourceCommand|WriteIntoDelta\w*|MergeInto\w*)|AppendData\w*|OverwriteByExpression\w*|OverwritePartitionsDynamic\w*|WriteToDataSourceV2\w*|WriteToContinuousDataSource\w*|(?:Atomic)?(?:Create|Replace)TableAsSelect\w*|WriteDelta\w*|ReplaceData\w*|InsertIntoHiveTable|InsertIntoHadoopFsRelationCommand)$/;
const PYTHON_UDF =
  /^(?:BatchEvalPython|ArrowEvalPython|FlatMapGroupsInPandas|FlatMapCoGroupsInPandas|FlatMapGroupsInArrow|FlatMapCoGroupsInArrow|MapInPandas|MapInArrow|PythonMapInArrow|AggregateInPandas|WindowInPandas|FlatMapGroupsInPandasWithState)/;

/** The kind of a node kept in summaries; undefined for the others (codegen, projections, wrappers…). */
export function planNodeKind(nodeName: string): PlanNodeKind | undefined {
  const name = nodeName.trim();
  if (WRITE.test(name)) return 'write';
  if (/Join/.test(name) || /CartesianProduct/.test(name)) return 'join';
  if (/^(?:Gpu)?BroadcastExchange/.test(name)) return 'broadcast-exchange';
  if (/^(?:Gpu)?(?:Columnar|Shuffle)?Exchange\b/.test(name)) return 'exchange';
  if (/^(?:Gpu|Cpu)?(?:AQEShuffleRead|CustomShuffleReader)/.test(name)) return 'shuffle-read';
  if (/InMemoryTableScan/.test(name)) return 'cache-scan';
  if (/Scan/.test(name)) return 'scan';
  if (/^(?:Gpu)?(?:HashAggregate|SortAggregate|ObjectHashAggregate)/.test(name)) return 'aggregate';
  if (/^(?:Gpu)?Sort$/.test(name)) return 'sort';
  if (PYTHON_UDF.test(name)) return 'python-udf';
  return undefined;
}

const JOIN_TYPES = new Set(['Inner', 'Cross', 'LeftOuter', 'RightOuter', 'FullOuter', 'LeftSemi', 'LeftAnti', 'LeftSingle']);

/** "SortMergeJoin [a#1], [b#2], Inner" → "Inner"; "BroadcastNestedLoopJoin BuildRight, LeftOuter, (cond)" → "LeftOuter". */
export function joinTypeOf(nodeName: string, simpleString: string): string | undefined {
  if (/CartesianProduct/.test(nodeName)) return 'Cross';
  // Key lists and conditions may hold any word: only top-level, comma-separated arguments count.
  for (const argument of topLevelArguments(afterName(nodeName, simpleString))) {
    if (JOIN_TYPES.has(argument)) return argument;
    if (/^ExistenceJoin\(/.test(argument)) return 'ExistenceJoin';
  }
  return undefined;
}

/** The output path or table of a write command, as the plan spells it. */
export function writeTargetOf(nodeName: string, simpleString: string): string | undefined {
  const args = afterName(nodeName, simpleString).replace(/^InsertIntoHiveTable\s+/, '');
  const first = topLevelArguments(args)[0];
  if (first !== undefined && looksLikePath(first)) return first;
  const options = optionTarget(args);
  if (options) return options;
  const hiveCtas = /Database: ([^,\]]+), TableName: ([^,\]]+)/.exec(args);
  if (hiveCtas) return `${hiveCtas[1]!.trim()}.${hiveCtas[2]!.trim()}`;
  const table = /\btable=([^,)\s]+)/.exec(args);
  if (table) return tableName(table[1]!);
  return first !== undefined && looksLikeTable(first) ? tableName(first) : undefined;
}

/** The input of a scan: its table when the plan names one, else the paths of its file index. */
export function readTargetOf(simpleString: string): string | undefined {
  const jdbc = /JDBCRelation\(([^)]+)\)/.exec(simpleString);
  if (jdbc) return tableName(jdbc[1]!);
  const hive = /^Scan hive (\S+)/.exec(simpleString) ?? /HiveTableRelation \[([^,\]]+)/.exec(simpleString);
  if (hive) return tableName(hive[1]!);
  // "FileScan parquet db.t[a#1,b#2] …" or "BatchScan cat.db.t[a#1] …": a name glued to the column list.
  const named = /^(?:Gpu)?(?:FileScan|BatchScan)\s+(?:\w+\s+)?([^\s[]+)\[/.exec(simpleString);
  if (named && looksLikeTable(named[1]!) && !looksLikePath(named[1]!)) return tableName(named[1]!);
  const location = /Location: \w+(?:\(\d+ paths?\))?\[([^\]]*)\]/.exec(simpleString);
  if (location && location[1]!.trim() !== '') return location[1]!.trim();
  if (named && looksLikePath(named[1]!)) return named[1]!;
  return undefined;
}

function afterName(nodeName: string, simpleString: string): string {
  const name = nodeName.trim();
  return simpleString.startsWith(name) ? simpleString.slice(name.length).trim() : simpleString;
}

/** Splits "a, [b, c], (d, e), f" at the commas outside brackets and quotes. */
function topLevelArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '`' || c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if ((c === ']' || c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out.filter((argument) => argument !== '');
}

/** `path -> s3a://b/x` or `[path=/x, …]` in a command's options; `dbtable`/`table` when there is no path. */
function optionTarget(args: string): string | undefined {
  const path = /\bpath(?: -> |=)([^,\])]+)/.exec(args);
  if (path && !/^\*+\(redacted\)/.test(path[1]!.trim())) return path[1]!.trim();
  const table = /\b(?:dbtable|table)(?: -> |=)([^,\])]+)/i.exec(args);
  if (table && !/^\*+\(redacted\)/.test(table[1]!.trim())) return tableName(table[1]!.trim());
  return undefined;
}

function looksLikePath(text: string): boolean {
  return /^(?:[a-zA-Z][\w+.-]*:\/|\/)\S*$/.test(text);
}

function looksLikeTable(text: string): boolean {
  return /^`?[\w$-]+`?(?:\.`?[\w$-]+`?){0,3}$/.test(text.trim()) && !/^\d+$/.test(text.trim());
}

/** "`spark_catalog`.`db`.`t`" → "db.t": backticks dropped, the default session catalog left out. */
function tableName(text: string): string {
  const name = text.trim().replace(/`/g, '');
  return name.startsWith('spark_catalog.') && name.split('.').length > 2 ? name.slice('spark_catalog.'.length) : name;
}
