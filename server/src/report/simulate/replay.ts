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
 * The two heaps a phase replay uses, kept between replays (a report replays thousands of phases;
 * allocating them each time kept the garbage collector busy). A replay never runs inside another.
 */
const scratch: MinHeap[] = [];

function scratchHeap(which: number, capacity: number): MinHeap {
  let heap = scratch[which];
  if (!heap || heap.capacity < capacity) scratch[which] = heap = new MinHeap(Math.max(capacity, 64));
  heap.clear();
  return heap;
}

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
  const releases = scratchHeap(0, stages.length);
  // Runnable stages with tasks not yet started, in FIFO order.
  const runnable: number[] = [];
  // Running tasks by end time; the value is the stage index.
  const running = scratchHeap(1, Math.min(totalTasks, Math.max(0, ...stepSlots)));
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

/**
 * The same phase when no task ever waits for a slot: each stage starts once the stages it waits for
 * are done and its delay has passed, and lasts its slowest task (`slowest`, one per stage); a stage
 * without tasks ends as it starts. What replayPhase gives with as many slots as tasks, without the heap.
 */
export function replayUnlimited(phase: Phase, slowest: ArrayLike<number>, spans?: { start: Float64Array; finish: Float64Array }): number {
  const finish = new Float64Array(phase.stages.length);
  let end = 0;
  // Predecessors always come earlier in the phase (runModel.ts), so one pass in order settles every stage.
  phase.stages.forEach((stage, index) => {
    let ready = 0;
    for (const p of stage.predecessors) ready = Math.max(ready, finish[p]!);
    const start = stage.predecessors.length > 0 ? ready + stage.delayMs : stage.delayMs;
    finish[index] = start + (stage.taskDurations.length > 0 ? slowest[index]! : 0);
    if (spans) {
      spans.start[index] = start;
      spans.finish[index] = finish[index]!;
    }
    end = Math.max(end, finish[index]!);
  });
  return end;
}

let endTimes = new Float64Array(1024);

/**
 * A phase of one stage on a constant number of slots (most phases): its tasks in index order, each
 * on the slot that frees first, as replayPhase hands them out, with a bare heap of end times. The
 * stage starts after its delay; returns when its last task ends.
 */
export function replaySingleStage(durations: ArrayLike<number>, slots: number, delayMs: number): number {
  const n = durations.length;
  const m = Math.min(slots, n);
  let end = delayMs;
  if (m >= n) {
    for (let i = 0; i < n; i++) end = Math.max(end, delayMs + durations[i]!);
    return end;
  }
  if (endTimes.length < m) endTimes = new Float64Array(m);
  const heap = endTimes;
  for (let i = 0; i < m; i++) heap[i] = delayMs + durations[i]!;
  // Floyd's heapify, then each next task takes the earliest end as its start.
  for (let i = (m >> 1) - 1; i >= 0; i--) siftDown(heap, m, i, heap[i]!);
  for (let i = m; i < n; i++) siftDown(heap, m, 0, heap[0]! + durations[i]!);
  for (let i = 0; i < m; i++) end = Math.max(end, heap[i]!);
  return end;
}

function siftDown(heap: Float64Array, size: number, from: number, key: number): void {
  let parent = from;
  for (;;) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= key) break;
    heap[parent] = heap[child]!;
    parent = child;
  }
  heap[parent] = key;
}
