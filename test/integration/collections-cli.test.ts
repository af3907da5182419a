// Proves `settle collections run` end to end on an imported book: customers imported with an
// e-mail are followed up out of the box, the dry run prints the documented JSON and writes
// nothing, the run queues one message per customer, a second run the same day does nothing, and
// a bad date is refused naming the option.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedCliBook, runSettle, smallBookCsv } from '../support/cli.js';
import { onDay } from '../support/clock.js';

let dir: string;

beforeAll(async () => {
  dir = await importedCliBook('settle-collections-cli-', [
    ['customers', smallBookCsv.customers],
    ['invoices', smallBookCsv.invoices],
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settle collections run', () => {
  it('previews a day as JSON, then runs it once, keeping the messages in the outbox without SMTP settings', async () => {
    // On 2026-03-03 (standard policy): INV-1 is 31 days overdue ("final-30"), INV-2 is due ("due"),
    // INV-3 is 28 days from due, before any step.
    const preview = await runSettle(
      dir,
      'collections',
      'run',
      '--date',
      '2026-03-03',
      '--dry-run',
      '--format',
      'json',
    );
    expect(preview.code).toBe(0);
    const planned = JSON.parse(preview.stdout);
    expect(planned.actions).toEqual([
      { customer_ref: 'ACME', step: 'due', action: 'email', invoices: ['INV-2'] },
      { customer_ref: 'ACME', step: 'final-30', action: 'email', invoices: ['INV-1'] },
    ]);
    expect(planned.description).toBe('1 reminder');

    // A real run acts today only: on another day it is refused, naming the option.
    const past = await runSettle(dir, 'collections', 'run', '--date', '2026-03-03');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('(field: date) [run_date_not_today]');

    // On 3 March itself it runs, once.
    const run = await onDay('2026-03-03', () =>
      runSettle(dir, 'collections', 'run', '--date', '2026-03-03'),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Done on 2026-03-03: 1 reminder.');
    expect(run.stdout).toContain('1 kept in the outbox');
    const again = await onDay('2026-03-03', () => runSettle(dir, 'collections', 'run'));
    expect(again.stdout).toContain('Done on 2026-03-03: nothing to do.');

    const outbox = await runSettle(dir, 'outbox', '--format', 'json');
    const messages = JSON.parse(outbox.stdout);
    const list = Array.isArray(messages) ? messages : messages.items;
    expect(list).toHaveLength(1);
    expect(list[0].status).toBe('held');
  });

  it('refuses a date that is not one, naming the option, with exit code 1', async () => {
    const result = await runSettle(dir, 'collections', 'run', '--date', '2026-02-30');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(field: date)');
  });
});
