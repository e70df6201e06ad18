export { fetchHistoryServerLogs, attemptFolderName } from './fetchLogs';
export type { FetchHistoryServerLogsOptions, FetchHistoryServerLogsResult } from './fetchLogs';
export { apiRoot, HistoryServerError } from './http';
