// The end-to-end tests edit documents and workspace settings: give them a private copy of examples/.
import { cpSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { root } from './setup.mjs';

export function copyExamplesWorkspace() {
  const folder = join(mkdtempSync(join(tmpdir(), 'spark-advisor-e2e-')), 'examples');
  cpSync(join(root, 'examples'), folder, { recursive: true });
  return folder;
}

export const e2eSuite = join(root, 'out', 'test', 'e2e', 'suite', 'index');
