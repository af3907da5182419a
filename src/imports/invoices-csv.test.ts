// Proves that the invoices parser reads numbers, dates, currencies and totals exactly (refusing
// amounts too precise for the currency), and reports every bad row with its line and code.
import { describe, expect, it } from 'vitest';
import { parseInvoicesCsv } from './invoices-csv.js';

const header = 'number,customer_ref,issue_date,due_date,currency,total';

describe('parseInvoicesCsv', () => {
  it('reads invoices in minor units of their currency, with optional due date, description and PO number', () => {
    const result = parseInvoicesCsv(
      'po_number,total,currency,due_date,issue_date,customer_ref,number,description\n' +
        'PO-9,1234.5,EUR,2026-02-10,2026-01-10,C-1,INV-1,"Consulting, January"\n' +
        ',1000,JPY,,2026-01-11,C-2,INV-2,\n' +
        ',1.234,KWD,,2026-01-12,C-3,INV-3,\n',
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          number: 'INV-1',
          customerRef: 'C-1',
          issuedOn: '2026-01-10',
          dueOn: '2026-02-10',
          currency: 'EUR',
          totalMinor: 123450n,
          description: 'Consulting, January',
          poNumber: 'PO-9',
        },
        {
          line: 3,
          number: 'INV-2',
          customerRef: 'C-2',
          issuedOn: '2026-01-11',
          dueOn: null,
          currency: 'JPY',
          totalMinor: 1000n,
          description: null,
          poNumber: null,
        },
        {
          line: 4,
          number: 'INV-3',
          customerRef: 'C-3',
          issuedOn: '2026-01-12',
          dueOn: null,
          currency: 'KWD',
          totalMinor: 1234n,
          description: null,
          poNumber: null,
        },
      ],
    });
  });

  it('reports each error code with its line, every row of the file', () => {
    const csv = [
      header,
      'INV-1,C-1,2026-01-10,,EUR,10.005', // 2: too precise
      'INV-2,C-1,2026-02-30,,EUR,10', // 3: not a date
      'INV-3,C-1,2026-01-10,2026-01-09,EUR,10', // 4: due before issue
      'INV-4,C-1,2026-01-10,,EURO,10', // 5: currency
      'INV-5,C-1,2026-01-10,,EUR,-10', // 6: negative
      'INV-6,C-1,2026-01-10,,EUR,1 000', // 7: not an amount
      ',C-1,2026-01-10,,EUR,10', // 8: no number
      'INV-8,,2026-01-10,,EUR,10', // 9: no customer
      'INV-1,C-1,2026-01-10,,EUR,10', // 10: repeated number
      'INV-10,C-1,2026-01-10,,JPY,100.5', // 11: JPY has no decimals
      'INV-11,C-1,2026-01-10,,EUR,10', // 12: fine
    ].join('\n');
    const result = parseInvoicesCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ line, field, code }) => [line, field, code])).toEqual([
      [2, 'total', 'amount_too_precise'],
      [3, 'issue_date', 'date_invalid'],
      [4, 'due_date', 'due_before_issue'],
      [5, 'currency', 'currency_unknown'],
      [6, 'total', 'amount_negative'],
      [7, 'total', 'amount_invalid'],
      [8, 'number', 'value_required'],
      [9, 'customer_ref', 'value_required'],
      [10, 'number', 'number_repeated'],
      [11, 'total', 'amount_too_precise'],
    ]);
    expect(result.errors[0]!.message).toBe('"10.005" has 3 decimals; EUR has 2.');
    expect(result.badRows).toBe(10);
  });

  it('reports several bad cells of one row together', () => {
    const result = parseInvoicesCsv(`${header}\nINV-1,C 1,2026-13-01,,EUR,abc\n`);
    expect(result.ok ? [] : result.errors.map((error) => error.field)).toEqual([
      'customer_ref',
      'issue_date',
      'total',
    ]);
  });
});
