import { lineageSteps } from '../../model/flow';
import { sparkFunctionCalls } from '../../model/functionCalls';
import { GENERATORS, generatorIn, type GeneratorUse } from '../../model/generators';
import { SHUFFLE_OPERATIONS } from '../../model/sparkApi';
import type { ChainStep, FrameValue } from '../../model/types';
import { stepRange } from '../spans';
import { BOTH_LANGUAGES, type Rule } from '../types';

/**
 * An earlier explode still multiplying the rows at `later`: no aggregation or join between, and the
 * later one does not explode something the earlier one (or one in between) produced.
 */
function independentEarlier(uses: GeneratorUse[], index: number, lineage: ChainStep[]): GeneratorUse | undefined {
  const later = uses[index]!;
  if (!later.input) return undefined;
  for (let i = index - 1; i >= 0; i--) {
    const earlier = uses[i]!;
    // An unknown output (inline's fields) may be what the later one explodes.
    if (!earlier.outputs || earlier.outputs.includes(later.input)) return undefined;
    const between = lineage.slice(lineage.indexOf(earlier.step) + 1, lineage.indexOf(later.step));
    if (between.some((s) => SHUFFLE_OPERATIONS.has(s.name) || s.name === 'union' || s.name === 'unionByName')) return undefined;
    return earlier.input ? earlier : undefined;
  }
  return undefined;
}

export const multipleExplode: Rule = {
  id: 'multiple-explode',
  defaultSeverity: 'information',
  summary: 'Two explodes of independent arrays on the same rows produce every combination of their elements (rows multiply).',
  languages: BOTH_LANGUAGES,
  scope: 'file',
  check({ model, report }) {
    // Following every lineage is only worth it in a file that calls a generator at all.
    if (sparkFunctionCalls(model, GENERATORS).length === 0) return;
    const reported = new Set<ChainStep>();
    // Chains whose result is kept nowhere the model follows (`df.withColumn(…explode…).withColumn(…explode…)` passed on, displayed, returned) multiply rows as well.
    const chainEnds: FrameValue[] = model.frameChains
      .filter((c) => c.start.kind === 'dataframe')
      .map((c) => ({ kind: 'dataframe', steps: c.chain.steps, parent: c.start, inputs: [], span: c.chain.span }));
    const values: FrameValue[] = [...model.bindings.map((b) => b.value), ...model.actions.map((a) => a.frame), ...model.writes.map((w) => w.frame), ...chainEnds];
    for (const value of values) {
      if (value.kind !== 'dataframe') continue;
      const lineage = lineageSteps(value);
      const uses = lineage.map((step) => generatorIn(step, model.imports)).filter((u): u is GeneratorUse => u !== undefined);
      uses.forEach((later, index) => {
        if (reported.has(later.step)) return;
        const earlier = independentEarlier(uses, index, lineage);
        if (!earlier) return;
        reported.add(later.step);
        const [a, b] = [earlier.column ?? earlier.input, later.column ?? later.input];
        report({
          span: stepRange(later.step),
          message: `This ${later.generator}(\`${b}\`) runs on rows that ${earlier.generator}(\`${a}\`) already multiplied (line ${earlier.step.nameSpan.start.line + 1}); and \`${b}\` is not part of what that explode produced: each input row becomes |${a}| × |${b}| rows, every combination of the two arrays. If the arrays are parallel (the i-th elements belong together), explode them once together: explode(arrays_zip(${a}, ${b})); if they are independent lists, explode each into its own DataFrame (and join on the row's key only where the combination is really needed).`,
          related: [{ span: earlier.step.nameSpan, message: 'first explode' }],
        });
      });
    }
  },
};
