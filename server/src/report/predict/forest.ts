/**
 * A random forest for regression (bootstrap samples, a random subset of features at every split,
 * CART trees on squared error, the mean of the trees as the prediction).
 *
 * Written here rather than taken from ml-random-forest: its tree (ml-cart) re-scans every sample
 * for every candidate split, O(n²) per node, and took 30 s for one forest on 2,000 stage samples;
 * the report must render in under a second. Here, as in LightGBM or scikit-learn's
 * HistGradientBoosting, each feature is cut once into at most 64 bins at its quantiles, and a split
 * is searched over a histogram of the node's samples: O(n) per feature tried, no sorting.
 */
import { randomInt, seededRandom, type Random } from './random';

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  /** Fewest bootstrap samples a leaf may hold. */
  minLeaf: number;
  /** Share of the features tried at each split (at least one). */
  featureFraction: number;
  seed: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = { trees: 30, maxDepth: 8, minLeaf: 2, featureFraction: 0.6, seed: 42 };

export interface RegressionModel {
  predict(row: readonly number[]): number;
}

/** Flat node arrays: feature −1 marks a leaf, whose prediction is `value`; a row goes left when row[feature] < threshold. */
interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

const MAX_BINS = 64;

/** Each feature's values as bin numbers, and the cut between bin b and b + 1 (`edges[b]`). */
interface BinnedFeatures {
  bins: Uint8Array[];
  edges: Float64Array[];
}

export function trainForest(rows: ReadonlyArray<readonly number[]>, targets: readonly number[], options: Partial<ForestOptions> = {}): RegressionModel {
  const settings = { ...DEFAULT_FOREST_OPTIONS, ...options };
  if (rows.length === 0 || rows.length !== targets.length) throw new Error(`a forest needs as many rows as targets, at least one (got ${rows.length} rows, ${targets.length} targets)`);
  const binned = binFeatures(rows);
  const y = Float64Array.from(targets);
  const random = seededRandom(settings.seed);
  const trees: Tree[] = [];
  for (let t = 0; t < settings.trees; t++) trees.push(growTree(binned, y, settings, random));
  return {
    predict(row) {
      let sum = 0;
      for (const tree of trees) sum += leafValue(tree, row);
      return sum / trees.length;
    },
  };
}

function leafValue(tree: Tree, row: readonly number[]): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = row[tree.feature[node]] < tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

/**
 * Cuts between consecutive distinct values (midpoints), at most MAX_BINS − 1 of them, placed at the
 * quantiles of the feature when there are more distinct values than bins.
 */
function binFeatures(rows: ReadonlyArray<readonly number[]>): BinnedFeatures {
  const width = rows[0].length;
  const bins: Uint8Array[] = [];
  const edges: Float64Array[] = [];
  for (let f = 0; f < width; f++) {
    const sorted = Float64Array.from(rows, (row) => row[f]).sort();
    const distinct: number[] = [];
    for (const value of sorted) if (distinct.length === 0 || value !== distinct[distinct.length - 1]) distinct.push(value);
    const cuts: number[] = [];
    if (distinct.length <= MAX_BINS) {
      for (let i = 1; i < distinct.length; i++) cuts.push(midpoint(distinct[i - 1], distinct[i]));
    } else {
      let previous = -1;
      for (let q = 1; q < MAX_BINS; q++) {
        // The q-th quantile value starts a bin; the cut sits between it and the distinct value below.
        const at = lowerBound(distinct, sorted[Math.floor((q * sorted.length) / MAX_BINS)]);
        if (at > 0 && at > previous) cuts.push(midpoint(distinct[at - 1], distinct[at]));
        previous = Math.max(previous, at);
      }
    }
    const featureEdges = Float64Array.from(cuts);
    edges.push(featureEdges);
    bins.push(Uint8Array.from(rows, (row) => binOf(featureEdges, row[f])));
  }
  return { bins, edges };
}

function midpoint(low: number, high: number): number {
  const middle = low + (high - low) / 2;
  return middle > low ? middle : high;
}

