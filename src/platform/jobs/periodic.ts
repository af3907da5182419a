/** Work a server does by itself on a timer (the daily collections run, rematching bank lines). */
export interface Periodic {
  /** One pass now (or the one under way): what the timer would do next. */
  tick(): Promise<void>;
  /** Stops the timer and waits for a pass under way to end. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs`, one pass at a time: a slow pass is not started again by the
 * next tick. A pass reads `stopped()` between its units of work so that stopping the server does
 * not wait for all of them. The timer does not keep the process alive.
 */
export function startPeriodic(
  pass: (stopped: () => boolean) => Promise<void>,
  options: { intervalMs: number; onError?: ((error: unknown) => void) | undefined },
): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    if (running) return running;
    running = pass(() => stopped)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
