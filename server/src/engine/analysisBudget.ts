/**
 * A time budget for the whole analysis of one document (parse, lowering, model, rules), not only
 * the parse: a huge file must not keep the server from answering everything else. Only the time the
 * phases themselves take counts, not the time spent answering other requests between them.
 */
export type AnalysisPhase = 'parse' | 'lowering' | 'model' | 'rules';

const PHASE_NAMES: Record<AnalysisPhase, string> = {
  parse: 'parsing',
  lowering: 'reading the syntax tree',
  model: 'building the Spark model',
  rules: 'running the rules',
};

export class AnalysisBudgetExceeded extends Error {
  constructor(
    readonly budgetMs: number,
    readonly phase: AnalysisPhase,
  ) {
    super(`its analysis took longer than ${budgetMs / 1000} s (stopped while ${PHASE_NAMES[phase]})`);
  }
}

/** How often `check` reads the clock: it is called per statement and per rule. */
const CHECK_EVERY = 64;

export class AnalysisBudget {
  private usedMs = 0;
  private phaseStart = 0;
  private uncountedAtPhaseStart = 0;
  private phase: AnalysisPhase = 'parse';
  private calls = 0;

  /**
   * `uncountedMs` reads a clock of work done meanwhile that is not this document's: reading the
   * workspace files it calls into. That work is kept for later analyses, so charging it to this
   * one would only throw it away and blame the wrong file.
   */
  constructor(
    readonly budgetMs: number,
    private readonly uncountedMs: () => number = () => 0,
  ) {}

  /** Starts timing a phase; the time since the previous phase ended is not counted. */
  begin(phase: AnalysisPhase): void {
    this.phase = phase;
    this.phaseStart = performance.now();
    this.uncountedAtPhaseStart = this.uncountedMs();
  }

  /** Stops timing the current phase (call before yielding to other work). */
  end(): void {
    this.usedMs += this.phaseMs();
  }

  /** Milliseconds left for the current phase. */
  remainingMs(): number {
    return this.budgetMs - this.usedMs - this.phaseMs();
  }

  private phaseMs(): number {
    return performance.now() - this.phaseStart - (this.uncountedMs() - this.uncountedAtPhaseStart);
  }

  /** Throws AnalysisBudgetExceeded once the budget is spent (cheap: reads the clock now and then). */
  check(): void {
    if (++this.calls % CHECK_EVERY !== 0) return;
    if (this.remainingMs() < 0) throw this.exceeded();
  }

  exceeded(): AnalysisBudgetExceeded {
    return new AnalysisBudgetExceeded(this.budgetMs, this.phase);
  }
}
