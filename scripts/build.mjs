// Bundles the client, the language server, the CLI and the report page's script with esbuild, and
// copies the tree-sitter grammars (taken from the tree-sitter-python / tree-sitter-scala packages)
// into grammars/.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const watch = process.argv.includes('--watch');

mkdirSync(join(root, 'grammars'), { recursive: true });
mkdirSync(join(root, 'dist'), { recursive: true });
for (const [pkg, file] of [['tree-sitter-python', 'tree-sitter-python.wasm'], ['tree-sitter-scala', 'tree-sitter-scala.wasm']]) {
  copyFileSync(require.resolve(`${pkg}/${file}`), join(root, 'grammars', file));
}
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(root, 'dist', 'web-tree-sitter.wasm'));
// Scala highlighting without another extension: the TextMate grammar of scala/vscode-scala-syntax (MIT,
// the one Metals uses), as packaged by tm-grammars, with its licence beside it.
const tmGrammars = dirname(dirname(require.resolve('tm-grammars/grammars/scala.json')));
copyFileSync(join(tmGrammars, 'grammars', 'scala.json'), join(root, 'grammars', 'scala.tmLanguage.json'));
const notice = readFileSync(join(tmGrammars, 'NOTICE'), 'utf8');
const scalaNotice = /Files:\s+scala\.json\n[\s\S]*?(?=\n={20,}|$)/.exec(notice);
if (!scalaNotice) throw new Error('tm-grammars/NOTICE has no licence for scala.json');
writeFileSync(join(root, 'grammars', 'scala.tmLanguage.LICENSE.txt'), `The Scala TextMate grammar (scala.tmLanguage.json) comes from https://github.com/scala/vscode-scala-syntax through the tm-grammars package.\n\n${scalaNotice[0]}\n`);
// The history store's SQLite runtime, found beside the bundles like web-tree-sitter.wasm.
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), join(root, 'dist', 'sql-wasm.wasm'));
// libzstd's streaming decoder, which the zstddec package embeds (base64) in its JavaScript.
const zstddec = readFileSync(require.resolve('zstddec/stream'), 'utf8');
const libzstd = /\bconst wasm\s*=\s*["']([A-Za-z0-9+/=]+)["']/.exec(zstddec)?.[1];
if (!libzstd) throw new Error('zstddec/stream no longer embeds its WebAssembly module as `const wasm = "…"`');
writeFileSync(join(root, 'dist', 'libzstd.wasm'), Buffer.from(libzstd, 'base64'));
// The report page's stylesheet, loaded by the webview and inlined by the standalone export.
copyFileSync(join(root, 'webview', 'styles.css'), join(root, 'dist', 'webview.css'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // The bundles find web-tree-sitter.wasm, sql-wasm.wasm and libzstd.wasm beside themselves; the require.resolve fallback is for tests run from out/.
  logOverride: { 'require-resolve-not-external': 'silent' },
  // web-tree-sitter's ESM build calls createRequire(import.meta.url); in a CJS bundle import.meta is
  // empty, so give it the bundle's own URL.
  define: { 'import.meta.url': '__import_meta_url' },
  // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot resolve: take its ES modules.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The CLI's analysis threads, started by dist/cli.js from beside itself.
  { ...common, entryPoints: ['server/src/cli/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  // The report page's script: runs in the webview (or a browser for the standalone export).
  { entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning', absWorkingDir: root },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  const started = performance.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`built dist/client.js, dist/server.js, dist/cli.js, dist/analysisWorker.js, dist/webview.js and grammars/ in ${Math.round(performance.now() - started)} ms`);
}
