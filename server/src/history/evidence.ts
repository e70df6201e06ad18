/**
 * The seam between rules and the history of past runs. Rules ask "what happened when this code
 * ran?" through this interface and never see the store behind it. Until event logs are imported
 * the answer is always "nothing measured".
 */
import type { Span } from '../syntax/ast';

export interface MeasuredEvidence {
  /** Which run the figures come from, e.g. "daily_etl (2026-11-02)". */
  run: string;
  /** e.g. "stage 14: max task 412 s vs median 9 s over 200 tasks". */
  summary: string;
  /** Named figures for machines (SARIF properties, JSON output). */
  figures: Record<string, number>;
}

export interface EvidenceQuery {
  /** Workspace-relative or absolute path of the source file. */
  file: string;
  span: Span;
  /** The kind of Spark work expected there: "join", "cache", "action", "stage". */
  operation: string;
}

export interface EvidenceProvider {
  evidenceFor(query: EvidenceQuery): MeasuredEvidence[];
  /** Changes whenever the answers may change (new runs imported), so cached findings are not reused. */
  version(): string;
}

export const NO_EVIDENCE: EvidenceProvider = {
  evidenceFor: () => [],
  version: () => 'none',
};
