import type { MeasuredEvidence } from '../history/evidence';
import { ruleById } from './registry';
import type { Finding } from './types';

/**
 * The evidence worth listing under a finding's message: a measured rule's message already quotes
 * its first (worst) stage, so only the others are listed; other findings list all of it.
 */
export function listedEvidence(finding: Finding): MeasuredEvidence[] {
  return ruleById(finding.ruleId)?.measured ? finding.evidence.slice(1) : finding.evidence;
}
