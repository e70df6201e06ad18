import { fileURLToPath } from 'url';

/** A file system path for a `file:` URI; undefined for other schemes (untitled, vscode-remote…). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
