// Proves that exactly the statuses with something open take money, that an invoice's balance
// status is one of them whenever its balance is above zero (so a check of the status is a check of
// the balance), and that every site refusing an invoice says it in the one wording the API returns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import {
  balanceStatus,
  checkOpenInvoice,
  invoiceStatuses,
  isOpenStatus,
  notOpenInvoice,
  openInvoiceStatuses,
  requireOpenInvoice,
} from './invoice-status.js';

describe('open statuses', () => {
  it('are open and partially paid, and nothing else', () => {
    expect(invoiceStatuses.filter(isOpenStatus)).toEqual(['open', 'partially_paid']);
    expect([...openInvoiceStatuses]).toEqual(['open', 'partially_paid']);
    expect(isOpenStatus('OPEN')).toBe(false);
  });

  it('are what a balance above zero gives, and never a balance of zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 15n),
        fc.bigInt(0n, 10n ** 15n),
        fc.bigInt(0n, 10n ** 15n),
        (total, open, writtenOff) => {
          const openMinor = open > total ? total : open;
          expect(isOpenStatus(balanceStatus(total, openMinor, writtenOff))).toBe(openMinor > 0n);
        },
      ),
    );
  });
});

describe('the refusal of an invoice that is not open', () => {
  it('names the invoice and its status, a draft by that word', () => {
    expect(notOpenInvoice({ number: 'INV-7', status: 'paid' }, 'invoice_id')).toEqual({
      code: 'invoice_not_open',
      message: 'Invoice INV-7 is paid.',
      field: 'invoice_id',
    });
    expect(notOpenInvoice({ number: null, status: 'draft' })).toEqual({
      code: 'invoice_not_open',
      message: 'Invoice (draft) is draft.',
    });
  });

  it("adds the caller's reason after the status", () => {
    expect(
      checkOpenInvoice(
        { number: 'INV-7', status: 'written_off' },
        'invoice_ids[1]',
        'only open invoices are placed',
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'invoice_not_open',
        message: 'Invoice INV-7 is written_off: only open invoices are placed.',
        field: 'invoice_ids[1]',
      },
    });
  });

  it('lets open invoices through', () => {
    expect(checkOpenInvoice({ number: 'INV-7', status: 'partially_paid' })).toEqual({
      ok: true,
      value: true,
    });
    expect(() =>
      requireOpenInvoice({ number: 'INV-7', status: 'open' }, 'invoice_id'),
    ).not.toThrow();
  });

  it('is a conflict when thrown, with the field when one is named and none otherwise', () => {
    const thrown = (field?: string) => {
      try {
        requireOpenInvoice({ number: 'INV-7', status: 'void' }, field);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('not refused');
    };
    expect(thrown('invoice_id')).toMatchObject({
      kind: 'conflict',
      code: 'invoice_not_open',
      message: 'Invoice INV-7 is void.',
      field: 'invoice_id',
    });
    expect(thrown()).toBeInstanceOf(AppError);
    expect(thrown().field).toBeUndefined();
  });
});
