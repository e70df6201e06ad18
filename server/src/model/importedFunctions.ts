/**
 * Functions of other files of the workspace, as a file's model sees them: what the workspace index
 * (engine/workspace/) resolved the file's imports to. The model applies an imported function's
 * summary at a call site exactly as it applies one of the file's own; it never sees other files.
 */
import type { FunctionSummary } from './summaries';
import type { RemoteParameterCacheCall } from './parameterCaches';
import type { Span } from '../syntax/ast';

export interface ImportedFunction {
  /** The parameters a caller fills, in order (`self`/`cls` left out). */
  parameters: readonly string[];
  /** Its annotation or its `return`s say it hands back a DataFrame. */
  returnsFrame: boolean;
  /**
   * What it does when `frameParameters` hold DataFrames (sorted); undefined when the index cannot
   * say (too many files deep, a cycle, a file it cannot read). Summaries are plain data, equal by `fingerprint`.
   */
  summary(frameParameters: readonly string[]): FunctionSummary | undefined;
  /** Where it is defined: its file, and its name there (`load`, `Lookups.load`, `Reporter#report`). */
  origin?: FunctionOrigin;
}

export interface FunctionOrigin {
  file: string;
  name: string;
}

export interface ImportedFunctions {
  /** The function of another file a call's callee reaches (`load_lookup`, `lookups.load_lookup`, `Helpers.load`), if any. */
  resolve(callee: string): ImportedFunction | undefined;
  /** The method of another file's class (not an object) called on an object of it the code constructs (`new Reporter().report(df)`). */
  resolveInstanceMethod?(className: string, method: string): ImportedFunction | undefined;
  /**
   * The calls in other files of the workspace of the file's function defined at `functionSpan`,
   * with what each does with the DataFrame the function caches in place after the call
   * (parameterCaches.ts): [] when no other file calls it, undefined when one call cannot be followed.
   */
  callersOf?(functionSpan: Span): RemoteParameterCacheCall[] | undefined;
}

/** Files with no imports of workspace code (and every build without a workspace index). */
export const NO_IMPORTED_FUNCTIONS: ImportedFunctions = { resolve: () => undefined };
