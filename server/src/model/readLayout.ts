/**
 * What the code knows of the columns of data it reads: whether it names any of them downstream
 * (`select("id")`, `col("amount")`, `toDF("a", "b")`, `df.PDB`), or looks them up at run time
 * (`"pdbid" in df.columns`, `df.schema.fields`), which means the layout comes from the input.
 */
import { lineageSteps } from './flow';
import type { Binding, ChainStep, ReadSite, SparkModel } from './types';

/** Steps that work whatever the columns are. */
const LAYOUT_AGNOSTIC = new Set([
  'cache', 'persist', 'unpersist', 'checkpoint', 'localCheckpoint', 'repartition', 'coalesce', 'limit', 'sample', 'distinct', 'alias', 'hint',
  'count', 'show', 'collect', 'collectAsList', 'toPandas', 'take', 'head', 'first', 'isEmpty', 'printSchema', 'explain', 'write', 'writeTo',
  'createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView', 'registerTempTable', 'union', 'unionAll',
  'unionByName', 'rdd',
]);
/** Writer settings that name columns of the data (`mode`, `format`, `save` … do not). */
const WRITER_COLUMN_STEPS = new Set(['partitionBy', 'bucketBy', 'sortBy', 'clusterBy']);
/** Steps that read the layout at run time. */
const LAYOUT_LOOKUPS = new Set(['columns', 'schema', 'dtypes', 'fieldNames']);

export interface ReadLayout {
  /** A step downstream names columns of the data read. */
  namesColumns: boolean;
  /** The code looks the columns up at run time. */
  looksUpColumns: boolean;
}

export function readLayout(model: SparkModel, read: ReadSite): ReadLayout {
  const layout: ReadLayout = { namesColumns: false, looksUpColumns: false };
  const note = (steps: readonly ChainStep[]) => {
    let writing = false;
    for (const step of steps) {
      if (LAYOUT_LOOKUPS.has(step.name)) layout.looksUpColumns = true;
      else if (writing ? WRITER_COLUMN_STEPS.has(step.name) : !LAYOUT_AGNOSTIC.has(step.name)) layout.namesColumns = true;
      if (step.name === 'write' || step.name === 'writeTo') writing = true;
    }
  };
  const terminal = read.chain.steps.indexOf(read.step);
  note(read.chain.steps.slice(terminal + 1));
  const seen = new Set<Binding>();
  const follow = (binding: Binding) => {
    if (seen.has(binding)) return;
    seen.add(binding);
    for (const use of binding.uses) {
      const rooted = model.frameChains.find((e) => e.rootBinding === binding && e.chain.root.span === use.span);
      if (rooted) note(rooted.chain.steps);
      if (use.derived) follow(use.derived);
    }
  };
  for (const binding of model.bindings) if (lineageSteps(binding.value).includes(read.step)) follow(binding);
  return layout;
}
