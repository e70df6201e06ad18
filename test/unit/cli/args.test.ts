import * as assert from 'assert';
import { parseArgs } from '../../../server/src/cli/args';
import { CliError } from '../../../server/src/cli/errors';

function usageError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('cli: argument parsing', () => {
  it('parses check with defaults', () => {
    assert.deepStrictEqual(parseArgs(['check', 'src', 'jobs/a.py']), {
      kind: 'check',
      options: { paths: ['src', 'jobs/a.py'], format: 'text', output: undefined, config: undefined, maxWarnings: undefined, quiet: false, includeHints: false, db: undefined, verbose: false, threads: undefined, cache: undefined },
    });
  });

  it('parses every check option, in both spellings, anywhere on the line', () => {
    const command = parseArgs(['--format=sarif', 'check', 'src', '-o', 'out/r.sarif', '--config', 'c.json', '--max-warnings', '3', '--quiet', '--include-hints', '--verbose', '--threads', '3']);
    assert.deepStrictEqual(command, {
      kind: 'check',
      options: { paths: ['src'], format: 'sarif', output: 'out/r.sarif', config: 'c.json', maxWarnings: 3, quiet: true, includeHints: true, db: undefined, verbose: true, threads: 3, cache: undefined },
    });
    const short = parseArgs(['check', '-f', 'json', '-c', 'x.json', 'a.py']);
    assert.strictEqual(short.kind === 'check' && short.options.format, 'json');
  });

  it('turns the cache on with --cache (default location) or --cache-location, never with --db', () => {
    const cacheOf = (argv: string[]) => {
      const command = parseArgs(argv);
      return command.kind === 'check' ? command.options.cache : 'not check';
    };
    assert.strictEqual(cacheOf(['check', 'src', '--cache']), '');
    assert.strictEqual(cacheOf(['check', 'src', '--cache-location', 'c.bin']), 'c.bin');
    assert.strictEqual(cacheOf(['check', 'src', '--cache', '--cache-location=c.bin']), 'c.bin');
    assert.match(usageError(['check', 'src', '--cache', '--db', 'h.sqlite']), /--cache does not apply with --db/);
    assert.match(usageError(['check', 'src', '--cache-location', 'c.bin', '--db', 'h.sqlite']), /--cache does not apply with --db/);
    assert.match(usageError(['report', '--db', 'h.sqlite', '--cache']), /--cache does not apply to report/);
  });

  it('parses import and report with the history store', () => {
    assert.deepStrictEqual(parseArgs(['import', 'logs/', 'http://shs:18080', '--db', 'h.sqlite']), { kind: 'import', options: { sources: ['logs/', 'http://shs:18080'], db: 'h.sqlite', quiet: false } });
    assert.deepStrictEqual(parseArgs(['report', '--db=h.sqlite', '--app', 'a-1', '--app', 'a-2', '-o', 'r.json']), { kind: 'report', options: { db: 'h.sqlite', format: 'json', output: 'r.json', apps: ['a-1', 'a-2'], config: undefined } });
    const check = parseArgs(['check', 'src', '--db', 'h.sqlite']);
    assert.strictEqual(check.kind === 'check' && check.options.db, 'h.sqlite');
  });

  it('treats everything after -- as paths', () => {
    const command = parseArgs(['check', '--', '--weird-name.py']);
    assert.deepStrictEqual(command.kind === 'check' && command.options.paths, ['--weird-name.py']);
  });

  it('answers --help and --version before anything else', () => {
    assert.deepStrictEqual(parseArgs(['--help']), { kind: 'help' });
    assert.deepStrictEqual(parseArgs(['check', '-h']), { kind: 'help' });
    assert.deepStrictEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepStrictEqual(parseArgs(['-v']), { kind: 'version' });
    assert.deepStrictEqual(parseArgs(['rules']), { kind: 'rules' });
  });

  it('refuses malformed command lines with one clear line', () => {
    assert.match(usageError(['check', '--bogus', 'x']), /^unknown option --bogus \(see spark-advisor --help\)$/);
    assert.match(usageError([]), /missing command/);
    assert.match(usageError(['lint', 'x']), /unknown command "lint"/);
    assert.match(usageError(['check']), /at least one file or folder/);
    assert.match(usageError(['check', 'x', '--format', 'xml']), /unknown format "xml" \(expected text, json, sarif\)/);
    assert.match(usageError(['check', 'x', '--format']), /option --format needs a value/);
    assert.match(usageError(['check', 'x', '--max-warnings', '-1']), /--max-warnings needs a whole number/);
    assert.match(usageError(['check', 'x', '--max-warnings', 'many']), /--max-warnings needs a whole number/);
    assert.match(usageError(['check', 'x', '--threads', '0']), /--threads needs a whole number >= 1, not "0"/);
    assert.match(usageError(['check', 'x', '--threads', 'all']), /--threads needs a whole number >= 1/);
    assert.match(usageError(['import', 'logs', '--db', 'h.sqlite', '--verbose']), /--verbose does not apply to import/);
    assert.match(usageError(['check', 'x', '--quiet=yes']), /--quiet takes no value/);
    assert.match(usageError(['rules', 'extra']), /unexpected argument "extra"/);
    assert.match(usageError(['rules', '--format', 'json']), /option --format does not apply to rules/);
    assert.match(usageError(['import', 'logs']), /import needs --db <file>/);
    assert.match(usageError(['import', '--db', 'h.sqlite']), /import needs at least one event log/);
    assert.match(usageError(['import', 'logs', '--db', 'h.sqlite', '--format', 'json']), /--format does not apply to import/);
    assert.match(usageError(['report']), /report needs --db <file>/);
    assert.match(usageError(['report', '--db', 'h.sqlite', '--format', 'sarif']), /unknown report format "sarif" \(expected json, text, md, html\)/);
    assert.ok(!usageError(['check', '--constructor']).includes('undefined'));
  });
});
