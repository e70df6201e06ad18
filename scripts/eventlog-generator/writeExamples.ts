/**
 * `npm run generate:eventlogs`: (re)writes examples/eventlogs/ — one log per example run and a
 * README whose table cites the stage ids Spark gave the interesting stages. Deterministic, so the
 * committed files always equal a fresh run (a unit test checks it). Optional argument: another
 * output folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_LOGS } from './examples';
import type { ExampleLog } from './examples';
import { writeEventLog } from './write';
import { renderReadme } from './readme';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples', 'eventlogs');

/** Stage ids by example file, `${action}:${stage}` → ids of its attempts. */
export type StageIds = Map<string, Map<string, number[]>>;

/** `zstdLevel` only changes the compressed bytes, never what they decode to. */
export async function writeExamples(outDir: string, options: { zstdLevel?: number } = {}): Promise<{ files: string[]; stageIds: StageIds }> {
  fs.mkdirSync(outDir, { recursive: true });
  const wanted = new Set(EXAMPLE_LOGS.map((example) => example.file));
  for (const name of fs.readdirSync(outDir)) {
    if (/^app-\d{14}-\d{4}/.test(name) && !wanted.has(name)) fs.rmSync(path.join(outDir, name));
  }
  const stageIds: StageIds = new Map();
  for (const example of EXAMPLE_LOGS) {
    const ids = new Map<string, number[]>();
    await writeEventLog(example.run, path.join(outDir, example.file), {
      zstdLevel: options.zstdLevel ?? 9,
      onStage: ({ action, stage, stageId }) => {
        const key = `${action}:${stage}`;
        const list = ids.get(key) ?? [];
        if (!list.includes(stageId)) list.push(stageId);
        ids.set(key, list);
      },
    });
    stageIds.set(example.file, ids);
  }
  fs.writeFileSync(path.join(outDir, 'README.md'), renderReadme(EXAMPLE_LOGS, stageIds));
  return { files: [...EXAMPLE_LOGS.map((example: ExampleLog) => example.file), 'README.md'], stageIds };
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? EXAMPLES_DIR);
  writeExamples(outDir).then(
    ({ files }) => console.log(`wrote ${files.length} files to ${path.relative(process.cwd(), outDir) || '.'}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
