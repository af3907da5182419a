import { describe, expect, it } from 'vitest';
import { startPeriodic } from './periodic.js';

describe('startPeriodic', () => {
  it('runs one pass at a time, reports errors, and stop waits for the pass under way', async () => {
    let passes = 0;
    let release: () => void = () => undefined;
    const errors: unknown[] = [];
    const periodic = startPeriodic(
      async (stopped) => {
        passes += 1;
        if (passes === 2) throw new Error('second pass fails');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        expect(stopped()).toBe(passes === 3);
      },
      { intervalMs: 3_600_000, onError: (error) => errors.push(error) },
    );
    const first = periodic.tick();
    // A tick while the first pass runs joins it instead of starting another.
    const joined = periodic.tick();
    expect(passes).toBe(1);
    release();
    await Promise.all([first, joined]);

    await periodic.tick();
    expect(passes).toBe(2);
    expect(errors).toEqual([new Error('second pass fails')]);

    const third = periodic.tick();
    let stoppedAll = false;
    const stopping = periodic.stop().then(() => {
      stoppedAll = true;
    });
    await Promise.resolve();
    expect(stoppedAll).toBe(false);
    release();
    await Promise.all([third, stopping]);
    expect(stoppedAll).toBe(true);
    expect(passes).toBe(3);
    // The third pass saw the stop (its check would have landed here as an error).
    expect(errors).toHaveLength(1);
  });
});
