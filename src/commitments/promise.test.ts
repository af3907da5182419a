// Proves the promise rules on worked examples: kept as soon as the payments in the window reach
// the amount (even when noticed late), broken only after two days of grace, open in between;
// covered invoices are checked one by one naming the failing entry; terms are checked against
// what is open and against today.
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import { limits } from '../core/limits.js';
import {
  checkCoveredInvoices,
  decidePromise,
  parsePromiseInput,
  promiseGraceEnd,
  type CoveredInvoice,
} from './promise.js';

const d = (text: string) => text as CalendarDate;
const terms = { amountMinor: 50_000n, madeOn: d('2026-03-01'), promisedOn: d('2026-03-10') };

describe('decidePromise', () => {
  it('keeps a promise once the payments reach the amount, before or after the date', () => {
    expect(decidePromise(terms, 50_000n, d('2026-03-05'))).toBe('kept');
    // Paid in the window but noticed a month later: still kept, the payment was on time.
    expect(decidePromise(terms, 60_000n, d('2026-04-10'))).toBe('kept');
  });

  it('leaves it open through the promised date and two days of grace', () => {
    expect(promiseGraceEnd(d('2026-03-10'))).toBe('2026-03-12');
    expect(decidePromise(terms, 49_999n, d('2026-03-10'))).toBe('open');
    expect(decidePromise(terms, 0n, d('2026-03-12'))).toBe('open');
  });

  it('breaks it the day after the grace when the payments fall short', () => {
    expect(decidePromise(terms, 49_999n, d('2026-03-13'))).toBe('broken');
    // A reversal can take the sum below zero: still simply short.
    expect(decidePromise(terms, -10_000n, d('2026-03-13'))).toBe('broken');
  });
});

function invoice(id: string, overrides: Partial<CoveredInvoice> = {}): CoveredInvoice {
  return {
    id,
    number: `INV-${id}`,
    customerId: 'c1',
    currency: 'EUR',
    status: 'open',
    openMinor: 10_000n,
    ...overrides,
  };
}

describe('checkCoveredInvoices', () => {
  const found = new Map([
    ['a', invoice('a')],
    ['b', invoice('b', { status: 'partially_paid', openMinor: 2_500n })],
    ['paid', invoice('paid', { status: 'paid', openMinor: 0n })],
    ['usd', invoice('usd', { currency: 'USD' })],
    ['other', invoice('other', { customerId: 'c2' })],
  ]);

  it("sums the open balances of the customer's open invoices in one currency", () => {
    expect(checkCoveredInvoices(['a', 'b'], found, 'c1')).toEqual({
      ok: true,
      value: { currency: 'EUR', openMinor: 12_500n },
    });
  });

  it('names the failing entry', () => {
    expect(checkCoveredInvoices(['a', 'missing'], found, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'invoice_not_found', field: 'invoice_ids[1]' },
    });
    expect(checkCoveredInvoices(['a', 'other'], found, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'invoice_customer_mismatch', field: 'invoice_ids[1]' },
    });
    expect(checkCoveredInvoices(['paid'], found, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'invoice_not_open', field: 'invoice_ids[0]' },
    });
    expect(checkCoveredInvoices(['a', 'usd'], found, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'currency_mismatch', field: 'invoice_ids[1]' },
    });
    expect(checkCoveredInvoices(['a', 'b', 'a'], found, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'invoice_repeated', field: 'invoice_ids[2]' },
    });
  });

  it('takes at most invoicesPerCommitmentMax invoices', () => {
    const many = Array.from(
      { length: limits.invoicesPerCommitmentMax + 1 },
      (_, index) => `i${index}`,
    );
    const all = new Map(many.map((id) => [id, invoice(id)]));
    expect(checkCoveredInvoices(many.slice(0, -1), all, 'c1').ok).toBe(true);
    expect(checkCoveredInvoices(many, all, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'too_many_invoices' },
    });
  });
});

describe('parsePromiseInput', () => {
  const today = d('2026-03-01');
  const parse = (input: Parameters<typeof parsePromiseInput>[0], open = 100_000n) =>
    parsePromiseInput(input, 'EUR', open, today);

  it('reads the amount in major units and defaults the day it was made to today', () => {
    expect(parse({ amount: '1000.00', promisedOn: '2026-03-10', notes: '  by transfer ' })).toEqual(
      {
        ok: true,
        value: {
          amountMinor: 100_000n,
          madeOn: today,
          promisedOn: '2026-03-10',
          notes: 'by transfer',
        },
      },
    );
  });

  it('refuses an amount of zero, more than is open, or too precise', () => {
    expect(parse({ amount: '0', promisedOn: '2026-03-10' })).toMatchObject({
      ok: false,
      error: { code: 'amount_not_positive', field: 'amount' },
    });
    expect(parse({ amount: '1000.01', promisedOn: '2026-03-10' })).toMatchObject({
      ok: false,
      error: { code: 'promise_exceeds_open_balance', field: 'amount' },
    });
    expect(parse({ amount: '1.001', promisedOn: '2026-03-10' })).toMatchObject({
      ok: false,
      error: { code: 'amount_too_precise', field: 'amount' },
    });
  });

  it('refuses dates out of order or in the future', () => {
    expect(parse({ amount: '1', promisedOn: '2026-02-30' })).toMatchObject({
      ok: false,
      error: { code: 'date_invalid', field: 'promised_on' },
    });
    expect(parse({ amount: '1', promisedOn: '2026-02-28' })).toMatchObject({
      ok: false,
      error: { code: 'promised_on_before_made_on', field: 'promised_on' },
    });
    expect(parse({ amount: '1', promisedOn: '2026-03-10', madeOn: '2026-03-02' })).toMatchObject({
      ok: false,
      error: { code: 'made_on_in_future', field: 'made_on' },
    });
    expect(parse({ amount: '1', promisedOn: '2026-03-01', madeOn: '2026-02-20' }).ok).toBe(true);
  });
});
