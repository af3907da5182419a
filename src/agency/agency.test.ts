// Proves the agency hand-over's arithmetic: the commission is the exact share rounded half-up,
// a recovery is spread oldest first without ever exceeding an invoice's open balance and always
// sums to the amount, more than is open is refused, and a placement's amount is the open total
// of invoices that are all open, the customer's and in one currency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/calendar-date.js';
import {
  commissionMinor,
  daysOverdue,
  overdueInvoices,
  parsePlacementInput,
  placementAmount,
  planRecovery,
  type PlaceableInvoice,
} from './agency.js';

const d = (text: string) => text as CalendarDate;
const invoice = (
  id: string,
  dueOn: string,
  openMinor: bigint,
  overrides: Partial<PlaceableInvoice> = {},
): PlaceableInvoice => ({
  id,
  number: id.toUpperCase(),
  customerId: 'c1',
  currency: 'EUR',
  status: 'open',
  issuedOn: d('2026-01-01'),
  dueOn: d(dueOn),
  totalMinor: openMinor,
  openMinor,
  ...overrides,
});

describe('commissionMinor', () => {
  it('rounds the exact share half-up to the minor unit', () => {
    expect(commissionMinor(123_457n, 250_000n)).toBe(30_864n); // 1,234.57 × 25 % = 308.6425
    expect(commissionMinor(2n, 250_000n)).toBe(1n); // 0.02 × 25 % = 0.005 → 0.01
    expect(commissionMinor(1n, 250_000n)).toBe(0n); // 0.0025 → 0.00
    expect(commissionMinor(100_000n, 175_000n)).toBe(17_500n);
    expect(commissionMinor(100_000n, 0n)).toBe(0n);
  });

  it('commission is within half a unit of the exact share and never more than the recovery', () => {
    fc.assert(
      fc.property(fc.bigInt(1n, 10n ** 15n), fc.bigInt(0n, 1_000_000n), (amount, percent) => {
        const commission = commissionMinor(amount, percent);
        const exactTimesScale = amount * percent; // the exact share × 1,000,000
        const difference = commission * 1_000_000n - exactTimesScale;
        expect(difference * 2n <= 1_000_000n && difference * 2n > -1_000_000n).toBe(true);
        expect(commission <= amount).toBe(true);
      }),
    );
  });
});

describe('planRecovery', () => {
  it('applies to the oldest due first and refuses more than is open, naming the amount', () => {
    const invoices = [invoice('b', '2026-03-03', 50_000n), invoice('a', '2026-02-04', 100_000n)];
    const planned = planRecovery(123_457n, invoices, d('2026-04-10'), 'EUR');
    expect(planned).toEqual({
      ok: true,
      value: [
        { invoiceId: 'a', amountMinor: 100_000n, discountMinor: 0n },
        { invoiceId: 'b', amountMinor: 23_457n, discountMinor: 0n },
      ],
    });
    expect(planRecovery(150_001n, invoices, d('2026-04-10'), 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'recovery_exceeds_open', field: 'amount' },
    });
    expect(planRecovery(0n, invoices, d('2026-04-10'), 'EUR')).toMatchObject({
      ok: false,
      error: { code: 'amount_not_positive' },
    });
  });

  it('a recovery up to the open total is spread in full, each part within its invoice, and never more than is open', () => {
    const opens = fc.array(fc.bigInt(0n, 10n ** 9n), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(opens, fc.bigInt(1n, 10n ** 10n), (amounts, recovered) => {
        const invoices = amounts.map((open, index) =>
          invoice(`i${index}`, `2026-0${1 + (index % 9)}-1${index % 10}`, open),
        );
        const total = amounts.reduce((sum, open) => sum + open, 0n);
        const planned = planRecovery(recovered, invoices, d('2026-12-31'), 'EUR');
        if (recovered > total) {
          expect(planned.ok).toBe(false);
          return;
        }
        if (!planned.ok) throw new Error(planned.error.message);
        expect(planned.value.reduce((sum, application) => sum + application.amountMinor, 0n)).toBe(
          recovered,
        );
        for (const application of planned.value) {
          const target = invoices.find((candidate) => candidate.id === application.invoiceId)!;
          expect(application.amountMinor > 0n && application.amountMinor <= target.openMinor).toBe(
            true,
          );
        }
      }),
    );
  });
});

describe('placementAmount', () => {
  it("is the open total of invoices that are open, the customer's and in one currency", () => {
    const fields = ['invoice_ids[0]', 'invoice_ids[1]'];
    const on = d('2026-03-25');
    expect(
      placementAmount(
        [invoice('a', '2026-02-04', 100_000n), invoice('b', '2026-03-03', 38_000n)],
        'c1',
        on,
        fields,
      ),
    ).toEqual({ ok: true, value: { currency: 'EUR', amountMinor: 138_000n } });
    const refusals: [PlaceableInvoice, string][] = [
      [invoice('b', '2026-03-03', 1n, { currency: 'USD' }), 'currency_mismatch'],
      [invoice('b', '2026-03-03', 0n, { status: 'paid' }), 'invoice_not_open'],
      [invoice('b', '2026-03-03', 1n, { customerId: 'c2' }), 'invoice_customer_mismatch'],
      [invoice('b', '2026-04-03', 1n, { issuedOn: d('2026-03-26') }), 'placement_before_issue'],
    ];
    for (const [second, code] of refusals) {
      expect(
        placementAmount([invoice('a', '2026-02-04', 1n), second], 'c1', on, fields),
      ).toMatchObject({ ok: false, error: { code, field: 'invoice_ids[1]' } });
    }
    expect(placementAmount([], 'c1', on, [])).toMatchObject({
      ok: false,
      error: { code: 'no_overdue_invoices' },
    });
    expect(
      placementAmount([invoice('b', '2026-03-03', 0n, { status: 'paid' })], 'c1', on, [
        'invoice_ids[0]',
      ]),
    ).toEqual({
      ok: false,
      error: {
        code: 'invoice_not_open',
        message: 'Invoice B is paid: only open invoices are placed.',
        field: 'invoice_ids[0]',
      },
    });
  });

  it('all overdue means open, past due on the day and in the currency', () => {
    const invoices = [
      invoice('a', '2026-03-24', 1n),
      invoice('b', '2026-03-25', 1n),
      invoice('c', '2026-01-01', 0n),
      invoice('d', '2026-01-01', 1n, { currency: 'USD' }),
    ];
    expect(overdueInvoices(invoices, 'EUR', d('2026-03-25')).map((item) => item.id)).toEqual(['a']);
    expect(daysOverdue(d('2026-03-24'), d('2026-03-26'))).toBe(2);
    expect(daysOverdue(d('2026-03-27'), d('2026-03-26'))).toBe(0);
  });
});

describe('parsePlacementInput', () => {
  it('defaults the channel to agency and the date to today, and refuses a mixed selection', () => {
    const parsed = parsePlacementInput(
      { customerId: 'c1', agency: ' DRP ', commissionPercent: '17.5', invoiceIds: ['x'] },
      d('2026-03-25'),
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        agency: 'DRP',
        channel: 'agency',
        placedOn: '2026-03-25',
        commissionPercentScaled: 175_000n,
      },
    });
    expect(
      parsePlacementInput(
        {
          customerId: 'c1',
          agency: 'A',
          commissionPercent: '1',
          invoiceIds: ['x'],
          allOverdue: true,
        },
        d('2026-03-25'),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'invoice_selection_conflict', field: 'invoice_ids' },
    });
  });
});
