import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Span } from '../../syntax/ast';
import { PARTIAL_ANALYSIS } from '../../engine/fileAnalyzer';
import type { Severity } from '../../rules/types';
import { placerFor, type Placement } from '../placement';
import { lineText, partiallyAnalysed, portablePath, type Report } from '../report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'sparkAdvisorLineHash/v1';

export interface SarifRule {
  id: string;
  defaultSeverity: Severity;
  summary: string;
}

export interface SarifOptions {
  version: string;
  informationUri: string;
  /** Listed in tool.driver.rules in this order; results point into it with ruleIndex. */
  rules: readonly SarifRule[];
  helpUri(ruleId: string): string;
  /** The rule's documentation as Markdown, when it can be read. */
  helpMarkdown?(ruleId: string): string | undefined;
}

function helpOf(rule: SarifRule, options: SarifOptions): { help?: { text: string; markdown: string } } {
  const markdown = options.helpMarkdown?.(rule.id);
  return markdown ? { help: { text: rule.summary, markdown } } : {};
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * SARIF 2.1.0 for code-scanning services. Regions are 1-based; LSP's UTF-16 columns + 1 are
 * SARIF's utf16CodeUnits columns (and both end columns are exclusive). A notebook finding's region
 * is in the file as stored: for an .ipynb, the characters inside the JSON string that holds the
 * flagged code (code scanning shows files, not cells); its cell is in the result's properties.
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const results: object[] = [];
  for (const file of report.files) {
    const artifactLocation = artifactLocationFor(report.cwd, file.file);
    const fingerprintPath = portablePath(report.cwd, file.file);
    const occurrences = new Map<string, number>();
    const placer = placerFor(file);
    for (const finding of file.findings) {
      const placement = placer.place(finding.span);
      const properties = { ...cellProperties(placement), ...(finding.evidence.length === 0 ? {} : { evidence: finding.evidence }) };
      const hash = lineHash(finding.ruleId, fingerprintPath, lineText(file.text, finding.span.start.line));
      const occurrence = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, occurrence);
      const index = ruleIndex.get(finding.ruleId);
      results.push({
        ruleId: finding.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[finding.severity],
        message: { text: placer.message(finding.message) },
        locations: [{ physicalLocation: { artifactLocation, region: regionFor(placement.file) } }],
        ...(finding.related.length === 0
          ? {}
          : {
              relatedLocations: finding.related.map((related, id) => ({
                id,
                message: { text: placer.message(related.message) },
                physicalLocation: { artifactLocation, region: regionFor(placer.place(related.span).file) },
              })),
            }),
        // Identical flagged lines in one file are told apart by their order, as GitHub does.
        partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
        ...(Object.keys(properties).length === 0 ? {} : { properties }),
      });
    }
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Spark Advisor',
            version: options.version,
            informationUri: options.informationUri,
            rules: options.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: options.helpUri(rule.id),
              ...helpOf(rule, options),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : report.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.skipped.map((skipped) => ({
                level: 'warning',
                message: { text: `skipped: ${skipped.reason}` },
                locations: [{ physicalLocation: { artifactLocation: artifactLocationFor(report.cwd, skipped.file) } }],
              })),
              ...partiallyAnalysed(report).map((result) => {
                const placement = placerFor(result).place(result.syntaxError);
                const { line, character } = placement.file.start;
                return {
                  level: 'note',
                  message: { text: PARTIAL_ANALYSIS.message },
                  locations: [{ physicalLocation: { artifactLocation: artifactLocationFor(report.cwd, result.file), region: { startLine: line + 1, startColumn: character + 1 } } }],
                  ...(placement.cell ? { properties: cellProperties(placement) } : {}),
                };
              }),
            ],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A notebook finding's cell and its 1-based place in it. */
function cellProperties({ cell }: Placement): { cell?: number; cellLine?: number; cellColumn?: number } {
  return cell ? { cell: cell.index, cellLine: cell.span.start.line + 1, cellColumn: cell.span.start.character + 1 } : {};
}

function regionFor(span: Span) {
  return {
    startLine: span.start.line + 1,
    startColumn: span.start.character + 1,
    endLine: span.end.line + 1,
    endColumn: span.end.character + 1,
  };
}

/** Relative to %SRCROOT% (the cwd) when inside it, else an absolute file URI. */
export function artifactLocationFor(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(cwd, file);
  if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** Survives line shifts: only the rule, the file and the flagged line's own text go in. */
export function lineHash(ruleId: string, file: string, line: string): string {
  const normalized = line.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${ruleId}\0${file}\0${normalized}`).digest('hex').slice(0, 32);
}
