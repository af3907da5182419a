import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

let prepared: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * Starts compiling PGlite's WebAssembly (9 MB), once per process, for PGlite.create's
 * `pgliteWasmModule`. PGlite compiles it itself only when the database is opened, after every
 * module of the command was loaded; a command calls this as it starts (cli/main.ts), so that the
 * compile, which V8 runs on its background threads, overlaps that loading. Undefined when the file
 * is not where this version of PGlite keeps it: PGlite then finds and compiles it itself.
 *
 * `optimize: false` (a short command, cli/embedded-engine-choices.ts) keeps the module in V8's
 * baseline code: no function is recompiled by the optimizing compiler, whose background work the
 * process would otherwise wait for before it can end. It holds for every later WebAssembly
 * compile in the process, and only the first call of a process chooses.
 */
export function prepareEmbeddedEngine(
  options: { readonly optimize?: boolean } = {},
): Promise<WebAssembly.Module | undefined> {
  if (prepared === undefined && options.optimize === false) setFlagsFromString('--liftoff-only');
  prepared ??= compilePgliteWasm().catch(() => undefined);
  return prepared;
}

async function compilePgliteWasm(): Promise<WebAssembly.Module> {
  // PGlite keeps its WebAssembly beside its entry points (dist/).
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  return WebAssembly.compile(await readFile(join(dist, 'pglite.wasm')));
}
