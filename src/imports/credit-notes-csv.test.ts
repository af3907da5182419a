// Proves that the credit notes parser reads standalone and invoice-linked credit notes and
// reports every bad row with its line and code.
import { describe, expect, it } from 'vitest';
import { parseCreditNotesCsv } from './credit-notes-csv.js';

describe('parseCreditNotesCsv', () => {
  it('reads credit notes, an empty invoice number meaning unapplied credit', () => {
    const result = parseCreditNotesCsv(
      'number,customer_ref,issue_date,currency,total,invoice_number\nCN-1,C-1,2026-01-15,EUR,30.00,INV-1\nCN-2,C-1,2026-01-16,EUR,5,\n',
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          number: 'CN-1',
          customerRef: 'C-1',
          issuedOn: '2026-01-15',
          currency: 'EUR',
          totalMinor: 3000n,
          invoiceNumber: 'INV-1',
        },
        {
          line: 3,
          number: 'CN-2',
          customerRef: 'C-1',
          issuedOn: '2026-01-16',
          currency: 'EUR',
          totalMinor: 500n,
          invoiceNumber: null,
        },
      ],
    });
  });

  it('accepts a file without the invoice_number column', () => {
    const result = parseCreditNotesCsv(
      'number,customer_ref,issue_date,currency,total\nCN-1,C-1,2026-01-15,EUR,30.00\n',
    );
    expect(result.ok && result.rows[0]!.invoiceNumber).toBeNull();
  });

  it('reports each error code with its line', () => {
    const csv = [
      'number,customer_ref,issue_date,currency,total,invoice_number',
      'CN-1,C-1,2026-01-15,EUR,0,', // 2: zero
      'CN-2,C-1,15/01/2026,EUR,1,', // 3: date format
      'CN-3,C-1,2026-01-15,EUR,1.001,INV-1', // 4: too precise
      'CN-1,C-1,2026-01-15,EUR,1,', // 5: repeated
    ].join('\r\n');
    const result = parseCreditNotesCsv(csv);
    expect(
      result.ok ? [] : result.errors.map(({ line, field, code }) => [line, field, code]),
    ).toEqual([
      [2, 'total', 'amount_not_positive'],
      [3, 'issue_date', 'date_invalid'],
      [4, 'total', 'amount_too_precise'],
      [5, 'number', 'number_repeated'],
    ]);
  });
});
