import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two projects in one run, sharing the workers below. The unit tests beside the code need
    // neither a database nor the hooks; loading the hooks' areas cost each of their 86 files about
    // half a second.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          // Prepares one migrated template database per run; each test file copies it. It also
          // moves the run's clock (to noon, and to SETTLE_TEST_TODAY) before any worker of either
          // project starts, in every run that includes a file of this project.
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/register-hooks.ts'],
        },
      },
    ],
    // Child processes rather than threads: PGlite's WebAssembly heap is large, and a process
    // gives it back to the system when its file is done.
    pool: 'forks',
    // Vitest's default is one worker per core minus one, which is a single worker on a 2-core CI
    // machine; the main process is mostly idle during a run, so use both cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Tests that start the real `settle` command wait for a Node process that loads the whole
    // application; on a loaded 2-core machine one took over 60 s while it was correct. Speed is
    // measured by the benchmarks, never by a test's timeout, so the timeout only catches hangs.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    // expect.poll waits for what a page or a queue does next; its default of one second failed a
    // correct browser test on a loaded CI machine. Like the timeouts above, it only catches hangs.
    expect: { poll: { timeout: 15_000 } },
  },
});
