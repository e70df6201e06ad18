import { argument } from '../../model/chains';
import { lookupJoinOf } from '../../model/lookupReads';
import { readLayout } from '../../model/readLayout';
import { isTrueOption } from '../../model/readers';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Formats whose files carry their schema: Spark ignores inferSchema there. */
const SELF_DESCRIBING = new Set(['parquet', 'orc', 'delta', 'avro', 'table', 'jdbc']);

export const inferSchema: Rule = {
  id: 'infer-schema',
  defaultSeverity: 'information',
  summary: 'inferSchema reads the input an extra time to guess the schema.',
  languages: BOTH_LANGUAGES,
  check({ model, report }) {
    for (const read of model.reads) {
      const option = read.options.get('inferschema');
      if (!option || !isTrueOption(option.value) || read.hasSchema) continue;
      if (read.format && SELF_DESCRIBING.has(read.format.toLowerCase())) continue;
      // A reader whose columns come from the input: no schema can be written in the code.
      const layout = readLayout(model, read);
      if (layout.looksUpColumns) continue;
      if (read.pathFromCaller && !layout.namesColumns) continue;
      const format = read.format ? `${read.format.toUpperCase()} ` : '';
      const path = argument(read.step, 0, 'path');
      const of = path?.kind === 'literal' && typeof path.value === 'string' ? ` of "${path.value}"` : '';
      const lookup = lookupJoinOf(model, read);
      const extraPass = lookup
        ? `Spark reads it an extra time to guess the column types, but it is only joined in as a lookup table (line ${lookup.step.span.start.line + 1}), usually a small fraction of the job's data, so that pass costs little; the guessed types can still change from one run to the next.`
        : 'Spark first reads the whole input once just to guess the column types, then reads it again for the query, and the guessed types can change from one run to the next.';
      report({
        span: option.span,
        message: `This ${format}read${of} sets inferSchema without a schema: ${extraPass} Pass an explicit schema with .schema(...) (a StructType or a DDL string such as "id BIGINT, name STRING").`,
        ...(lookup ? { atMost: 'hint' as const } : {}),
      });
    }
  },
};
