import * as fs from 'fs';
import * as path from 'path';

export interface PackageInfo {
  version: string;
  /** The project's home page, for SARIF's tool.driver.informationUri. */
  informationUri: string;
}

const NAME = 'spark-advisor';
let cached: PackageInfo | undefined;

/**
 * The CLI runs bundled from `dist/` and unbundled from `out/server/src/cli/`: walk up to the
 * package.json that names this package instead of assuming a depth.
 */
export function packageInfo(startDir: string = __dirname): PackageInfo {
  if (cached) return cached;
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === NAME) return (cached = fromManifest(manifest));
    if (path.dirname(dir) === dir) break;
  }
  return (cached = { version: '0.0.0', informationUri: 'https://www.npmjs.com/package/spark-advisor' });
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  homepage?: unknown;
  repository?: unknown;
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function fromManifest(manifest: Manifest): PackageInfo {
  const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  const repository = manifest.repository as { url?: unknown } | string | undefined;
  const repositoryUrl = typeof repository === 'string' ? repository : typeof repository?.url === 'string' ? repository.url : undefined;
  const candidates = [manifest.homepage, repositoryUrl?.replace(/^git\+/, '').replace(/\.git$/, '')];
  const informationUri = candidates.find((c): c is string => typeof c === 'string' && /^https?:\/\//.test(c));
  return { version, informationUri: informationUri ?? 'https://www.npmjs.com/package/spark-advisor' };
}
