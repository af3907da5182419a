// Proves that the payments parser groups rows sharing a ref into one payment whose amount is
// their sum, keeps unapplied parts, and refuses rows that disagree with their payment.
import { describe, expect, it } from 'vitest';
import { parsePaymentsCsv } from './payments-csv.js';

const header = 'ref,customer_ref,received_date,currency,amount,invoice_number';

describe('parsePaymentsCsv', () => {
  it('groups rows by ref into payments, the amount being the sum of the rows', () => {
    const result = parsePaymentsCsv(
      `${header}\nP-1,C-1,2026-02-01,EUR,100.00,INV-1\nP-2,C-2,2026-02-02,EUR,7.5,\nP-1,C-1,2026-02-01,EUR,20.50,INV-2\nP-1,C-1,2026-02-01,EUR,0.50,\n`,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          ref: 'P-1',
          customerRef: 'C-1',
          receivedOn: '2026-02-01',
          currency: 'EUR',
          amountMinor: 12100n,
          parts: [
            { line: 2, invoiceNumber: 'INV-1', amountMinor: 10000n },
            { line: 4, invoiceNumber: 'INV-2', amountMinor: 2050n },
            { line: 5, invoiceNumber: null, amountMinor: 50n },
          ],
        },
        {
          line: 3,
          ref: 'P-2',
          customerRef: 'C-2',
          receivedOn: '2026-02-02',
          currency: 'EUR',
          amountMinor: 750n,
          parts: [{ line: 3, invoiceNumber: null, amountMinor: 750n }],
        },
      ],
    });
  });

  it('refuses rows of one payment that differ in customer, date or currency, or repeat an invoice', () => {
    const csv = [
      header,
      'P-1,C-1,2026-02-01,EUR,10,INV-1',
      'P-1,C-2,2026-02-01,EUR,10,INV-2', // 3: customer
      'P-1,C-1,2026-02-02,EUR,10,INV-3', // 4: date
      'P-1,C-1,2026-02-01,USD,10,INV-4', // 5: currency
      'P-1,C-1,2026-02-01,EUR,10,INV-1', // 6: invoice again
      'P-2,C-1,2026-02-01,EUR,0,INV-9', // 7: zero
      'P-3,C-1,2026-02-01,EUR,1.999,', // 8: too precise
      ',C-1,2026-02-01,EUR,1,', // 9: no ref
    ].join('\n');
    const result = parsePaymentsCsv(csv);
    expect(
      result.ok ? [] : result.errors.map(({ line, field, code }) => [line, field, code]),
    ).toEqual([
      [3, 'customer_ref', 'payment_rows_differ'],
      [4, 'received_date', 'payment_rows_differ'],
      [5, 'currency', 'payment_rows_differ'],
      [6, 'invoice_number', 'invoice_repeated'],
      [7, 'amount', 'amount_not_positive'],
      [8, 'amount', 'amount_too_precise'],
      [9, 'ref', 'value_required'],
    ]);
    if (!result.ok) expect(result.errors[0]!.message).toContain('line 2');
  });

  it('refuses a payment whose rows add up to more than the largest amount', () => {
    const result = parsePaymentsCsv(
      `${header}\nP-1,C-1,2026-02-01,EUR,10000000000000.00,\nP-1,C-1,2026-02-01,EUR,0.01,\n`,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [{ line: 3, field: 'amount', code: 'amount_too_large' }],
    });
  });
});
