export { importEventLogs } from './importEventLogs';
export type { ImportOptions, ImportProgress, ImportReport } from './importEventLogs';
