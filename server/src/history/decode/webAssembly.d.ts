/** The part of the WebAssembly JS API that libzstd.ts uses (the DOM lib, which declares it all, is not loaded). */
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- opaque: only compiled and instantiated
  interface Module {}
  const Module: new (bytes: Uint8Array) => Module;
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  const Instance: new (module: Module, imports?: Record<string, Record<string, unknown>>) => Instance;
}
