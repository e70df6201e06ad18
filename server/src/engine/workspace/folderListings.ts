/**
 * Whether files and folders exist, answered from one listing per folder: resolving a run's imports
 * probes the same folders again and again, and most probes lie in folders that do not exist
 * (`pyspark/sql/functions/` below every ancestor of every file). A folder its parent's listing does
 * not name is never listed at all, which spares a failing system call, and its error, per probe.
 */
import * as fs from 'fs';
import * as path from 'path';

const NO_NAMES: ReadonlySet<string> = new Set();

export class FolderListings {
  /** Folder → the names in it (null: it cannot be listed). */
  private readonly listings = new Map<string, ReadonlySet<string> | null>();

  /**
   * `trustParents`: files do not change while these listings live (a CLI run), so a folder its
   * parent's listing does not name does not exist. In the editor a folder may appear without an
   * event the listings hear of, and only the folder's own listing tells.
   */
  constructor(private readonly trustParents = true) {}

  /** Whether `file` (a file or a folder) exists. */
  readonly exists = (file: string): boolean => this.namesIn(path.dirname(file))?.has(path.basename(file)) ?? false;

  /** Files were created or deleted. */
  clear(): void {
    this.listings.clear();
  }

  private namesIn(folder: string): ReadonlySet<string> | null {
    const known = this.listings.get(folder);
    if (known !== undefined) return known;
    const parent = path.dirname(folder);
    let names: ReadonlySet<string> | null;
    if (this.trustParents && parent !== folder && this.namesIn(parent)?.has(path.basename(folder)) === false) names = NO_NAMES;
    else {
      try {
        names = new Set(fs.readdirSync(folder));
      } catch {
        names = null;
      }
    }
    this.listings.set(folder, names);
    return names;
  }
}
