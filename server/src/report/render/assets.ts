/** The report page's script and stylesheet (dist/webview.js, dist/webview.css), for inlining into a standalone export. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Found beside the running bundle (dist/) or, unbundled (out/…), in the repository's dist/ above
 * it; undefined when the build has not made them.
 */
export function reportPageAssets(from: string = __dirname): { script: string; style: string } | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    for (const folder of [dir, path.join(dir, 'dist')]) {
      const script = path.join(folder, 'webview.js');
      const style = path.join(folder, 'webview.css');
      if (fs.existsSync(script) && fs.existsSync(style)) return { script: fs.readFileSync(script, 'utf8'), style: fs.readFileSync(style, 'utf8') };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** "marketing-weekly-report-2026-11-09.html": the application's name and its run date (unless the name has one), file-system safe. */
export function reportFileName(summary: { name: string; startTime: number | null }, extension: string): string {
  const base = summary.name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'spark-run';
  const date = summary.startTime === null ? undefined : new Date(summary.startTime).toISOString().slice(0, 10);
  const dated = date && !/\d{4}-\d{2}-\d{2}/.test(base) ? `${base}-${date}` : base;
  return `${dated}.${extension}`;
}
