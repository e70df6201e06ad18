/** The one-paragraph outcome of an import, shown by the editor and printed by the CLI. */
import { formatCount } from '../common/format';
import type { ImportReport } from './import';
import type { HistoryService } from './service';
import type { ImportResult } from '../../../shared/protocol';

/** Errors and warnings listed one per line; the rest are counted in the summary. */
const DETAILS_SHOWN = 50;

export function resultMessage(report: ImportReport, service: HistoryService): ImportResult {
  const mapping = service.provider.mappingReport();
  const parts = [
    `${formatCount(report.applications)} application${report.applications === 1 ? '' : 's'} imported from ${formatCount(report.sources - report.unchanged)} log${report.sources - report.unchanged === 1 ? '' : 's'}`,
    `${formatCount(report.stages)} stages, ${formatCount(report.tasks)} tasks`,
  ];
  if (report.unchanged > 0) parts.push(`${formatCount(report.unchanged)} unchanged`);
  const warnings = report.warnings.length + report.warningsDropped;
  if (warnings > 0) parts.push(`${formatCount(warnings)} warning${warnings === 1 ? '' : 's'}`);
  if (report.errors.length > 0) parts.push(`${formatCount(report.errors.length)} error${report.errors.length === 1 ? '' : 's'}`);
  parts.push(`${formatCount(mapping.mapped)} stages mapped to code`);
  if (mapping.unresolved.length > 0) parts.push(`${formatCount(mapping.unresolved.length)} call-site file${mapping.unresolved.length === 1 ? '' : 's'} not in the workspace`);
  const details = [
    ...report.errors.map((e) => `${e.file}: ${e.message}`),
    ...report.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`),
    ...mapping.ambiguous.map((a) => `call site ${a.path} matches several files (${a.candidates.join(', ')}); pin one in sparkAdvisor.callSitePins`),
    ...mapping.unresolved.slice(0, 10).map((path) => `call site ${path} matches no workspace file`),
  ];
  const notShown = Math.max(0, details.length - DETAILS_SHOWN) + report.warningsDropped;
  const shown = details.slice(0, DETAILS_SHOWN);
  if (notShown > 0) shown.push(`… and ${formatCount(notShown)} more not shown`);
  return { summary: `${parts.join('; ')}.`, details: shown, applications: report.applications, errors: report.errors.length };
}
