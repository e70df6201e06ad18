import { configNumber, configSpan } from '../../model/configs';
import type { JoinSite } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** DataFrame joins that no hint or broadcast(...) decides: the threshold chooses how they run. */
export function joinsLeftToThreshold(joins: readonly JoinSite[]): JoinSite[] {
  return joins.filter((join) => (join.method === 'join' || join.method === 'joinWith') && join.left.kind === 'dataframe' && join.right?.kind === 'dataframe' && !join.leftBroadcast && !join.rightBroadcast);
}

export const broadcastThresholdDisabled: Rule = {
  id: 'broadcast-threshold-disabled',
  defaultSeverity: 'warning',
  summary: 'spark.sql.autoBroadcastJoinThreshold = -1 turns every join into a sort-merge join.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    // The joins are read only when the threshold is switched off: per keystroke, in most files it is not.
    let affected: JoinSite[] | undefined;
    for (const setting of model.configs) {
      if (setting.key !== 'spark.sql.autoBroadcastJoinThreshold') continue;
      const threshold = configNumber(setting);
      if (threshold === undefined || threshold >= 0) continue;
      affected ??= joinsLeftToThreshold(model.joins);
      const joins = affected.length === 0 ? '' : ` ${affected.length === 1 ? 'One join' : `${affected.length} joins`} in this file ${affected.length === 1 ? 'is' : 'are'} affected (see the related locations).`;
      report({
        span: configSpan(setting),
        message: `\`spark.sql.autoBroadcastJoinThreshold\` is set to ${threshold}, which switches off automatic broadcast joins (and AQE's runtime conversion, which uses the same threshold): every join without a hint shuffles and sorts both sides, even against a tiny lookup table.${joins} Remove the setting or use a size the driver can afford (e.g. "64MB"), and hint or fix statistics for the one join that caused trouble.`,
        related: affected.map((join) => ({ span: stepRange(join.step), message: 'shuffled on both sides unless hinted: no automatic broadcast' })),
      });
    }
  },
};