/** First index whose value is ≥ `value`. */
function lowerBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of cuts ≤ value: bin b holds edges[b − 1] ≤ value < edges[b]. */
function binOf(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What growing one tree works on; passed down the recursion. */
interface Growth {
  binned: BinnedFeatures;
  y: Float64Array;
  /** Row indices of the bootstrap draw; each node owns a range [lo, hi) of it. */
  drawn: Int32Array;
  tree: Tree;
  binCount: Float64Array;
  binSum: Float64Array;
  featureIds: Int32Array;
  tried: number;
  minLeaf: number;
  maxDepth: number;
  random: Random;
}

/** One tree on a bootstrap sample of the rows. */
function growTree(binned: BinnedFeatures, y: Float64Array, settings: ForestOptions, random: Random): Tree {
  const n = y.length;
  const width = binned.bins.length;
  const drawn = new Int32Array(n);
  for (let i = 0; i < n; i++) drawn[i] = randomInt(random, n);
  const growth: Growth = {
    binned,
    y,
    drawn,
    tree: { feature: [], threshold: [], left: [], right: [], value: [] },
    binCount: new Float64Array(MAX_BINS),
    binSum: new Float64Array(MAX_BINS),
    featureIds: Int32Array.from({ length: width }, (_, f) => f),
    tried: Math.max(1, Math.min(width, Math.round(width * settings.featureFraction))),
    minLeaf: settings.minLeaf,
    maxDepth: settings.maxDepth,
    random,
  };
  growNode(growth, 0, n, 0);
  return growth.tree;
}

/** Adds the node for rows drawn[lo, hi) and, if it splits, its subtrees; returns its index. */
function growNode(g: Growth, lo: number, hi: number, depth: number): number {
  const { tree, y, drawn, binCount, binSum, featureIds, minLeaf } = g;
  const node = tree.feature.length;
  const count = hi - lo;
  let sum = 0;
  for (let k = lo; k < hi; k++) sum += y[drawn[k]];
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(sum / count);
  if (depth >= g.maxDepth || count < 2 * minLeaf) return node;

  // Partial Fisher–Yates: the first `tried` entries become a random subset of the features.
  const width = featureIds.length;
  for (let i = 0; i < g.tried; i++) {
    const j = i + randomInt(g.random, width - i);
    const swap = featureIds[i];
    featureIds[i] = featureIds[j];
    featureIds[j] = swap;
  }
  const parentScore = (sum * sum) / count;
  let bestScore = parentScore * (1 + 1e-12) + 1e-9;
  let bestFeature = -1;
  let bestBin = 0;
  for (let i = 0; i < g.tried; i++) {
    const f = featureIds[i];
    const bins = g.binned.bins[f];
    let lowest = MAX_BINS;
    let highest = -1;
    for (let k = lo; k < hi; k++) {
      const row = drawn[k];
      const bin = bins[row];
      binCount[bin]++;
      binSum[bin] += y[row];
      if (bin < lowest) lowest = bin;
      if (bin > highest) highest = bin;
    }
    let leftCount = 0;
    let leftSum = 0;
    for (let b = lowest; b < highest; b++) {
      if (binCount[b] === 0) continue;
      leftCount += binCount[b];
      leftSum += binSum[b];
      const rightCount = count - leftCount;
      if (leftCount < minLeaf || rightCount < minLeaf) continue;
      const rightSum = sum - leftSum;
      // Maximising Σ²/n over both sides is minimising their squared error.
      const score = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount;
      if (score > bestScore) {
        bestScore = score;
        bestFeature = f;
        bestBin = b;
      }
    }
    for (let b = lowest; b <= highest; b++) {
      binCount[b] = 0;
      binSum[b] = 0;
    }
  }
  if (bestFeature < 0) return node;

  const bins = g.binned.bins[bestFeature];
  let split = lo;
  for (let k = lo; k < hi; k++) {
    const row = drawn[k];
    if (bins[row] <= bestBin) {
      drawn[k] = drawn[split];
      drawn[split++] = row;
    }
  }
  tree.feature[node] = bestFeature;
  tree.threshold[node] = g.binned.edges[bestFeature][bestBin];
  tree.left[node] = growNode(g, lo, split, depth + 1);
  tree.right[node] = growNode(g, split, hi, depth + 1);
  return node;
}
