/** Findings grouped CRITICAL / WARNING / INFO, each with its measured evidence and a way to the code. */
import { escapeHtml } from '../escape';
import type { ReportFinding, ReportSeverity } from '../../types';
import { codeLocation, section } from './markup';

/** Named as the editor names its diagnostics (Error, Warning, Information), so a finding reads the same in both. */
export const SEVERITIES: readonly { severity: ReportSeverity; heading: string; badge: string; none: string }[] = [
  { severity: 'critical', heading: 'Errors', badge: 'ERROR', none: 'No errors.' },
  { severity: 'warning', heading: 'Warnings', badge: 'WARNING', none: 'No warnings.' },
  { severity: 'info', heading: 'Information', badge: 'INFORMATION', none: 'No informational findings.' },
];

/** Evidence that only repeats the headline ("stage 7: max task 437 s…" under "stage 7 of run: max task 437 s…") is left out. */
function addsToMessage(evidence: { summary: string }, message: string): boolean {
  const figures = evidence.summary.replace(/^stage \d+(?: attempt \d+)?: /, '');
  return !message.includes(figures);
}

function subject(finding: ReportFinding): string {
  const parts = [finding.stageId !== undefined ? `stage ${finding.stageId}` : '', finding.executionId !== undefined ? `SQL execution ${finding.executionId}` : ''].filter(Boolean);
  return parts.join(', ');
}

function findingHtml(finding: ReportFinding, badge: string): string {
  const about = subject(finding);
  const listed = finding.evidence.filter((e) => addsToMessage(e, finding.message));
  const evidence =
    listed.length > 0
      ? `<ul class="evidence" aria-label="Evidence">${listed.map((e) => `<li><span class="evidence-run">${escapeHtml(e.run)}</span>: ${escapeHtml(e.summary)}</li>`).join('')}</ul>`
      : '';
  const improvement = finding.expectedImprovement ? `<p class="improvement"><strong>Expected improvement:</strong> ${escapeHtml(finding.expectedImprovement)}</p>` : '';
  const location = finding.location ? `<p class="finding-location">${codeLocation(finding.location, about || finding.ruleId)}</p>` : '';
  return (
    `<article class="finding finding-${finding.severity}">` +
    `<p class="finding-head"><span class="badge badge-${finding.severity}">${badge}</span> <code class="rule-id">${escapeHtml(finding.ruleId)}</code>${about ? ` <span class="subject">${escapeHtml(about)}</span>` : ''}</p>` +
    `<p class="message">${escapeHtml(finding.message)}</p>${evidence}${improvement}${location}</article>`
  );
}

export function findingsSection(findings: readonly ReportFinding[]): string {
  const groups = SEVERITIES.map(({ severity, heading, badge, none }) => {
    const members = findings.filter((f) => f.severity === severity);
    const body = members.length > 0 ? members.map((f) => findingHtml(f, badge)).join('') : `<p class="none">${escapeHtml(none)}</p>`;
    return `<div class="severity-group severity-${severity}"><h3><span class="badge badge-${severity}">${badge}</span> ${escapeHtml(heading)} (${members.length})</h3>${body}</div>`;
  }).join('');
  const counts = SEVERITIES.map(({ severity, badge }) => `<span class="count count-${severity}">${findings.filter((f) => f.severity === severity).length} ${badge.toLowerCase()}</span>`).join(' ');
  return section('findings', 'Findings', groups, `<span class="summary-note">${counts}</span>`);
}
