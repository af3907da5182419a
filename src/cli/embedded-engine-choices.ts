/**
 * How a command opens the embedded database (PGlite), chosen by what the command does: kept apart
 * from cli/context.ts so that cli/main.ts can choose before it loads anything else.
 */

/** The commands that work through the whole book, and so run long on the embedded engine. */
const wholeBookCommands = /^(demo|migrate|import |export |collections run|bank (import|rematch))/;

/**
 * The embedded database's buffer pool. PGlite zeroes the whole pool as it starts, about 3 ms per
 * MB on a 2-core machine, so PostgreSQL's 128 MB cost every start about 0.35 s
 * (platform/db/database.ts, sharedBuffersMb):
 * - a command that reads a small part of the book (a report, a task, a user) opens it with 16 MB,
 *   and finds the rest in the operating system's file cache;
 * - the server gets a pool the size of the data, in steps of 16 MB, from 32 MB to 128 MB: a pool
 *   larger than the data it could hold only costs its start (the demo company's 50 MB of files get
 *   64 MB). A book that grows past it is served from the file cache until the next start;
 * - the commands that work through the whole book (listed above) keep 128 MB.
 */
const shortCommandBufferPoolMb = 16;
const serverBufferPoolMbMin = 32;
const bufferPoolMbMax = 128;
const bufferPoolStepMb = 16;

/** The buffer pool a command opens the embedded database with (undefined: PostgreSQL's default). */
export function embeddedBufferPoolMb(command: string, dataBytes: () => number): number | undefined {
  if (wholeBookCommands.test(command)) return undefined;
  if (command !== 'serve') return shortCommandBufferPoolMb;
  const steps = Math.ceil(dataBytes() / (bufferPoolStepMb * 2 ** 20));
  return Math.min(bufferPoolMbMax, Math.max(serverBufferPoolMbMin, steps * bufferPoolStepMb));
}

/**
 * Whether PGlite's WebAssembly is worth V8's optimizing compiler in this command
 * (platform/db/pglite-artifacts.ts). V8 runs it first from a quick baseline compile and
 * recompiles the hot functions on its background threads; a process cannot end before that work
 * is done. A short command is over before it pays: on 2 cores, `settle aging` on the demo company
 * took 1.4 s with it and 0.98 s without, using half the CPU. Work that runs for seconds (the
 * server, an import, the whole-book commands) gets a quarter faster from the second second on.
 */
export function embeddedEngineOptimizes(command: string): boolean {
  return command === 'serve' || wholeBookCommands.test(command);
}
