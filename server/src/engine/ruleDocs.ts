import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let docsRoot: string | undefined;

/** `docs/rules/` ships with the extension and the CLI; find it from wherever this code runs. */
function rulesDocsDirectory(): string | undefined {
  if (docsRoot !== undefined) return docsRoot || undefined;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return (docsRoot = candidate);
    if (path.dirname(dir) === dir) break;
  }
  docsRoot = '';
  return undefined;
}

/** A link to the rule's page: the shipped Markdown file (works offline, opens in the editor). */
export function ruleDocUri(ruleId: string): string {
  const dir = rulesDocsDirectory();
  const file = dir ? path.join(dir, `${ruleId}.md`) : path.resolve('docs', 'rules', `${ruleId}.md`);
  return pathToFileURL(file).toString();
}

/**
 * The rule's page itself, for places that cannot follow a local link: SARIF uploaded to a code
 * scanning service shows `help.markdown` next to each result.
 */
export function ruleDocMarkdown(ruleId: string): string | undefined {
  const dir = rulesDocsDirectory();
  if (!dir) return undefined;
  try {
    return fs.readFileSync(path.join(dir, `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
