/**
 * The data flow, enforced: every relative import of the server, client and webview sources
 * (TypeScript's own pre-processor finds them, type-only imports and re-exports included) is checked
 * against the rules in layers.ts. A violation names the file, the import and the rule.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../helpers/fixtures';
import { IMPORT_RULES, PART_IMPORTS } from './layers';

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) found.push(full);
    }
  };
  walk(path.join(REPO_ROOT, folder));
  return found;
}

/** Repository-relative paths (forward slashes) of the files a source file imports. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.relative(REPO_ROOT, path.resolve(path.dirname(file), name)).split(path.sep).join('/'));
}

const relative = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

/** A path is under a prefix ("server/src/verdicts/"), or is that folder's index import ("server/src/verdicts"). */
const under = (target: string, prefix: string) => target.startsWith(prefix) || (prefix.endsWith('/') && target === prefix.slice(0, -1));

/** What is wrong with `from` importing `targets` (repository-relative paths), one sentence each. */
export function judge(from: string, targets: readonly string[]): string[] {
  const found: string[] = [];
  for (const target of targets) {
    for (const rule of IMPORT_RULES) {
      if (from.startsWith(rule.from) && rule.mayNotImport.some((prefix) => under(target, prefix))) found.push(`${from} imports ${target}: ${rule.why}`);
    }
    const part = Object.keys(PART_IMPORTS).find((prefix) => from.startsWith(prefix));
    const targetPart = Object.keys(PART_IMPORTS).find((prefix) => target.startsWith(prefix));
    if (part && targetPart && targetPart !== part && !PART_IMPORTS[part]!.includes(targetPart)) {
      const allowed = PART_IMPORTS[part]!;
      found.push(`${from} imports ${target}: ${part} may import ${allowed.length > 0 ? `only ${allowed.join(', ')}` : 'nothing of client/, server/ or webview/'} (shared/ is the one protocol module)`);
    }
  }
  return found;
}

describe('architecture: imports follow the data flow', () => {
  it('server, client and webview sources break no layer rule', () => {
    const files = [...sourceFiles('server/src'), ...sourceFiles('client/src'), ...sourceFiles('webview/src'), ...sourceFiles('shared')];
    assert.ok(files.length > 200, `${files.length} source files`);
    assert.deepStrictEqual(files.flatMap((file) => judge(relative(file), importsOf(file))), []);
  });

  it('catches a rule that imports the store, history that imports a rule, a client or webview that imports the server, and shared code that imports any side', () => {
    const planted = (file: string, source: string) => judge(file, ts.preProcessFile(source, true, true).importedFiles.map((i) => path.posix.normalize(path.posix.join(path.posix.dirname(file), i.fileName))));
    assert.strictEqual(planted('server/src/rules/catalog/bad.ts', "import { HistoryStore } from '../../history/store';").length, 1);
    assert.strictEqual(planted('server/src/rules/catalog/bad.ts', "export type { StageSummary } from '../../history/eventlog/types';").length, 1);
    assert.strictEqual(planted('server/src/history/bad.ts', "import type { Rule } from '../rules/types';").length, 1);
    assert.strictEqual(planted('server/src/report/bad.ts', "import { run } from '../cli/run';").length, 1);
    assert.match(planted('client/src/bad.ts', "import { renderText } from '../../server/src/report/render';")[0]!, /client\/ may import only shared\//);
    assert.match(planted('webview/src/bad.ts', "import type { ReportModel } from '../../server/src/report/types';")[0]!, /webview\/ may import only shared\//);
    assert.strictEqual(planted('shared/bad.ts', "import { mightUseSpark } from '../server/src/engine/languages';").length, 1);
    assert.strictEqual(planted('shared/bad.ts', "import type { LanguageClient } from '../client/src/extension';").length, 1);
    assert.strictEqual(planted('server/src/lsp/bad.ts', "import { ReportPanels } from '../../../client/src/reportPanel';").length, 1);
    assert.deepStrictEqual(planted('client/src/good.ts', "import { ReportPageRequest } from '../../shared/protocol';"), []);
    assert.deepStrictEqual(planted('webview/src/good.ts', "import type { ReportWebviewMessage } from '../../shared/reportWebviewMessages';"), []);
    assert.deepStrictEqual(planted('server/src/lsp/good.ts', "import { Commands } from '../../../shared/protocol';"), []);
    assert.deepStrictEqual(planted('server/src/rules/catalog/good.ts', "import type { StageRun } from '../../history/evidence';\nimport { isBroadcastCandidate } from '../../verdicts';"), []);
  });
});
