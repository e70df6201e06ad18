import { PARTIAL_ANALYSIS } from '../../engine/fileAnalyzer';
import { placerFor, type Placement } from '../placement';
import { countBySeverity, partiallyAnalysed, portablePath, type Report } from '../report';

/**
 * Machine-readable report; positions are 1-based, columns in UTF-16 code units, ends exclusive.
 * `line`/`column` are positions in the file as stored (for an .ipynb, inside the JSON string that
 * holds the code); a notebook's findings also carry their `cell` (1-based, Markdown cells counted)
 * and `cellLine`/`cellColumn` within it.
 */
export function formatJson(report: Report, options: { version: string }): string {
  const counts = countBySeverity(report.files);
  const json = {
    version: options.version,
    files: report.files.map((result) => {
      const placer = placerFor(result);
      return {
        path: portablePath(report.cwd, result.file),
        findings: result.findings.map((finding) => {
          const placement = placer.place(finding.span);
          return {
            ruleId: finding.ruleId,
            severity: finding.severity,
            message: placer.message(finding.message),
            ...spanFields(placement),
            fixes: finding.fixes.map((fix) => ({ title: fix.title, isPreferred: fix.isPreferred })),
            evidence: finding.evidence,
          };
        }),
      };
    }),
    summary: {
      files: report.files.length,
      findings: counts.error + counts.warning + counts.information + counts.hint,
      bySeverity: counts,
    },
    // Files that do not parse cleanly: their analysis is partial.
    parseErrors: partiallyAnalysed(report).map((result) => {
      const { file, cell } = placerFor(result).place(result.syntaxError);
      return {
        path: portablePath(report.cwd, result.file),
        line: file.start.line + 1,
        column: file.start.character + 1,
        ...(cell ? { cell: cell.index, cellLine: cell.span.start.line + 1, cellColumn: cell.span.start.character + 1 } : {}),
        message: PARTIAL_ANALYSIS.message,
      };
    }),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function spanFields({ file, cell }: Placement) {
  return {
    line: file.start.line + 1,
    column: file.start.character + 1,
    endLine: file.end.line + 1,
    endColumn: file.end.character + 1,
    ...(cell
      ? {
          cell: cell.index,
          cellLine: cell.span.start.line + 1,
          cellColumn: cell.span.start.character + 1,
          cellEndLine: cell.span.end.line + 1,
          cellEndColumn: cell.span.end.character + 1,
        }
      : {}),
  };
}
