import type { JobRunDescription } from '../types';

/** One committed example log and what to look at in it. */
export interface ExampleLog {
  /** File name under examples/eventlogs/ (Spark's: app id, `.zstd` when compressed). */
  file: string;
  /** The job it is a run of, relative to examples/. */
  job: string;
  run: JobRunDescription;
  /** Stages worth a look: action and stage index in the description, the code line, what they show. */
  highlights: Highlight[];
}

export interface Highlight {
  action: number;
  stage: number;
  line: string;
  shows: string;
}
