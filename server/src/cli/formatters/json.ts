import { countBySeverity, portablePath, type Report } from '../report';

/** Machine-readable report; positions are 1-based, columns in UTF-16 code units, ends exclusive. */
export function formatJson(report: Report, options: { version: string }): string {
  const counts = countBySeverity(report.files);
  const json = {
    version: options.version,
    files: report.files.map((result) => ({
      path: portablePath(report.cwd, result.file),
      findings: result.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        line: finding.span.start.line + 1,
        column: finding.span.start.character + 1,
        endLine: finding.span.end.line + 1,
        endColumn: finding.span.end.character + 1,
        fixes: finding.fixes.map((fix) => ({ title: fix.title, isPreferred: fix.isPreferred })),
        evidence: finding.evidence,
      })),
    })),
    summary: {
      files: report.files.length,
      findings: counts.error + counts.warning + counts.information + counts.hint,
      bySeverity: counts,
    },
  };
  return JSON.stringify(json, null, 2) + '\n';
}
