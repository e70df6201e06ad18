import { ALL_RULES_LIST } from '../rules/registry';
import { parseArgs } from './args';
import { check } from './check';
import { importCommand } from './importCommand';
import { reportCommand } from './reportCommand';
import { CliError } from './errors';
import { formatRulesList } from './formatters/rulesList';
import { printLine, type CliIO } from './io';
import { packageInfo } from './packageInfo';
import { USAGE } from './usage';

/** Runs one command line and returns the exit code: 0 clean, 1 findings, 2 usage or internal error. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      case 'version':
        io.stdout.write(`${packageInfo().version}\n`);
        return 0;
      case 'rules':
        io.stdout.write(formatRulesList(ALL_RULES_LIST));
        return 0;
      case 'check':
        return await check(command.options, io);
      case 'import':
        return await importCommand(command.options, io);
      case 'report':
        return await reportCommand(command.options, io);
    }
  } catch (error) {
    if (error instanceof CliError) {
      printLine(io.stderr, `spark-advisor: ${error.message}`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      printLine(io.stderr, `spark-advisor: internal error: ${message.split('\n')[0]}`);
      if (io.env.SPARK_ADVISOR_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}
