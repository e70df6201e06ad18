import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A temporary workspace holding `files` (relative path → text); the caller removes it. */
export function workspaceWith(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spark-advisor-index-')));
  for (const [relative, text] of Object.entries(files)) writeInto(root, relative, text);
  return root;
}

/** Writes `text` to `relative` below `root`, making its folders. */
export function writeInto(root: string, relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
