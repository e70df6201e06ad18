/** Call sites from event-log text, and the user call sites of each stage of an application. */
export type { CallSite, CallSiteLanguage, CallSiteOrigin, StageCallSite } from './types';
export { parseCallSite, parseStackFrames, parseStackFrame, languageOfPath, isPseudoFile } from './callSiteText';
export { isInternalCallSite } from './internal';
export { stageCallSites } from './stageCallSites';
