/**
 * History-only rules report on the line a stage was mapped to: one finding per rule and line, from
 * the worst stage of the latest run, mentioning how many other stages there showed the same. The
 * judgement itself is the verdict engine's (server/src/verdicts), attached to each stage.
 */
import type { StageRuleId, StageVerdict } from '../verdicts';
import type { StageRun } from '../history/evidence';
import { latestRunOnly } from './history';
import type { RuleContext } from './types';
import type { Span } from '../syntax/ast';

/** The actions and writes that ran stages placed on their cause elsewhere: where the run's figures were triggered. */
function sinksOf(context: RuleContext, stages: StageRun[]): Array<{ span: Span; message: string }> {
  const related: Array<{ span: Span; message: string }> = [];
  for (const stage of stages) {
    const sinkLine = stage.placement?.sinkLine;
    const span = sinkLine === undefined ? undefined : context.lineSpan(sinkLine);
    if (!span || related.some((r) => r.span.start.line === sinkLine)) continue;
    related.push({ span, message: `Stage ${stage.stageId} ran for this action or write` });
  }
  return related;
}

export function reportStages(context: RuleContext, ruleId: StageRuleId, advice: string): void {
  const byLine = new Map<number, Array<{ stage: StageRun; verdict: StageVerdict }>>();
  for (const stage of latestRunOnly(context.history.stages)) {
    const verdict = stage.verdicts[ruleId];
    // A consequence (a stage cancelled after another failed) is told under its root, not as a cause.
    if (!verdict || verdict.consequenceOf) continue;
    const list = byLine.get(stage.line) ?? [];
    list.push({ stage, verdict });
    byLine.set(stage.line, list);
  }
  for (const [line, judged] of byLine) {
    const span = context.lineSpan(line);
    if (!span) continue;
    judged.sort((a, b) => b.verdict.severity - a.verdict.severity);
    const worst = judged[0]!;
    const others = judged.length > 1 ? ` (and ${judged.length - 1} more stage${judged.length === 2 ? '' : 's'} here)` : '';
    context.report({ span, message: `${worst.verdict.message}${others}. ${worst.verdict.advice ?? advice}`, evidence: judged.slice(0, 3).map((j) => j.verdict.evidence), related: sinksOf(context, judged.map((j) => j.stage)) });
  }
}
