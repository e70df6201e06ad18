export { HistoryStore } from './historyStore';
export type { HistoryStoreOptions } from './historyStore';
export type { ReplaceResult, StoredApplication, StoredCallSite, StoredPrediction, StoredSource, StoredSourceInfo } from './types';
export { SCHEMA_VERSION } from './schema';
