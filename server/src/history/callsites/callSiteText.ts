/**
 * Call sites as Spark writes them: "collect at /app/job.py:40" (stage names, RDD call sites, job
 * property callSite.short, SQL descriptions) and stack frames "com.acme.Job$.main(Job.scala:42)"
 * (Stage Info "Details", SQL execution details).
 */
import type { CallSite, CallSiteLanguage } from './types';
import { isInternalCallSite, isInternalClass } from './internal';

/** "<operation> at <path>:<line>"; the path may hold spaces or a drive letter's colon, so the line is the last ":digits". */
const SHORT_FORM = /^(\S+) at (.+):(\d+)$/;
/** A JVM frame: optional "at ", optional class-loader/module prefix ("java.base/", "app//"), Class.method(File:line). */
const JVM_FRAME = /^\s*(?:at\s+)?(\S+?)\(([^()]*)\)\s*$/;
/** A Python traceback frame: File "/app/job.py", line 40, in main */
const PYTHON_FRAME = /^\s*File "(.+)", line (\d+)(?:, in (.+?))?\s*$/;
/** Names Python and the Scala REPL give to code that has no file. */
const PYTHON_PSEUDO_FILE = /^<(?:stdin|string|ipython-input-[^>]*)>$/;

export function languageOfPath(filePath: string): CallSiteLanguage {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.py') || PYTHON_PSEUDO_FILE.test(filePath)) return 'python';
  if (lower.endsWith('.scala') || lower.endsWith('.sc') || filePath === '<console>') return 'scala';
  if (lower.endsWith('.java')) return 'java';
  return 'unknown';
}

/** Whether the "file" is a name Python or the Scala shell gives to code typed or piped in. */
export function isPseudoFile(filePath: string): boolean {
  return /^<[^<>]+>$/.test(filePath.trim());
}

/**
 * "collect at /app/generate_events.py:40" → { operation: 'collect', path, line: 40 }. Internal sites
 * ("$anonfun$x$1 at FutureTask.java:266") are returned too: filtering is `isInternalCallSite`'s job.
 * Anything else (SQL text as a description, a site without a line) → undefined.
 */
export function parseCallSite(text: string): CallSite | undefined {
  const match = SHORT_FORM.exec(text.trim());
  if (!match) return undefined;
  const [, operation, rawPath, line] = match;
  const path = rawPath!.trim();
  if (path === '') return undefined;
  return { path, line: Number(line), operation, language: languageOfPath(path) };
}

/** One frame of a stack, internal or not; undefined for a line that is not a frame or has no line number. */
export function parseStackFrame(text: string): CallSite | undefined {
  const python = PYTHON_FRAME.exec(text);
  if (python) {
    const [, path, line, functionName] = python;
    return { path: path!, line: Number(line), language: 'python', ...(functionName ? { functionName } : {}) };
  }
  const jvm = JVM_FRAME.exec(text);
  if (!jvm) return undefined;
  const qualified = jvm[1]!.slice(jvm[1]!.lastIndexOf('/') + 1);
  const location = /^(.*):(\d+)$/.exec(jvm[2]!.trim());
  if (!location || qualified === '') return undefined; // "Native Method", "Unknown Source", "Job.scala" (no line)
  const path = location[1]!.trim();
  const language = languageOfPath(path);
  const packageHint = packageOf(qualified);
  return { path, line: Number(location[2]), functionName: qualified, language, ...(packageHint ? { packageHint } : {}) };
}

/** 'com.acme.etl.DailyJob$.main' → 'com/acme/etl'; none for a class without package or a REPL wrapper ($line15.$read). */
function packageOf(functionName: string): string | undefined {
  const className = functionName.slice(0, Math.max(0, functionName.lastIndexOf('.')));
  const packageName = className.slice(0, Math.max(0, className.lastIndexOf('.')));
  if (packageName === '' || packageName.startsWith('$')) return undefined;
  return packageName.split('.').join('/');
}

/** Every frame of a stack, internal ones included, innermost first. */
export function parseAllStackFrames(details: string): CallSite[] {
  return details
    .split(/\r?\n/)
    .map(parseStackFrame)
    .filter((frame): frame is CallSite => frame !== undefined);
}

/**
 * The user's frames of a stack (Stage Info "Details", SQL execution details), innermost first:
 * frames of Spark, the JDK, Scala, py4j and Databricks, frames without a line, and reflection or
 * thread-pool plumbing are dropped. Of the Scala shell's wrapper frames ($line15.$read$$iw…) only the
 * innermost is kept: the rest are the REPL's nesting, not lines the user wrote.
 */
export function parseStackFrames(details: string): CallSite[] {
  const frames: CallSite[] = [];
  let replFrameSeen = false;
  for (const frame of parseAllStackFrames(details)) {
    if (frame.functionName !== undefined && isInternalClass(frame.functionName)) continue;
    if (isInternalCallSite(frame)) continue;
    if (frame.functionName?.startsWith('$line')) {
      if (replFrameSeen) continue;
      replFrameSeen = true;
    }
    frames.push(frame);
  }
  return frames;
}
