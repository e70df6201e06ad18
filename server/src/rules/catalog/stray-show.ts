import { behindDebugSwitch } from '../../model/debugGuards';
import { shuffleSinceLastCache } from '../../model/flow';
import { derivedPerPart, type FunctionContribution } from '../../model/functionReuse';
import { usesStreams } from '../../model/streaming';
import type { ChainStep, FrameValue, LoopContext } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

type PrintSite = { step: ChainStep; frame: FrameValue; loops: LoopContext[] };
const showsPerPart = new WeakMap<FunctionContribution, readonly PrintSite[]>();
const displaysPerPart = new WeakMap<FunctionContribution, readonly PrintSite[]>();

/** Methods that print a DataFrame's first rows: a Spark job whose result goes only to the driver's stdout. */
const PRINTING = new Set(['show', 'display']);

export const strayShow: Rule = {
  id: 'stray-show',
  defaultSeverity: 'information',
  summary: 'show()/display() left in a batch job that writes its results: a Spark job whose output only reaches the driver log.',
  languages: BOTH_LANGUAGES,
  // Whether the file is a batch job is decided by its writes, anywhere in the file.
  scope: 'file',
  check({ model, notebook, report }) {
    // A notebook's printed tables are its output; a file that writes nothing may be a report whose output is what it shows; a stream cannot be shown.
    if (notebook || model.writes.length === 0 || usesStreams(model)) return;
    // Per function, remembered while it is unchanged: a keystroke looks again only at what it changed.
    const sites = [
      ...derivedPerPart(model, 'actions', showsPerPart, (actions) => actions.filter((a) => a.name === 'show').map((a) => ({ step: a.step, frame: a.frame, loops: a.loops }))),
      // Databricks' `df.display()`: the steps before it are part of what it computes.
      ...derivedPerPart(model, 'frameChains', displaysPerPart, (chains) =>
        chains.flatMap((c) => {
          const step = c.chain.steps.at(-1);
          if (step?.name !== 'display' || step.args === undefined) return [];
          const frame: FrameValue = { kind: c.start.kind, steps: c.chain.steps.slice(0, -1), parent: c.start, inputs: [], span: c.chain.span };
          return [{ step, frame, loops: c.loops }];
        }),
      ),
    ];
    for (const { step, frame, loops } of sites) {
      if (!PRINTING.has(step.name) || frame.kind !== 'dataframe' || behindDebugSwitch(model.statements, step.span)) continue;
      const shuffles = shuffleSinceLastCache(frame);
      const inLoop = loops.length > 0 ? ', once per iteration of the loop around it' : '';
      const cost = shuffles
        ? 'Its lineage has a join, aggregation or sort, so the job runs all of that work again before printing 20 rows.'
        : 'Without a shuffle in its lineage it reads only the first partitions it needs, so it costs little, but it is still a job and a scan.';
      report({
        span: stepRange(step),
        message: `${step.name}() in a batch job runs a Spark job only to print rows to the driver's log${inLoop}: nobody reads them on a cluster. ${cost} Remove it, or put it behind a debug flag; to record the result, log a figure computed in the job's own aggregation.`,
        atMost: shuffles ? 'information' : 'hint',
      });
    }
  },
};
