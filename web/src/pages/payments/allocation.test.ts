import { describe, expect, it } from 'vitest';
import {
  allocationTotals,
  applicationsToSend,
  currencyDecimals,
  fromMinor,
  suggestOldestFirst,
  toMinor,
} from './allocation';

const invoice = (id: string, due_on: string, open: string, issued_on = '2026-01-01') => ({
  id,
  number: `INV-${id}`,
  issued_on,
  due_on,
  open,
});

describe('amounts in minor units', () => {
  it('reads decimal strings exactly, with the currency’s decimals and no more', () => {
    expect(toMinor('1234.5', 2)).toBe(123450n);
    expect(toMinor('1,000.00', 2)).toBe(100000n);
    expect(toMinor('', 2)).toBe(0n);
    expect(toMinor('0.001', 2)).toBeNull();
    expect(toMinor('-5', 2)).toBeNull();
    expect(toMinor('1e3', 2)).toBeNull();
    expect(toMinor('1200', 0)).toBe(1200n);
    expect(toMinor('1.5', 0)).toBeNull();
    expect(toMinor('1.234', 3)).toBe(1234n);
    // Past what a JavaScript number holds exactly.
    expect(toMinor('90071992547409.93', 2)).toBe(9007199254740993n);
  });

  it('writes them back as the API reads them', () => {
    expect(fromMinor(123450n, 2)).toBe('1234.50');
    expect(fromMinor(5n, 2)).toBe('0.05');
    expect(fromMinor(-5n, 2)).toBe('-0.05');
    expect(fromMinor(1200n, 0)).toBe('1200');
    expect(fromMinor(9007199254740993n, 2)).toBe('90071992547409.93');
  });

  it('knows each currency’s decimals', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
  });
});

describe('oldest-first suggestion', () => {
  const invoices = [
    invoice('b', '2026-03-01', '400.00'),
    invoice('a', '2026-02-01', '300.00'),
    invoice('c', '2026-04-01', '500.00'),
  ];

  it('pays the invoice due first in full, then the next, until the money runs out', () => {
    expect(suggestOldestFirst(100000n, invoices, 2)).toEqual({
      a: '300.00',
      b: '400.00',
      c: '300.00',
    });
  });

  it('leaves the rest as credit when there is more money than owed', () => {
    expect(suggestOldestFirst(150000n, invoices, 2)).toEqual({
      a: '300.00',
      b: '400.00',
      c: '500.00',
    });
  });

  it('breaks a tie on the due date by the issue date', () => {
    const tied = [
      invoice('late', '2026-02-01', '10.00', '2026-01-20'),
      invoice('early', '2026-02-01', '10.00', '2026-01-10'),
    ];
    expect(suggestOldestFirst(1000n, tied, 2)).toEqual({ early: '10.00', late: '' });
  });
});

describe('totals', () => {
  it('adds what is applied and says what stays as credit, to the cent', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004.
    expect(allocationTotals(100000n, { a: '0.10', b: '0.20', c: '' }, 2)).toEqual({
      ok: true,
      appliedMinor: 30n,
      leftMinor: 99970n,
    });
  });

  it('goes negative when more is applied than received', () => {
    expect(allocationTotals(1000n, { a: '10.01' }, 2)).toEqual({
      ok: true,
      appliedMinor: 1001n,
      leftMinor: -1n,
    });
  });

  it('names the rows that are not amounts', () => {
    expect(allocationTotals(1000n, { a: '1.001', b: '2' }, 2)).toEqual({
      ok: false,
      invalidInvoiceIds: ['a'],
    });
  });

  it('sends only the rows with money, in the order shown', () => {
    const shown = [invoice('a', '2026-02-01', '300.00'), invoice('b', '2026-03-01', '400.00')];
    expect(applicationsToSend(shown, { b: '50', a: '' }, 2)).toEqual([
      { invoice_id: 'b', amount: '50.00' },
    ]);
  });
});
