import { configNumber, configSpan } from '../../model/configs';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const broadcastThresholdDisabled: Rule = {
  id: 'broadcast-threshold-disabled',
  defaultSeverity: 'warning',
  summary: 'spark.sql.autoBroadcastJoinThreshold = -1 turns every join into a sort-merge join.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    for (const setting of model.configs) {
      if (setting.key !== 'spark.sql.autoBroadcastJoinThreshold') continue;
      const threshold = configNumber(setting);
      if (threshold === undefined || threshold >= 0) continue;
      report({
        span: configSpan(setting),
        message: `\`spark.sql.autoBroadcastJoinThreshold\` is set to ${threshold}, which switches off automatic broadcast joins (and AQE's runtime conversion, which uses the same threshold): every join without a hint shuffles and sorts both sides, even against a tiny lookup table. Remove the setting or use a size the driver can afford (e.g. "64MB"), and hint or fix statistics for the one join that caused trouble.`,
      });
    }
  },
};
