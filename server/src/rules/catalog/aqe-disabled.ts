import { configBoolean, configSpan } from '../../model/configs';
import type { ConfigSetting } from '../../model/types';
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

export const aqeDisabled: Rule = {
  id: 'aqe-disabled',
  defaultSeverity: 'warning',
  summary: 'Adaptive query execution is switched off.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, syntax, report }) {
    for (const setting of model.configs) {
      if (setting.key !== AQE || configBoolean(setting) !== false) continue;
      report({
        span: configSpan(setting),
        message: `\`${AQE}\` is set to false: Adaptive Query Execution (on by default since Spark 3.2) no longer coalesces small shuffle partitions, switches joins to broadcast at runtime or splits skewed partitions, so every query runs on its planning-time estimates. Remove the setting or set it to true; switch off only the one AQE feature that causes trouble.`,
        fixes: enableFix(setting, syntax),
      });
    }
  },
};
