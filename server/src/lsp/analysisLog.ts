/**
 * The output channel's account of analyses: one line per burst of analyses (a keystroke re-analyses
 * one file; opening a folder, several), with each file's findings and time, so the log says what the
 * server did without a line per keystroke.
 */
import * as path from 'path';

const QUIET_MS = 750;

export class AnalysisLog {
  private pending: Array<{ uri: string; findings: number; durationMs: number }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly write: (line: string) => void) {}

  analysed(uri: string, findings: number, durationMs: number): void {
    const same = this.pending.findIndex((entry) => entry.uri === uri);
    if (same >= 0) this.pending.splice(same, 1);
    this.pending.push({ uri, findings, durationMs });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    if (this.pending.length === 0) return;
    const total = this.pending.reduce((sum, entry) => sum + entry.durationMs, 0);
    const files = this.pending.map((entry) => `${path.basename(decodeURIComponent(entry.uri))} (${entry.findings} finding${entry.findings === 1 ? '' : 's'}, ${entry.durationMs.toFixed(1)} ms)`);
    this.write(`Analysed ${this.pending.length} file${this.pending.length === 1 ? '' : 's'} in ${total.toFixed(1)} ms: ${files.join(', ')}`);
    this.pending = [];
  }
}
