/**
 * The workspace index as the editor keeps it: open documents' text over the disk's, edits and disk
 * events invalidate what was read from a file, and once typing pauses the files whose imported
 * summaries now read differently are reported, so their diagnostics can be pulled again. A
 * keystroke costs a map update; a file's summaries are worked out again only when another open
 * file's analysis or the check after a pause needs them.
 */
import { pathToFileURL } from 'url';
import { WorkspaceIndex } from '../engine/workspace/workspaceIndex';
import type { SparkParsers } from '../syntax/parser';

/** How long typing must pause before the files that import the edited one are checked. */
export const DEPENDENTS_CHECK_DELAY_MS = 300;

export class EditorWorkspaceIndex {
  readonly index: WorkspaceIndex;
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    parsers: SparkParsers,
    roots: () => readonly string[],
    openText: (uri: string) => string | undefined,
    private readonly onStale: (files: string[]) => void,
    private readonly delayMs = DEPENDENTS_CHECK_DELAY_MS,
  ) {
    this.index = new WorkspaceIndex({ roots, parsers: () => parsers, openText: (file) => openText(pathToFileURL(file).toString()), trackDependents: true });
    // Once the workspace folders are known (they are set right after this): reading a large Scala
    // workspace's package headers must not count against the first Scala file's analysis time.
    this.warmUp = setTimeout(() => this.index.prepare(), 0);
  }

  private readonly warmUp: NodeJS.Timeout;

  /** An open document's text changed, or a file changed on disk (`existence`: it was created or deleted). */
  fileChanged(file: string, existence = false): void {
    this.index.fileChanged(file, existence);
    this.changed.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkDependents(), this.delayMs);
  }

  closed(file: string): void {
    this.index.forget(file);
  }

  dispose(): void {
    clearTimeout(this.warmUp);
    if (this.timer) clearTimeout(this.timer);
  }

  private checkDependents(): void {
    this.timer = undefined;
    const stale = new Set<string>();
    for (const file of this.changed) for (const dependent of this.index.staleAfterChange(file)) stale.add(dependent);
    this.changed.clear();
    if (stale.size > 0) this.onStale([...stale]);
  }
}
