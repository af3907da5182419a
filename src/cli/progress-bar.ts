import cliProgress from 'cli-progress';
import { terminal } from './terminal.js';

/** How far a long command has come: `done` of `total` things, in a phase named in a word or two. */
export type Progress = (done: number, total: number, phase: string) => void;

/**
 * A bar on standard error counting `unit` (rows, invoices), only when a person is watching it;
 * otherwise nothing.
 */
export function progressBar(unit: string): { update: Progress; stop(): void } | undefined {
  const { stderr, stderrIsTTY } = terminal();
  if (!stderrIsTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: `{phase} [{bar}] {value}/{total} ${unit}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, phase) {
      const payload = { phase: phase.padEnd(9) };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
