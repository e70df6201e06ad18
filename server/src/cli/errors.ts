/**
 * A failure the user can act on (bad option, missing path, malformed config, unwritable output):
 * exit code 2 and a single `spark-advisor: …` line on stderr, never a stack trace.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Node's fs error codes in words, for one-line messages. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
