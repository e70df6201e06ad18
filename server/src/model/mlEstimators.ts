/**
 * Spark ML estimators and the models they fit (`pyspark.ml`, `org.apache.spark.ml`): what the
 * model needs to know to follow DataFrames through `als.fit(df)`, `Pipeline(...).fit(df)`,
 * `model.transform(df)`, `model.userFactors`, `model.summary.predictions`.
 *
 * An estimator's `fit` reads its input many times (ALS, logistic regression and k-means iterate
 * over it; a pipeline fits each stage in turn): a cache before a fit is the reason to cache, and
 * the fit keeps none of the input once it returns. What it hands back is a fitted model, not a
 * DataFrame; the model's factor tables, frequent item sets and training summaries are DataFrames
 * of their own, and `transform(df)` derives a new DataFrame from its argument.
 */
import type { Span, Stmt } from '../syntax/ast';
import { walkStatements } from '../syntax/walk';
import { sameSpan } from '../syntax/spans';
import type { Binding, FunctionImports, Use } from './types';
import { ITERATIVE_FIT_METHODS } from './sparkApi';

/** The packages whose `fit` fits a Spark ML estimator (SynapseML builds on Spark ML). */
const ML_PACKAGES = ['pyspark.ml', 'org.apache.spark.ml', 'synapse.ml', 'com.microsoft.azure.synapse.ml', 'mmlspark'];

/** Methods of an estimator (or pipeline) that fit it to a DataFrame and hand back a fitted model. */
export const ESTIMATOR_FITS = new Set(['fit']);

/** Members of a fitted model that are DataFrames of their own (not derived from an argument). */
const MODEL_FRAME_MEMBERS = new Set([
  'userFactors', 'itemFactors', // ALSModel
  'freqItemsets', 'associationRules', // FPGrowthModel
  'gaussiansDF', // GaussianMixtureModel
]);

/** Methods of a fitted model that return a DataFrame built from the model alone or with their DataFrame arguments. */
const MODEL_FRAME_METHODS = new Set([
  'transform', // every Model: derives a new DataFrame from its argument
  'recommendForAllUsers', 'recommendForAllItems', 'recommendForUserSubset', 'recommendForItemSubset', // ALSModel
  'describeTopics', // LDAModel
  'approxSimilarityJoin', 'approxNearestNeighbors', // LSH models
]);

/** Members of a training or evaluation summary that are DataFrames. */
const SUMMARY_FRAME_MEMBERS = new Set([
  'predictions', 'residuals', 'roc', 'pr', 'fMeasureByThreshold', 'precisionByThreshold', 'recallByThreshold', 'cluster',
]);

/** The origin a model value carries: an estimator, the model it fits, or a summary of it (whose members differ). */
export const ESTIMATOR = 'estimator';
export const FITTED_MODEL = 'fitted model';
export const MODEL_SUMMARY = 'model summary';

/** What a step applied to an estimator, a fitted model or a summary gives. */
export type ModelStep =
  | { kind: 'model'; origin: string } // a fitted model, or a summary of one
  | { kind: 'dataframe'; fromArguments: boolean } // a DataFrame: the model's own table, or one derived from the arguments
  | undefined;

/** The file imports Spark ML (or a library built on it): a `fit` there is an estimator's fit. */
export function importsSparkMl(imports: FunctionImports): boolean {
  return ML_PACKAGES.some((prefix) => imports.importsFrom(prefix));
}

/** What `name` (called or a member) on a value of `origin` (ESTIMATOR, FITTED_MODEL or MODEL_SUMMARY) hands back. */
export function modelStep(origin: string | undefined, name: string, called: boolean): ModelStep {
  if (origin === ESTIMATOR) return ESTIMATOR_FITS.has(name) && called ? { kind: 'model', origin: FITTED_MODEL } : undefined;
  if (origin === MODEL_SUMMARY) return SUMMARY_FRAME_MEMBERS.has(name) && !called ? { kind: 'dataframe', fromArguments: false } : undefined;
  if (origin !== FITTED_MODEL) return undefined;
  if ((name === 'summary' && !called) || (name === 'evaluate' && called)) return { kind: 'model', origin: MODEL_SUMMARY };
  if (MODEL_FRAME_MEMBERS.has(name) && !called) return { kind: 'dataframe', fromArguments: false };
  if (MODEL_FRAME_METHODS.has(name) && called) return { kind: 'dataframe', fromArguments: true };
  return undefined;
}

/**
 * `model.fit(df)`, `ALS(...).fit(df)`, `new LinearRegression().fit(df)`: the DataFrame at `span`
 * is the argument of an iterative estimator's fit in `statement`, which reads it many times and
 * keeps none of it.
 */
export function isFitArgumentAt(statement: Stmt, span: Span): boolean {
  let found = false;
  walkStatements([statement], {
    expression(expr) {
      if (found) return false;
      if (expr.kind === 'call' && expr.callee.kind === 'member' && ITERATIVE_FIT_METHODS.has(expr.callee.property)
        && expr.args.some((arg) => arg.value.kind === 'name' && sameSpan(arg.value.span, span))) found = true;
    },
  });
  return found;
}

/** The use hands the data to an estimator's fit, here or in the workspace function it is passed to. */
export function isFitUse(use: Use): boolean {
  return use.kind === 'iterative' || use.fittedIn !== undefined || (use.kind === 'escape' && isFitArgumentAt(use.statement, use.span));
}

/**
 * A function's parameter whose data an estimator's fit reads (directly or through names derived
 * from it), and that goes nowhere else we cannot follow: what it hands back its caller follows.
 */
export function fittedOnly(binding: Binding): boolean {
  let fits = 0;
  let other = false;
  const seen = new Set<Binding>();
  const visit = (current: Binding): void => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const use of current.uses) {
      if (isFitUse(use)) fits++;
      else if (use.kind === 'escape' && !use.returned) other = true;
      else if (use.derived) visit(use.derived);
    }
  };
  visit(binding);
  return fits > 0 && !other;
}
