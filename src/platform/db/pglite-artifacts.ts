import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let prepared: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * Starts compiling PGlite's WebAssembly (9 MB), once per process, for PGlite.create's
 * `pgliteWasmModule`. PGlite compiles it itself only when the database is opened, after every
 * module of the command was loaded; a command calls this as it starts (cli/main.ts), so that the
 * compile, which V8 runs on its background threads, overlaps that loading. Undefined when the file
 * is not where this version of PGlite keeps it: PGlite then finds and compiles it itself.
 */
export function prepareEmbeddedEngine(): Promise<WebAssembly.Module | undefined> {
  prepared ??= compilePgliteWasm().catch(() => undefined);
  return prepared;
}

async function compilePgliteWasm(): Promise<WebAssembly.Module> {
  // PGlite keeps its WebAssembly beside its entry points (dist/).
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  return WebAssembly.compile(await readFile(join(dist, 'pglite.wasm')));
}
