/**
 * What the editor does after a helper's summary changes (issue 10): the files calling into it are
 * found stale and analysed again, while a change that leaves every summary as it was re-analyses
 * nothing. Measured on a generated workspace of one helper module and its callers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeFileText } from '../../server/src/engine/fileAnalyzer';
import { DEFAULT_SETTINGS } from '../../server/src/engine/settings';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspaceIndex';
import type { SparkParsers } from '../../server/src/syntax/parser';
import { generatePySparkFile } from './generateJobs';

const SMALL_HELPER = 'def load(spark):\n    return spark.createDataFrame([("a", 1), ("b", 2)], ["k", "v"])\n';
const LARGE_HELPER = 'def load(spark):\n    return spark.read.parquet("s3://lake/lookup")\n';

function caller(index: number): string {
  const join = `\norders_${index} = spark.read.parquet("s3://lake/orders_${index}")\norders_${index}.join(load(spark), "k").write.parquet("s3://out/${index}")\n`;
  return `from lookups import load\n${generatePySparkFile(100)}${join}`;
}

export interface SummaryChangeFigures {
  callers: number;
  /** A helper edit that changes its summary: callers found stale, and the time to find and re-analyse them. */
  stale: number;
  ms: number;
  /** A helper edit that changes no summary (a comment): callers found stale, and the time. */
  unchangedStale: number;
  unchangedMs: number;
}

export function measureSummaryChange(parsers: SparkParsers, callers: number): SummaryChangeFigures {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-summary-change-'));
  try {
    const helper = path.join(root, 'lookups.py');
    fs.writeFileSync(helper, SMALL_HELPER);
    const files = Array.from({ length: callers }, (_, index) => path.join(root, `job_${index}.py`));
    files.forEach((file, index) => fs.writeFileSync(file, caller(index)));
    const workspace = new WorkspaceIndex({ roots: () => [root], parsers: () => parsers, trackDependents: true });
    const analyse = (file: string) => analyzeFileText(parsers, 'python', fs.readFileSync(file, 'utf8'), { settings: DEFAULT_SETTINGS, file, workspace });
    files.forEach(analyse);

    const reanalyseAfter = (text: string) => {
      fs.writeFileSync(helper, text);
      const started = performance.now();
      workspace.fileChanged(helper);
      const stale = workspace.staleAfterChange(helper);
      stale.forEach(analyse);
      return { stale: stale.length, ms: performance.now() - started };
    };
    const unchanged = reanalyseAfter(`# lookups of the jobs\n\n${SMALL_HELPER}`);
    const changed = reanalyseAfter(LARGE_HELPER);
    return { callers, stale: changed.stale, ms: changed.ms, unchangedStale: unchanged.stale, unchangedMs: unchanged.ms };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
