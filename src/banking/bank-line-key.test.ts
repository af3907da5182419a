import { describe, expect, it } from 'vitest';
import { calendarDate } from '../core/calendar-date.js';
import { bankLineKey, occurrences } from './bank-line-key.js';
import { fallbackRef, type BankAccountId, type BankLine } from './formats/bank-statement.js';

const account: BankAccountId = {
  iban: 'DE89370400440532013000',
  number: null,
  bic: null,
  bankCode: null,
};

function line(changes: Partial<BankLine> = {}): BankLine {
  const base: BankLine = {
    position: 1,
    valueDate: calendarDate('2026-11-02'),
    bookingDate: calendarDate('2026-11-02'),
    amountMinor: 12_000n,
    currency: 'EUR',
    direction: 'credit',
    status: 'booked',
    reversal: false,
    payerName: 'Acme GmbH',
    payerAccount: 'DE02120300000000202051',
    payerBic: null,
    references: { AcctSvcrRef: 'BANKREF-1' },
    ref: 'BANKREF-1',
    remittance: { structured: [], unstructured: ['INV-1001'] },
    transactionCode: null,
    additionalInfo: null,
  };
  return { ...base, ...changes };
}

describe('the key of a bank line', () => {
  it("is the bank's reference with the amount, wherever the line stands in its file", () => {
    expect(bankLineKey(account, line({ position: 1 }))).toBe(
      bankLineKey(
        account,
        line({ position: 40, remittance: { structured: [], unstructured: ['INV-', '1001'] } }),
      ),
    );
    expect(bankLineKey(account, line())).not.toBe(bankLineKey(account, line({ ref: 'BANKREF-2' })));
    expect(bankLineKey(account, line())).not.toBe(
      bankLineKey(account, line({ amountMinor: 12_001n })),
    );
    expect(bankLineKey(account, line())).not.toBe(
      bankLineKey(account, line({ direction: 'debit' })),
    );
  });

  it('is what the line says when its reference was made from its position', () => {
    const unreferenced = (position: number, changes: Partial<BankLine> = {}) =>
      line({
        position,
        references: {},
        ref: fallbackRef(account, calendarDate('2026-11-02'), position),
        ...changes,
      });
    // The same transaction at another place in another file.
    expect(bankLineKey(account, unreferenced(3))).toBe(bankLineKey(account, unreferenced(17)));
    // Re-wrapped text is the same text.
    expect(bankLineKey(account, unreferenced(3))).toBe(
      bankLineKey(
        account,
        unreferenced(9, { remittance: { structured: [], unstructured: ['INV-10', '01'] } }),
      ),
    );
    // Anything else that differs makes another transaction.
    for (const changes of [
      { payerAccount: 'DE02120300000000202052' },
      { bookingDate: calendarDate('2026-11-03') },
      { remittance: { structured: [], unstructured: ['INV-1002'] } },
      { payerName: 'Acme AG' },
    ]) {
      expect(bankLineKey(account, unreferenced(3))).not.toBe(
        bankLineKey(account, unreferenced(3, changes)),
      );
    }
  });
});

describe('occurrences', () => {
  it('counts each key from 1 in file order', () => {
    expect(occurrences(['a', 'b', 'a', 'a', 'c', 'b'])).toEqual([1, 1, 2, 3, 1, 2]);
    expect(occurrences([])).toEqual([]);
  });
});
