/** Every committed example log, in the order the README lists them. */
import { cleanJobs } from './cleanJobs';
import { dailyOrdersEtl } from './dailyOrdersEtl';
import { dailyRevenueJob } from './dailyRevenueJob';
import type { ExampleLog } from './example';
import { marketingReport } from './marketingReport';
import { sessionizeClickstream } from './sessionizeClickstream';
import { userSessionsJob } from './userSessionsJob';

export type { ExampleLog, Highlight } from './example';

export const EXAMPLE_LOGS: ExampleLog[] = [...dailyOrdersEtl, ...sessionizeClickstream, ...marketingReport, ...dailyRevenueJob, ...userSessionsJob, ...cleanJobs];
