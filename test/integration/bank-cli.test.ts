// Proves `settle bank import` as a person runs it: a real statement's lines with their outcomes,
// an invoice number in the remittance applied with --auto-apply, a dry run that keeps nothing,
// and a broken file refused with its line named and nothing written.
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importedCliBook, runSettle } from '../support/cli.js';
import { todayNoEarlierThan } from '../support/clock.js';

todayNoEarlierThan('2026-12-05');

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'bank');

/** An MT940 statement of one credit quoting an invoice number, written for this test. */
const mt940 = `:20:STMT-1
:25:NL91ABNA0417164300
:28C:1/1
:60F:C261101EUR1000,00
:61:2611021102C1200,00NTRFNONREF//BANKREF-1
:86:/EREF/NOTPROVIDED/ORDP//NAME/Acme Ltd/REMI/USTD//Invoice INV-1 thank you/
:62F:C261102EUR2200,00
-
`;

describe('settle bank import', () => {
  // Each case's data directory holds a whole PGlite cluster: remove it, or every run leaves two.
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('applies the line that quotes its invoice, and a dry run keeps nothing', async () => {
    const dir = await importedCliBook('settle-bank-', [
      ['customers', 'ref,name,email,currency,terms\nACME,Acme Ltd,ap@acme.test,EUR,NET30\n'],
      [
        'invoices',
        'number,customer_ref,issue_date,due_date,currency,total\nINV-1,ACME,2026-10-01,2026-10-31,EUR,1200.00\n',
      ],
    ]);
    made.push(dir);
    await writeFile(join(dir, 'statement.sta'), mt940);

    const dry = await runSettle(
      dir,
      'bank',
      'import',
      'statement.sta',
      '--auto-apply',
      '--dry-run',
      '--format',
      'json',
    );
    expect(dry.code).toBe(0);
    const dryResult = JSON.parse(dry.stdout) as { dry_run: boolean; lines: { outcome: string }[] };
    expect(dryResult.dry_run).toBe(true);
    expect(dryResult.lines.map((line) => line.outcome)).toEqual(['applied']);

    const real = await runSettle(dir, 'bank', 'import', 'statement.sta', '--auto-apply');
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(
      /applied\s+ACME\s+INV-1 1200\.00\s+0\.9\d\d\s+invoice_number, payer_name, amount/,
    );
    expect(real.stdout).toMatch(/mt940 statement.sta: 1 lines \(1 applied\)\./);

    // The payment carries the bank's reference, as the export shows.
    const exported = await runSettle(dir, 'export', 'payments');
    expect(exported.stdout).toContain('BANKREF-1,ACME,2026-11-02,EUR,1200.00,INV-1');

    const again = await runSettle(dir, 'bank', 'import', 'statement.sta');
    expect(again.stdout).toMatch(/1 duplicate\)\. This file was imported before\./);
  });

  it('imports a real camt.053, and refuses a cut one naming its line, writing nothing', async () => {
    const dir = await importedCliBook('settle-bank-', []);
    made.push(dir);
    await copyFile(
      join(fixtures, 'camt053', 'sns-bank-nl_camt053.001.02_two-accounts.xml'),
      join(dir, 'sns.xml'),
    );
    const result = await runSettle(dir, 'bank', 'import', 'sns.xml', '--format', 'json');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      file: { format: string; lines: number };
      lines: unknown[];
    };
    expect(parsed.file).toMatchObject({ format: 'camt.053', lines: 11 });

    const cut = (await import('node:fs')).readFileSync(
      join(fixtures, 'camt053', 'genkgo_camt053.001.08.xml'),
      'utf8',
    );
    await writeFile(join(dir, 'cut.xml'), cut.slice(0, 3000));
    const refused = await runSettle(dir, 'bank', 'import', 'cut.xml');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot be read: line \d+/);
    const listed = await runSettle(dir, 'bank', 'import', 'sns.xml');
    expect(listed.stdout).toMatch(/11 lines \(11 duplicate\)/);
  });
});
