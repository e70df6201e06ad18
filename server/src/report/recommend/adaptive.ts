/**
 * Adaptive query execution: switched off (or off by default before Spark 3.2) while stages ran
 * tiny shuffle tasks AQE would have coalesced, or skewed joins its skew-join handling splits.
 */
import { adaptiveStages, shuffledJoinOf } from '../effects/change';
import { andMore, capitalise, candidate, figuresOf, stageName, type Candidate, type RecommendContext } from './context';
import { parseBoolean, settingOf, versionAtLeast } from './settings';

const AQE = 'spark.sql.adaptive.enabled';
const SKEW_JOIN = 'spark.sql.adaptive.skewJoin.enabled';

export function recommendAdaptive(context: RecommendContext): Candidate[] {
  // Spark 2's adaptive execution was a different, experimental feature: only advise 3.0 and later.
  if (versionAtLeast(context.app, 3, 0) === false) return [];
  const aqeSetting = settingOf(context.app, AQE);
  const aqe = parseBoolean(aqeSetting) ?? versionAtLeast(context.app, 3, 2) ?? true;
  const skewJoinSetting = settingOf(context.app, SKEW_JOIN);
  const skewJoin = parseBoolean(skewJoinSetting) ?? true;

  const { skewedJoins, tinyShuffles } = adaptiveStages(context.judged);
  const recommendations: Candidate[] = [];

  if (!aqe && (skewedJoins.length > 0 || tinyShuffles.length > 0)) {
    const evidence: string[] = [];
    if (tinyShuffles.length > 0) {
      const worst = tinyShuffles[0]!;
      evidence.push(`${stageName(worst.stage)} ran ${figuresOf(worst.verdict.evidence.summary).replace(/; about .*$/, '')}${andMore(tinyShuffles.length)}, which AQE coalesces into fewer, larger partitions`);
    }
    if (skewedJoins.length > 0) {
      const worst = skewedJoins[0]!;
      evidence.push(`${stageName(worst.stage)} (a ${shuffledJoinOf(worst)}) had ${figuresOf(worst.verdict.evidence.summary)}${andMore(skewedJoins.length)}, which AQE's skew join splits`);
    }
    const off = aqeSetting === undefined ? `AQE was off (Spark ${context.app.sparkVersion}'s default)` : `AQE was off (${AQE} ${aqeSetting})`;
    const reason = `${off} while ${evidence.join(', and ')}.`;
    recommendations.push(candidate(context, AQE, aqeSetting, 'true', reason, (tinyShuffles[0] ?? skewedJoins[0])!.stage));
  }

  // With AQE on and skew join at its default, a remaining skew is beyond these two switches.
  if (skewedJoins.length > 0 && (!skewJoin || (!aqe && skewJoinSetting === undefined))) {
    const worst = skewedJoins[0]!;
    const reason = `${capitalise(stageName(worst.stage))} (a ${shuffledJoinOf(worst)}) had ${figuresOf(worst.verdict.evidence.summary)}${andMore(skewedJoins.length)} with ${skewJoin ? 'AQE off' : `${SKEW_JOIN} ${skewJoinSetting}`}: skew join splits the oversized partitions of a shuffled join.`;
    recommendations.push(candidate(context, SKEW_JOIN, skewJoinSetting, 'true', reason, worst.stage));
  }
  return recommendations;
}
