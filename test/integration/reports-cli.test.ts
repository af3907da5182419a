// Goal: the report commands work end to end as a user runs them: the real `settle` binary on its
// embedded database, fed by the CSV importers, printing the aging as a table, CSV, JSON and PDF.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedCliBook, runSettle, smallBookCsv } from '../support/cli.js';

let dir: string;

beforeAll(async () => {
  dir = await importedCliBook('settle-reports-', [
    ['customers', smallBookCsv.customers],
    ['invoices', smallBookCsv.invoices],
    [
      'payments',
      'ref,customer_ref,received_date,currency,amount,invoice_number\nP-1,ACME,2026-03-10,EUR,100.00,INV-1\nP-2,GLOBEX,2026-03-15,EUR,15.00,\n',
    ],
  ]);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('settle aging', () => {
  it('prints the CSV summary as of a date', async () => {
    const result = await runSettle(dir, 'aging', '--as-of', '2026-04-02', '--format', 'csv');
    expect(result.code, result.stderr).toBe(0);
    // INV-2 is 30 days past due on 2 April, INV-3 2 days; Globex's 15.00 is unapplied.
    expect(result.stdout).toBe(
      'customer_ref,customer_name,currency,current,1-30,31-60,61-90,91+,unapplied,balance\n' +
        'ACME,Acme Ltd,EUR,0.00,250.00,0.00,0.00,0.00,0.00,250.00\n' +
        'GLOBEX,Globex,EUR,0.00,40.00,0.00,0.00,0.00,-15.00,25.00\n' +
        'TOTAL,,EUR,0.00,290.00,0.00,0.00,0.00,-15.00,275.00\n',
    );
  }, 60_000);

  it('prints a table, JSON by issue date, and writes a PDF file', async () => {
    // One after another: one process owns the embedded data dir at a time.
    const table = await runSettle(dir, 'aging', '--as-of', '2026-02-15');
    const json = await runSettle(
      dir,
      'aging',
      '--as-of',
      '2026-04-02',
      '--basis',
      'issue',
      '--format',
      'json',
      '--customer',
      'ACME',
    );
    const pdf = await runSettle(
      dir,
      'aging',
      '--as-of',
      '2026-04-02',
      '--format',
      'pdf',
      '--detail',
      '--output',
      'aging.pdf',
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Aging as of 2026-02-15, by days past due');
    expect(table.stdout).toMatch(
      /ACME\s+Acme Ltd\s+250\.00\s+100\.00\s+0\.00\s+0\.00\s+0\.00\s+0\.00\s+350\.00/,
    );
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.basis).toBe('issue');
    expect(body.currencies[0].customers).toHaveLength(1);
    // INV-2 was issued 60 days before 2 April.
    expect(body.currencies[0].customers[0]).toMatchObject({
      customer_ref: 'ACME',
      buckets: ['0.00', '250.00', '0.00', '0.00'],
      balance: '250.00',
    });
    expect(pdf.code, pdf.stderr).toBe(0);
    expect((await readFile(join(dir, 'aging.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('refuses a bad option naming it, and writes nothing', async () => {
    const result = await runSettle(dir, 'aging', '--as-of', '2026-02-30', '--format', 'csv');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('(field: as-of)');
    const format = await runSettle(dir, 'aging', '--format', 'xml');
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('[format_invalid]');
    // People are named by e-mail; an unknown one is an error naming the option, not a stack trace.
    for (const command of ['aging', 'kpi']) {
      const collector = await runSettle(dir, command, '--collector', 'nobody@example.test');
      expect(collector.code, collector.stderr).toBe(1);
      expect(collector.stderr).toContain('(field: collector) [collector_not_found]');
      expect(collector.stderr).not.toMatch(/\n\s+at /);
    }
    const owner = await runSettle(
      dir,
      'aging',
      '--collector',
      'owner@settle.local',
      '--as-of',
      '2026-04-02',
    );
    expect(owner.code, owner.stderr).toBe(0);
    expect(owner.stdout).toContain('Aging as of 2026-04-02');
  }, 120_000);
});

describe('settle kpi', () => {
  it('prints the KPIs of a period as JSON and as a table', async () => {
    const json = await runSettle(
      dir,
      'kpi',
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--format',
      'json',
    );
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    // Sales 390.00; on 31 March ACME owes 250.00 (28 days past due), Globex 40.00 due that day, less 15.00 credit.
    expect(body.currencies[0]).toMatchObject({
      currency: 'EUR',
      credit_sales: '390.00',
      beginning_ar: '0.00',
      ending_ar: '275.00',
      ending_current_ar: '25.00',
      dso: 63.46,
      best_possible_dso: 5.77,
      average_days_delinquent: 57.69,
    });
    const table = await runSettle(
      dir,
      'kpi',
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--monthly',
      '--customer',
      'ACME',
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^EUR\s+2026-01-01\.\.2026-03-31\s+2026-01\s+2026-02\s+2026-03$/m);
    expect(table.stdout).toMatch(/^credit sales\s+350\.00\s+100\.00\s+250\.00\s+0\.00$/m);
  }, 60_000);
});
