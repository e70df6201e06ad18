import { configBoolean, configNumber, configSpan, inLocalSession } from '../../model/configs';
import { usesStreams } from '../../model/streaming';
import { BOTH_LANGUAGES, type Rule, type Severity } from '../types';

/** Spark's default: below it a fixed number caps every shuffle's parallelism, AQE or not. */
const DEFAULT_PARTITIONS = 200;
/** At most this many is a deliberate choice for small data or a local run. */
const TINY = 8;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const hardcodedShufflePartitions: Rule = {
  id: 'hardcoded-shuffle-partitions',
  defaultSeverity: 'information',
  summary: 'spark.sql.shuffle.partitions is fixed while AQE is not enabled.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    const aqe = model.configs.filter((s) => s.key === 'spark.sql.adaptive.enabled').map(configBoolean);
    // With AQE on, the number is only the upper bound AQE coalesces from.
    if (aqe.includes(true)) return;
    // AQE does not apply to streaming queries, and a stateful query keeps the number in its checkpoint.
    const streaming = usesStreams(model);
    const aqeOff = aqe.includes(false);
    for (const setting of model.configs) {
      if (setting.key !== 'spark.sql.shuffle.partitions' || inLocalSession(setting, model.configs)) continue;
      const partitions = configNumber(setting);
      if (partitions === undefined) continue;
      const fixed = `\`spark.sql.shuffle.partitions\` is fixed at ${partitions}`;
      let message: string;
      let atMost: Severity | undefined;
      if (streaming) {
        if (partitions <= DEFAULT_PARTITIONS) continue;
        message = `${fixed} in a streaming job: AQE does not apply to streaming queries, so every shuffle of every micro-batch runs ${partitions} tasks, most of them nearly empty, and a stateful query keeps ${partitions} state-store partitions. Size it to a small multiple of the cluster's cores before the query first runs: its checkpoint fixes the number afterwards.`;
      } else if (aqeOff) {
        const misfit = partitions < DEFAULT_PARTITIONS ? 'big shuffles run as a few huge tasks that spill' : 'small shuffles run as many tiny tasks and write as many tiny files';
        message = `${fixed} and this file switches AQE off: every shuffle of every query gets exactly ${plural(partitions, 'partition')}, so ${misfit}. Enable spark.sql.adaptive.enabled so AQE sizes the partitions from this upper bound, or derive the number from the input size.`;
      } else if (partitions < DEFAULT_PARTITIONS) {
        atMost = partitions <= TINY ? 'hint' : undefined;
        message = `${fixed}: every shuffle has at most ${plural(partitions, 'partition')}, even with AQE (on by default since Spark 3.2, it merges partitions but never adds any), so a large join or aggregation runs as ${plural(partitions, 'big task')} that spill. That suits small data only; for larger inputs leave the default or set a generous number and let AQE coalesce.`;
      } else {
        atMost = 'hint';
        message = `${fixed} and this file does not set AQE: on Spark 3.2+ AQE is on by default and coalesces from this upper bound, so the number matters only where AQE is off (Spark 3.0/3.1, or a cluster default). There every shuffle gets exactly ${partitions} partitions, many tiny tasks for small data. Set spark.sql.adaptive.enabled to true to make the intent explicit.`;
      }
      report({ span: configSpan(setting), message, atMost });
    }
  },
};
