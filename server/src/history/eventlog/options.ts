/** What the folder needs from EventLogOptions, defaults applied. */
export interface FoldOptions {
  quantileSampleSize: number;
  slowestTasks: number;
}
