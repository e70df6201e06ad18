/**
 * xxHash (32 for lz4-java block checksums, 64 for zstd frame checksums) from xxhash-wasm: a small
 * WebAssembly module embedded in the package (nothing fetched), instantiated once on first use.
 * The package's types are ESM-only, hence the dynamic import.
 */
export type XxHash = Awaited<ReturnType<typeof import('xxhash-wasm', { with: { 'resolution-mode': 'import' } }).default>>;

let loading: Promise<XxHash> | undefined;

export function loadXxHash(): Promise<XxHash> {
  loading ??= import('xxhash-wasm').then((module) => module.default());
  return loading;
}
