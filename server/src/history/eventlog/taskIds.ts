/**
 * The task ids an application has seen, to drop a TaskEnd repeated in a log. Spark numbers tasks from
 * 0 per application, densely, so a bit per id in 1,024-id blocks costs an eighth of a byte per task;
 * ids from a hostile log may be sparse, so the blocks are capped and past the cap ids are no longer
 * checked (the caller is told once). Memory never follows an id's value.
 */
const BLOCK_BITS = 1024;
const WORDS_PER_BLOCK = BLOCK_BITS / 32;
/** 128 bytes each: at most 16 MiB of blocks per application. */
const MAX_BLOCKS = 128 * 1024;

export class TaskIdSet {
  private readonly blocks = new Map<number, Uint32Array>();
  /** Set once the cap was reached: ids in new blocks are taken as unseen. */
  full = false;

  /** Records `id`; false when it was recorded before. Ids that are not safe non-negative integers are never duplicates. */
  add(id: number): boolean {
    if (!Number.isSafeInteger(id) || id < 0) return true;
    const blockIndex = Math.floor(id / BLOCK_BITS);
    let block = this.blocks.get(blockIndex);
    if (!block) {
      if (this.blocks.size >= MAX_BLOCKS) {
        this.full = true;
        return true;
      }
      block = new Uint32Array(WORDS_PER_BLOCK);
      this.blocks.set(blockIndex, block);
    }
    const bit = id % BLOCK_BITS;
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const bits = block[word] ?? 0;
    if (bits & mask) return false;
    block[word] = bits | mask;
    return true;
  }
}
