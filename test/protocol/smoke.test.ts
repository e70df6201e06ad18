import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, useServer } from './lspClient';

describe('smoke', () => {
  const client = useServer();
  it('talks', async () => {
    const c = client();
    const uri = c.uri('jobs/literal_rows.py');
    await c.open(uri, fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/rules/missing-broadcast/literal_rows.py'), 'utf8'));
    const d = await c.diagnostics(uri);
    console.log(JSON.stringify(d, null, 1));
    console.log(JSON.stringify(await c.codeActions(uri, d[0]!.range, [d[0]!]), null, 1));
    console.log(JSON.stringify(await c.hover(uri, d[0]!.range.start), null, 1));
    console.log(JSON.stringify(c.serverRequests), JSON.stringify(c.notifications));
  });
});
