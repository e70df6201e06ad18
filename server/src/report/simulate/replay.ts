/**
 * Replays one phase on a number of task slots, as Spark's FIFO scheduler would hand tasks out:
 * whenever a slot is free, the runnable stage first in FIFO order (job, then stage id) gives its
 * next task, in index order. A stage becomes runnable once the stages it waits for are done and its
 * observed delay has passed. Deterministic: same phase, same slots, same answer.
 */
import type { SlotStep } from './capacity';
import { MinHeap } from './minHeap';
import type { Phase } from './runModel';

/**
 * Wall time (ms) from the phase's start until its last task ends, with as many tasks running at
 * once as the slot steps allow (a step may be Infinity). A task that is running when the slots
 * shrink runs to its end. The last step must have slots, or the replay stops where they ran out.
 * With `spans` (arrays of one entry per stage of the phase), each stage's first task start and its
 * end (ms from the phase's start) are written there.
 */
export function replayPhase(phase: Phase, slotSteps: SlotStep[], spans?: { start: Float64Array; finish: Float64Array }): number {
  const stages = phase.stages;
  const successors: number[][] = stages.map(() => []);
  const waitingFor = stages.map((stage) => stage.predecessors.length);
  stages.forEach((stage, index) => stage.predecessors.forEach((p) => successors[p]!.push(index)));
  const unfinishedTasks = stages.map((stage) => stage.taskDurations.length);
  const nextTask = stages.map(() => 0);
  const lastPredecessorEnd = stages.map(() => 0);

  const stepAt = Float64Array.from(slotSteps, (step) => step.at);
  const stepSlots = Float64Array.from(slotSteps, (step) => step.slots);
  const totalTasks = unfinishedTasks.reduce((a, b) => a + b, 0);
  // Stages whose time to become runnable is known but not yet reached, by that time.
  const releases = new MinHeap(stages.length);
  // Runnable stages with tasks not yet started, in FIFO order.
  const runnable: number[] = [];
  // Running tasks by end time; the value is the stage index.
  const running = new MinHeap(Math.min(totalTasks, Math.max(0, ...stepSlots)));
  let clock = 0;
  let finished = 0;
  let slots = 0;
  let nextStep = 0;

  const comesBefore = (a: number, b: number) => {
    const pa = stages[a]!.priority;
    const pb = stages[b]!.priority;
    return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2] || a - b;
  };
  const finishStage = (index: number) => {
    finished++;
    if (spans) spans.finish[index] = clock;
    for (const successor of successors[index]!) {
      lastPredecessorEnd[successor] = Math.max(lastPredecessorEnd[successor]!, clock);
      if (--waitingFor[successor]! === 0) releases.push(lastPredecessorEnd[successor]! + stages[successor]!.delayMs, successor);
    }
  };
  const releaseDue = () => {
    while (releases.size > 0 && releases.peekKey() <= clock) {
      const index = releases.pop();
      if (unfinishedTasks[index] === 0) {
        if (spans) spans.start[index] = clock;
        finishStage(index);
        continue;
      }
      let at = runnable.length;
      while (at > 0 && comesBefore(index, runnable[at - 1]!) < 0) at--;
      runnable.splice(at, 0, index);
    }
  };

  stages.forEach((stage, index) => {
    if (waitingFor[index] === 0) releases.push(stage.delayMs, index);
  });
  while (finished < stages.length) {
    while (nextStep < stepAt.length && stepAt[nextStep]! <= clock) slots = stepSlots[nextStep++]!;
    if (releases.size > 0 && releases.peekKey() <= clock) releaseDue();
    // Hand out tasks while slots are free.
    while (running.size < slots && runnable.length > 0) {
      const index = runnable[0]!;
      const durations = stages[index]!.taskDurations;
      let next = nextTask[index]!;
      if (spans && next === 0) spans.start[index] = clock;
      const free = Math.min(slots - running.size, durations.length - next);
      for (let i = 0; i < free; i++) running.push(clock + durations[next++]!, index);
      nextTask[index] = next;
      if (next === durations.length) runnable.shift();
    }
    const nextRelease = releases.peekKey();
    // Slots changing only matter while some task is waiting for one.
    const nextSlotChange = nextStep < stepAt.length && runnable.length > 0 ? stepAt[nextStep]! : Number.POSITIVE_INFINITY;
    // The hot loop (once per task): while every slot is busy and nothing else happens first, the
    // slot that frees goes straight to the first runnable stage's next task. A task that ends its
    // stage leaves the loop: the stages it releases may come first in FIFO order.
    if (runnable.length > 0 && running.size === slots) {
      const index = runnable[0]!;
      const durations = stages[index]!.taskDurations;
      let next = nextTask[index]!;
      while (next < durations.length) {
        const endAt = running.peekKey();
        if (endAt >= nextRelease || endAt >= nextSlotChange || unfinishedTasks[running.peekValue()] === 1) break;
        clock = endAt;
        unfinishedTasks[running.replaceTop(clock + durations[next++]!, index)]!--;
      }
      nextTask[index] = next;
      if (next === durations.length) runnable.shift();
    }
    const nextEnd = running.peekKey();
    const next = nextEnd <= nextRelease && nextEnd <= nextSlotChange ? nextEnd : Math.min(nextRelease, nextSlotChange);
    if (next === Number.POSITIVE_INFINITY) break;
    clock = next;
    if (next === nextEnd) {
      const index = running.pop();
      if (--unfinishedTasks[index]! === 0) finishStage(index);
    }
  }
  return clock;
}
