/** The report page's script and stylesheet, inlined into standalone HTML: beside the bundle (dist/), or in the repo's dist/. */
import * as fs from 'fs';
import * as path from 'path';

export function webviewAssets(): { script: string; style: string } {
  for (const folder of [__dirname, path.resolve(__dirname, '../../../../dist'), path.resolve(__dirname, '../../../../../dist')]) {
    const script = path.join(folder, 'webview.js');
    const style = path.join(folder, 'webview.css');
    if (fs.existsSync(script) && fs.existsSync(style)) return { script: fs.readFileSync(script, 'utf8'), style: fs.readFileSync(style, 'utf8') };
  }
  throw new Error('the report page assets (webview.js, webview.css) are missing: run npm run build');
}
