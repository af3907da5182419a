// The measured import of the cash-application benchmark, run in a process of its own
// (cashapp.bench.ts forks this file): the engine's process generated and loaded a book of 150,000
// invoices first, whose memory stays mapped and whose live objects every garbage collection walks,
// neither of which a server importing a statement carries. Here the process holds only what the
// import does: the peak memory measured is the import's, and its time is not the generator's
// garbage collections'.
import { readFileSync } from 'node:fs';
import { importBankStatement } from '../src/banking/import-bank-statement.service.js';
import type { MatchRun } from '../src/banking/match-bank-lines.service.js';
import type { Actor } from '../src/core/actor.js';
import { openPglite, openPostgres, type Database } from '../src/platform/db/database.js';
import { registerHooks } from '../src/server/register-hooks.js';

/** A statement imported and matched: each line's ref and id, and what the matcher did with it. */
export interface Imported {
  readonly lines: readonly { readonly id: string; readonly ref: string }[];
  readonly run: MatchRun;
}

/** The real path, as `settle bank import --auto-apply` takes it: import and match in one transaction. */
export async function importAndMatch(
  database: Database,
  actor: Actor,
  xml: string,
  fileName: string,
): Promise<Imported & { readonly ms: number }> {
  const start = performance.now();
  const result = await importBankStatement(
    database,
    actor,
    { text: xml, fileName },
    { autoApply: true, dryRun: false },
  );
  return {
    lines: result.lines.map(({ line }) => ({ id: line.id, ref: line.ref })),
    run: result.run!,
    ms: performance.now() - start,
  };
}

/** The process's resident memory at its highest while `work` runs, sampled every 20 ms. */
export async function withRssSampler<T>(
  work: () => Promise<T>,
): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

/** What the parent sends: where the database is, whose it is, and the statement's file. */
export interface ImportOrder {
  readonly engine: 'pglite' | 'postgres';
  /** The PGlite directory (closed by the parent) or the PostgreSQL URL. */
  readonly location: string;
  readonly actor: Actor;
  readonly xmlPath: string;
}

export interface ImportAnswer {
  readonly imported: Imported & { readonly ms: number };
  readonly rssBeforeBytes: number;
  readonly peakRssDuringBytes: number;
}

// Money and counts are bigints; IPC carries JSON.
export const bigintJson = {
  replacer: (_key: string, value: unknown) =>
    typeof value === 'bigint' ? { $bigint: value.toString() } : value,
  reviver: (_key: string, value: unknown) =>
    value !== null && typeof value === 'object' && '$bigint' in value
      ? BigInt((value as { $bigint: string }).$bigint)
      : value,
};

if (process.send !== undefined && process.argv.includes('--measured-import')) {
  process.once('message', (message) => {
    void (async () => {
      const order = message as ImportOrder;
      registerHooks();
      const database =
        order.engine === 'pglite'
          ? await openPglite(order.location)
          : await openPostgres(order.location, 4);
      const xml = readFileSync(order.xmlPath, 'utf8');
      global.gc?.();
      const rssBeforeBytes = process.memoryUsage.rss();
      const measured = await withRssSampler(() =>
        importAndMatch(database, order.actor, xml, 'statement.xml'),
      );
      await database.close();
      const answer: ImportAnswer = {
        imported: measured.value,
        rssBeforeBytes,
        peakRssDuringBytes: measured.peak,
      };
      process.send!(JSON.stringify(answer, bigintJson.replacer), () => process.exit(0));
    })().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
