// Proves the import of bank statements against a real database: every real file imports with
// every transaction once; the same file again, an overlapping statement, or the day's camt.054
// followed by the night's camt.053 add nothing they already brought, while two genuine identical
// lines in one file both import; a pending line booked later stays one line; a bad file, a dry
// run and two imports of one file at once leave nothing half written.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBankFile } from '../../src/banking/import-bank-file.service.js';
import type { CsvStatementMapping } from '../../src/banking/formats/csv-statement.js';
import type { Actor } from '../../src/core/actor.js';
import { AppError } from '../../src/core/errors.js';
import type { Database } from '../../src/platform/db/database.js';
import { newOrganization } from '../support/organization.js';
import { camt } from '../support/camt.js';
import { openTestDatabase } from '../support/test-database.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'bank');

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

async function freshActor(): Promise<Actor> {
  return (await newOrganization(database)).actor;
}

async function lineCount(actor: Actor): Promise<number> {
  const row = await database.db
    .selectFrom('bank_lines')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('every real statement file', () => {
  const files = ['camt053', 'camt054', 'mt940', 'bai2', 'ofx'].flatMap((folder) =>
    readdirSync(join(fixtures, folder)).map((name) => join(folder, name)),
  );

  it.each(files)('%s imports every transaction once, and again adds nothing', async (file) => {
    const actor = await freshActor();
    const text = readFileSync(join(fixtures, file), 'utf8');
    const first = await importBankFile(database, actor, { text, fileName: file });
    expect(first.alreadyImported).toBe(false);
    expect(first.file.lines).toBeGreaterThan(0);
    expect(first.lines).toHaveLength(first.file.lines);
    expect(first.file.lines_added).toBe(first.lines.filter((line) => line.added).length);
    expect(await lineCount(actor)).toBe(first.file.lines_added);
    // Booked credits wait for the matcher; money out is kept, not matched.
    for (const line of first.lines) {
      if (line.direction === 'debit' && !line.reversal) expect(line.state).toBe('ignored');
      if (line.direction === 'credit' && line.status === 'booked' && !line.reversal)
        expect(line.state).toBe('unmatched');
    }

    const again = await importBankFile(database, actor, { text, fileName: file });
    expect(again.alreadyImported).toBe(true);
    expect(again.lines.every((line) => !line.added)).toBe(true);
    expect(await lineCount(actor)).toBe(first.file.lines_added);
  });

  it('keeps two transactions of the BE monthly statement apart, 268 in all', async () => {
    const actor = await freshActor();
    const text = readFileSync(
      join(fixtures, 'camt053', 'be-anonymized_camt053.001.02_monthly-268-entries.xml'),
      'utf8',
    );
    const result = await importBankFile(database, actor, { text });
    expect(result.file.lines_added).toBe(268);
    expect(result.file.format).toBe('camt.053');
  });
});

describe('the same transaction in another file', () => {
  it('finds a large statement again, line by line, when an overlapping one comes', async () => {
    // Past a few hundred lines the lookup of earlier lines once found none on PGlite, and the
    // import failed: the keys now travel as arrays.
    const actor = await freshActor();
    const entries = Array.from({ length: 1500 }, (_, index) => ({
      ref: `BIG-${index + 1}`,
      amount: `${(index % 90) + 10}.${String(index % 100).padStart(2, '0')}`,
      text: `payment ${index + 1}`,
    }));
    const first = await importBankFile(database, actor, {
      text: camt('053', 'S-BIG-1', entries.slice(0, 1000)),
    });
    expect(first.file.lines_added).toBe(1000);
    const second = await importBankFile(database, actor, {
      text: camt('053', 'S-BIG-2', entries.slice(500)),
    });
    expect(second.file).toMatchObject({ lines: 1000, lines_added: 500 });
    expect(second.lines.filter((line) => line.added)).toHaveLength(500);
    expect(second.lines[0]).toMatchObject({ ref: 'BIG-501', added: false });
    expect(await lineCount(actor)).toBe(1500);
  });

  it('is not added again from an overlapping statement, while its new lines are', async () => {
    const actor = await freshActor();
    const a = camt('053', 'S-A', [
      { ref: 'R-1', amount: '100.00', text: 'INV-1' },
      { ref: 'R-2', amount: '200.00', text: 'INV-2' },
    ]);
    const b = camt('053', 'S-B', [
      { ref: 'R-2', amount: '200.00', text: 'INV-2' },
      { ref: 'R-3', amount: '300.00', text: 'INV-3' },
    ]);
    expect((await importBankFile(database, actor, { text: a })).file.lines_added).toBe(2);
    const second = await importBankFile(database, actor, { text: b });
    expect(second.alreadyImported).toBe(false);
    expect(second.lines.map((line) => [line.ref, line.added])).toEqual([
      ['R-2', false],
      ['R-3', true],
    ]);
    expect(await lineCount(actor)).toBe(3);
  });

  it("is one line when the day's camt.054 is followed by the night's camt.053", async () => {
    const actor = await freshActor();
    const entries = [{ ref: 'TX-77', amount: '1200.00', text: 'Rechnung INV-77' }];
    await importBankFile(database, actor, { text: camt('054', 'N-1', entries) });
    const statement = await importBankFile(database, actor, { text: camt('053', 'S-1', entries) });
    expect(statement.lines.map((line) => line.added)).toEqual([false]);
    expect(await lineCount(actor)).toBe(1);
  });

  it('becomes booked, and matchable, when first seen pending', async () => {
    const actor = await freshActor();
    const pending = await importBankFile(database, actor, {
      text: camt('054', 'N-9', [{ ref: 'TX-9', amount: '50.00', status: 'PDNG', text: 'INV-9' }]),
    });
    expect(pending.lines.map((line) => [line.status, line.state])).toEqual([
      ['pending', 'ignored'],
    ]);
    const booked = await importBankFile(database, actor, {
      text: camt('053', 'S-9', [{ ref: 'TX-9', amount: '50.00', text: 'INV-9' }]),
    });
    expect(booked.lines.map((line) => [line.id, line.status, line.state, line.added])).toEqual([
      [pending.lines[0]!.id, 'booked', 'unmatched', false],
    ]);
    expect(await lineCount(actor)).toBe(1);
  });
});

describe('a CSV export', () => {
  const mapping: CsvStatementMapping = {
    delimiter: ';',
    hasHeader: true,
    dateFormat: 'DD.MM.YYYY',
    decimalSeparator: ',',
    columns: {
      bookingDate: 'Buchungstag',
      amount: 'Betrag',
      payerName: 'Name',
      remittance: ['Verwendungszweck'],
    },
    currency: 'EUR',
  } as unknown as CsvStatementMapping;

  it('needs its account, and imports two genuine identical lines both, once', async () => {
    const actor = await freshActor();
    const text =
      'Buchungstag;Betrag;Name;Verwendungszweck\n02.11.2026;50,00;Kiosk Meier;Spende\n02.11.2026;50,00;Kiosk Meier;Spende\n';
    await expect(
      importBankFile(database, actor, { text, format: 'csv', csvMapping: mapping }),
    ).rejects.toMatchObject({
      code: 'bank_account_missing',
    });
    const account = await database.db
      .insertInto('bank_accounts')
      .values({
        org_id: actor.orgId,
        id: crypto.randomUUID(),
        name: 'Sparkasse',
        iban: 'DE12500105170648489890',
        account_number: null,
        bic: null,
        currency: 'EUR',
        csv_mapping: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const first = await importBankFile(database, actor, {
      text,
      format: 'csv',
      csvMapping: mapping,
      bankAccountId: account.id,
    });
    expect(first.lines.map((line) => line.added)).toEqual([true, true]);
    // The same two lines in another export (another header order, so another file).
    const other =
      'Name;Buchungstag;Betrag;Verwendungszweck\nKiosk Meier;02.11.2026;50,00;Spende\nKiosk Meier;02.11.2026;50,00;Spende\nKiosk Meier;03.11.2026;50,00;Spende\n';
    // The mapping was saved on the account: the next CSV needs only the account.
    const second = await importBankFile(database, actor, {
      text: other,
      format: 'csv',
      bankAccountId: account.id,
    });
    expect(second.lines.map((line) => line.added)).toEqual([false, false, true]);
    expect(await lineCount(actor)).toBe(3);
  });
});

describe('what is never half written', () => {
  it('refuses a truncated file naming where it stops, and stores nothing', async () => {
    const actor = await freshActor();
    const text = camt('053', 'S-T', [{ ref: 'R-1', amount: '100.00', text: 'INV-1' }]);
    const error = await importBankFile(database, actor, {
      text: text.slice(0, text.length - 60),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe('file');
    expect((error as AppError).message).toMatch(/line \d+/);
    expect(await lineCount(actor)).toBe(0);
    const files = await database.db
      .selectFrom('bank_files')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(files).toEqual([]);
  });

  it('starts the work a new file is worth only for a file read whole and not imported before', async () => {
    const actor = await freshActor();
    const text = camt('053', 'S-H', [{ ref: 'R-1', amount: '100.00', text: 'INV-1' }]);
    let started = 0;
    const hooks = { beforeNewLines: () => (started += 1) };
    await importBankFile(database, actor, { text: text.slice(0, 200) }, hooks).catch(
      () => undefined,
    );
    expect(started).toBe(0);
    await importBankFile(database, actor, { text }, hooks);
    expect(started).toBe(1);
    const again = await importBankFile(database, actor, { text }, hooks);
    expect(again.alreadyImported).toBe(true);
    expect(started).toBe(1);
  });

  it('shows what a dry run would add and keeps nothing', async () => {
    const actor = await freshActor();
    const text = camt('053', 'S-D', [{ ref: 'R-1', amount: '100.00', text: 'INV-1' }]);
    const dry = await importBankFile(database, actor, { text, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.lines.map((line) => line.added)).toEqual([true]);
    expect(await lineCount(actor)).toBe(0);
    const real = await importBankFile(database, actor, { text });
    expect(real.lines.map((line) => line.added)).toEqual([true]);
  });

  it('imports one file sent twice at once exactly once', async () => {
    const actor = await freshActor();
    const text = camt('053', 'S-C', [
      { ref: 'R-1', amount: '100.00', text: 'INV-1' },
      { ref: 'R-2', amount: '100.00', text: 'INV-2' },
    ]);
    const results = await Promise.all([
      importBankFile(database, actor, { text }),
      importBankFile(database, actor, { text }),
    ]);
    expect(results.map((result) => result.alreadyImported).sort()).toEqual([false, true]);
    expect(await lineCount(actor)).toBe(2);
  });
});
