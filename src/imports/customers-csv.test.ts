// Proves that the customers parser reads every column by name, defaults the terms, turns an
// e-mail into a reminder contact, and reports every bad row with its line, column and code.
import { describe, expect, it } from 'vitest';
import { parseCustomersCsv } from './customers-csv.js';

describe('parseCustomersCsv', () => {
  it('reads customers with columns in any order, extra columns ignored, terms defaulted to NET30', () => {
    const result = parseCustomersCsv(
      'currency,terms,name,ref,email,region\nEUR,2/10 net 30,"Acme, Inc.",C-1,AP@Acme.test,north\nusd,,Beta,C-2,,south\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.rows.map((row) => [
        row.line,
        row.fields.ref,
        row.fields.name,
        row.fields.currency,
        row.fields.termsCode,
      ]),
    ).toEqual([
      [2, 'C-1', 'Acme, Inc.', 'EUR', '2/10_NET30'],
      [3, 'C-2', 'Beta', 'USD', 'NET30'],
    ]);
    expect(result.rows[0]!.contact).toEqual({
      name: 'Acme, Inc.',
      email: 'ap@acme.test',
      phone: null,
      role: 'accounts_payable',
      receivesReminders: true,
    });
    expect(result.rows[1]!.contact).toBeNull();
  });

  it('accepts a file without the optional email and terms columns', () => {
    const result = parseCustomersCsv('ref,name,currency\nC-1,Acme,EUR\n');
    expect(result.ok && result.rows[0]!.fields.termsCode).toBe('NET30');
  });

  it('reports every bad row and every bad cell, each with its line, column and code', () => {
    const csv = [
      'ref,name,email,currency,terms',
      'bad ref!,Acme,,EUR,',
      'C-2,,,EUR,',
      'C-3,Gamma,not-an-email,XYZ,NET 30 days',
      'C-4,Delta,,EUR,',
      'C-4,Delta again,,EUR,',
    ].join('\n');
    const result = parseCustomersCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ line, field, code }) => ({ line, field, code }))).toEqual([
      { line: 2, field: 'ref', code: 'ref_invalid' },
      { line: 3, field: 'name', code: 'value_required' },
      { line: 4, field: 'currency', code: 'currency_unknown' },
      { line: 4, field: 'terms', code: 'terms_invalid' },
      { line: 4, field: 'email', code: 'email_invalid' },
      { line: 6, field: 'ref', code: 'ref_repeated' },
    ]);
    expect(result.errors[5]!.message).toBe('"C-4" is also on line 5.');
    expect(result.badRows).toBe(4);
  });

  it('names a missing column', () => {
    expect(parseCustomersCsv('ref,currency\nC-1,EUR\n')).toMatchObject({
      ok: false,
      errors: [{ line: 1, field: 'name', code: 'column_missing' }],
    });
  });
});
