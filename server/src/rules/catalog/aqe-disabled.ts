import { configBoolean, configSpan, inLocalSession } from '../../model/configs';
import { usesStreams } from '../../model/streaming';
import type { ConfigSetting, SparkModel, Span } from '../../model/types';
import type { FixSyntax } from '../fixSyntax';
import { replaceSpan } from '../fixSyntax';
import { BOTH_LANGUAGES, type Fix, type Rule } from '../types';

const AQE = 'spark.sql.adaptive.enabled';

/** Sets the value to true in the style it was written: a boolean stays a boolean, a string keeps its quotes. */
function enableFix(setting: ConfigSetting, syntax: FixSyntax): Fix[] {
  const span = setting.valueSpan;
  if (!span || setting.via === 'sql-set') return [];
  let edit;
  if (typeof setting.value === 'boolean') {
    edit = replaceSpan(span, syntax.booleanLiteral(true));
  } else if (span.start.line === span.end.line && span.end.character - span.start.character === String(setting.value).length + 2) {
    // A plain quoted string: replace only the text between the quotes.
    edit = replaceSpan({ start: { line: span.start.line, character: span.start.character + 1 }, end: { line: span.end.line, character: span.end.character - 1 } }, 'true');
  } else {
    edit = replaceSpan(span, syntax.stringLiteral('true'));
  }
  return [{ title: `Set ${AQE} to true`, edits: [edit], isPreferred: true }];
}

const before = (a: Span['start'], b: Span['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Switched off and on again with no job in between (around an `explain()` to see a plan without
 * adaptive nodes): no query runs without AQE.
 */
function switchedBackBeforeAnyJob(setting: ConfigSetting, model: SparkModel): boolean {
  const later = model.configs
    .filter((s) => s.key === AQE && before(setting.span.start, s.span.start))
    .sort((a, b) => (before(a.span.start, b.span.start) ? -1 : 1))[0];
  if (!later || configBoolean(later) !== true) return false;
  const between = (span: Span) => before(setting.span.start, span.start) && before(span.start, later.span.start);
  return ![...model.actions, ...model.writes].some((site) => between(site.step.span));
}

export const aqeDisabled: Rule = {
  id: 'aqe-disabled',
  defaultSeverity: 'warning',
  summary: 'Adaptive query execution is switched off.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, syntax, report }) {
    // AQE does not apply to streaming queries; a local session is a test or a local tool.
    if (usesStreams(model)) return;
    for (const setting of model.configs) {
      if (setting.key !== AQE || configBoolean(setting) !== false) continue;
      if (inLocalSession(setting, model.configs) || switchedBackBeforeAnyJob(setting, model)) continue;
      report({
        span: configSpan(setting),
        message: `\`${AQE}\` is set to false: Adaptive Query Execution (on by default since Spark 3.2) no longer coalesces small shuffle partitions, switches joins to broadcast at runtime or splits skewed partitions, so every query runs on its planning-time estimates. Remove the setting or set it to true; switch off only the one AQE feature that causes trouble.`,
        fixes: enableFix(setting, syntax),
      });
    }
  },
};
