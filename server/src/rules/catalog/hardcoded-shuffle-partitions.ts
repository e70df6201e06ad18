import { configBoolean, configNumber, configSpan } from '../../model/configs';
import { BOTH_LANGUAGES, type Rule } from '../types';

export const hardcodedShufflePartitions: Rule = {
  id: 'hardcoded-shuffle-partitions',
  defaultSeverity: 'information',
  summary: 'spark.sql.shuffle.partitions is fixed while AQE is not enabled.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    // With AQE on, the number is only the upper bound AQE coalesces from.
    if (model.configs.some((s) => s.key === 'spark.sql.adaptive.enabled' && configBoolean(s) === true)) return;
    for (const setting of model.configs) {
      if (setting.key !== 'spark.sql.shuffle.partitions') continue;
      const partitions = configNumber(setting);
      if (partitions === undefined) continue;
      report({
        span: configSpan(setting),
        message: `\`spark.sql.shuffle.partitions\` is fixed at ${partitions} and this file does not enable AQE: without it every shuffle of every query gets exactly ${partitions} partitions, too many tiny tasks for small data and huge spilling tasks for large data. Enable spark.sql.adaptive.enabled so AQE coalesces partitions from this upper bound, or derive the number from the input size.`,
      });
    }
  },
};
