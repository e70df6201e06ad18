import { reportStages } from '../stageReport';
import { BOTH_LANGUAGES, type Rule } from '../types';

const ADVICE =
  'Executors are short of heap for what each task holds: raise spark.executor.memory, lower spark.executor.cores, avoid Python/Scala UDFs that build large objects, or cache in serialized form.';

export const gcPressure: Rule = {
  id: 'gc-pressure',
  defaultSeverity: 'information',
  summary: 'Tasks of a stage run here spent over 10% of their time in JVM garbage collection (measured).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  measured: true,
  check(context) {
    reportStages(context, 'gc-pressure', ADVICE);
  },
};
