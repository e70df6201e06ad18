import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { PARTIAL_ANALYSIS } from '../engine/fileAnalyzer';
import { twoLineMessage } from '../rules/headline';
import { listedEvidence } from '../rules/listedEvidence';
import type { Finding, Severity } from '../rules/types';
import type { Span } from '../syntax/ast';
import { ruleDocumentationLink } from '../../../shared/protocol';

export const DIAGNOSTIC_SOURCE = 'spark-advisor';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const evidence = listedEvidence(finding).map((e) => `\n${e.run}: ${e.summary}`).join('');
  return {
    range: finding.span,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    // Opens the rule's page rendered and read-only in the editor (not the installed Markdown file).
    codeDescription: { href: ruleDocumentationLink(finding.ruleId) },
    message: twoLineMessage(finding.message) + evidence,
    relatedInformation: finding.related.map((related) => ({ location: { uri, range: related.span }, message: related.message })),
  };
}

/** At the first syntax error (its first line only: an error node can span half the file). */
export function partialAnalysisDiagnostic(syntaxError: Span): Diagnostic {
  const end = syntaxError.end.line === syntaxError.start.line ? syntaxError.end : syntaxError.start;
  return { range: { start: syntaxError.start, end }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: PARTIAL_ANALYSIS.code, message: PARTIAL_ANALYSIS.message };
}

export function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
