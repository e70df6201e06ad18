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
