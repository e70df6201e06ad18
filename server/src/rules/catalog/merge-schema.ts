import { configBoolean, configSpan } from '../../model/configs';
import { isTrueOption } from '../../model/readers';
import { readLayout } from '../../model/readLayout';
import { BOTH_LANGUAGES, type Rule } from '../types';

/** Formats whose reader merges the schemas of all files when asked: Parquet (also the default source) and ORC. */
const MERGING_FORMATS = new Set(['parquet', 'orc', 'load']);
const MERGE_SETTINGS = new Set(['spark.sql.parquet.mergeSchema', 'spark.sql.orc.mergeSchema']);

const COST = 'Spark then opens the footer of every data file (in a separate job) and merges their schemas before the query is even planned, on every read; with thousands of files that is minutes of listing and footer reads.';
const REMEDY = 'Read with an explicit schema (.schema(...)) that includes the added columns, or keep the data in a table format that tracks its schema (Delta, Iceberg, a Hive table), and merge schemas only in the one-off job that needs it.';

export const mergeSchema: Rule = {
  id: 'merge-schema',
  defaultSeverity: 'information',
  summary: 'mergeSchema on a Parquet/ORC read (or spark.sql.parquet.mergeSchema=true) reads every file footer on every read.',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    for (const read of model.reads) {
      const option = read.options.get('mergeschema');
      // With a schema given, nothing is inferred and the option is ignored.
      if (!option || !isTrueOption(option.value) || read.hasSchema) continue;
      if (read.format && !MERGING_FORMATS.has(read.format.toLowerCase())) continue;
      // Only code that names the columns it uses has a schema to write down; code that discovers them
      // from the data (`for c in df.columns`) or hands the DataFrame on merges to find the evolving columns.
      // A read on a line of its own is created and dropped: the merge (which runs when the read is created) is all it does.
      const format = read.format && read.format !== 'load' ? `${read.format.toUpperCase()} ` : '';
      if (read.discarded) {
        report({
          span: option.span,
          message: `This ${format}read sets mergeSchema and nothing keeps the DataFrame it creates: ${COST} Here that work is all the statement does; drop the read, or if it is meant to check the files, read them with an explicit schema (.schema(...)) where they are used.`,
        });
        continue;
      }
      const layout = readLayout(model, read);
      if (layout.looksUpColumns || !layout.namesColumns) continue;
      report({ span: option.span, message: `This ${format}read sets mergeSchema: ${COST} ${REMEDY}` });
    }
    for (const setting of model.configs) {
      if (!MERGE_SETTINGS.has(setting.key) || configBoolean(setting) !== true) continue;
      report({
        span: configSpan(setting),
        message: `\`${setting.key}\` = true makes every ${setting.key.includes('orc') ? 'ORC' : 'Parquet'} read of this session merge schemas: ${COST} ${REMEDY}`,
      });
    }
  },
};
