export { addImportReport, emptyImportReport, importEventLogs, ImportInterrupted, keptText } from './importEventLogs';
export type { ImportOptions, ImportProgress, ImportReport } from './importEventLogs';
