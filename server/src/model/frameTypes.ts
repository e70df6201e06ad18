import type { Expr, FunctionStmt, Stmt } from '../syntax/ast';
import { isChainExpression, toChain } from './chains';
import { DATAFRAME_TRANSFORMATIONS, SESSION_FRAME_SOURCES, SPARK_ONLY_METHODS } from './sparkApi';
import type { FrameKind } from './types';

/** The Spark kind a type annotation names (`DataFrame`, `Dataset[Row]`, `RDD[String]`, `SparkSession`). */
export function frameTypeOf(type: string | undefined): FrameKind | undefined {
  if (!type) return undefined;
  const bare = type.replace(/["'\s]/g, '');
  if (/^(pyspark\.sql\.)?(DataFrame|Dataset(\[.*\])?)$/.test(bare) || /^(Optional\[)?DataFrame\]?$/.test(bare)) return 'dataframe';
  if (/^(pyspark\.)?RDD(\[.*\])?$/.test(bare)) return 'rdd';
  if (/^SparkSession$/.test(bare)) return 'session';
  if (/^SparkContext$/.test(bare)) return 'context';
  return undefined;
}

/** Whether a function's calls produce a DataFrame: by its annotation, or by what it returns. */
export function functionReturnsFrame(fn: FunctionStmt): boolean {
  const annotated = frameTypeOf(fn.returnType);
  if (annotated) return annotated === 'dataframe' || annotated === 'rdd';
  return returnsFrameExpression(fn.body);
}

function returnsFrameExpression(statements: Stmt[]): boolean {
  for (const statement of statements) {
    if (statement.kind === 'return' && statement.value && looksLikeFrame(statement.value)) return true;
    if (statement.kind === 'if' && (returnsFrameExpression(statement.then) || returnsFrameExpression(statement.otherwise))) return true;
  }
  return false;
}

function looksLikeFrame(expr: Expr): boolean {
  if (!isChainExpression(expr)) return false;
  const chain = toChain(expr);
  const last = chain.steps.at(-1);
  if (!last) return false;
  return SPARK_ONLY_METHODS.has(last.name) || (DATAFRAME_TRANSFORMATIONS.has(last.name) && chain.steps.some((s) => SPARK_ONLY_METHODS.has(s.name) || SESSION_FRAME_SOURCES.has(s.name) || s.name === 'read'));
}
