import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

/**
 * The entry point @vscode/test-electron and our code-server harness both call inside the
 * extension host. `SPARK_ADVISOR_E2E_SPEC` picks the spec file (the installed-VSIX check uses its own).
 */
export function run(): Promise<void> {
  // The extension host forwards console output without printf formatting: format it here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  // SPARK_ADVISOR_E2E_GREP runs only the matching tests (while working on them).
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec', ...(process.env.SPARK_ADVISOR_E2E_GREP ? { grep: process.env.SPARK_ADVISOR_E2E_GREP } : {}) });
  mocha.addFile(path.join(__dirname, process.env.SPARK_ADVISOR_E2E_SPEC ?? 'extension.e2e.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
