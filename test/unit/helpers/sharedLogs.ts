import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './fixtures';

/** `../shared/eventlogs` beside the repo; SPARK_ADVISOR_SHARED names the shared folder (or eventlogs itself). */
export function eventLogsDir(): string {
  const override = process.env.SPARK_ADVISOR_SHARED;
  if (override) {
    const nested = path.resolve(override, 'eventlogs');
    return fs.existsSync(nested) ? nested : path.resolve(override);
  }
  return path.resolve(REPO_ROOT, '..', 'shared', 'eventlogs');
}

/** `../shared/realcode` (third-party Spark code) beside the repo, or `$SPARK_ADVISOR_SHARED/realcode`; throws when absent. */
export function realCodeDir(): string {
  const override = process.env.SPARK_ADVISOR_SHARED;
  const dir = override ? path.resolve(override, 'realcode') : path.resolve(REPO_ROOT, '..', 'shared', 'realcode');
  if (!fs.existsSync(path.join(dir, 'FILES.tsv'))) throw new Error(`the third-party code corpus is missing: no ${path.join(dir, 'FILES.tsv')} (put ../shared beside the repository or set SPARK_ADVISOR_SHARED)`);
  return dir;
}
