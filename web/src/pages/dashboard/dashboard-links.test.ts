import { describe, expect, it } from 'vitest';
import {
  bucketInvoicesHref,
  overdueInvoicesHref,
  paymentsHref,
  shiftDays,
} from './dashboard-links';

describe('shiftDays', () => {
  it('moves a calendar date across month, year and leap-day ends', () => {
    expect(shiftDays('2026-12-05', -30)).toBe('2026-11-05');
    expect(shiftDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(shiftDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(shiftDays('2026-12-05', 0)).toBe('2026-12-05');
  });
});

describe('bucket links', () => {
  const asOf = '2025-06-30';
  const query = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

  it('turn days past due into the range of due dates of the bucket', () => {
    expect(query(bucketInvoicesHref(asOf, 'EUR', { from_days: 31, to_days: 60 }))).toEqual({
      status: 'open,partially_paid',
      currency: 'EUR',
      due_from: '2025-05-01',
      due_to: '2025-05-30',
      sort: 'due_on',
    });
  });

  it('take Current as everything due on or after the date, and the last bucket without end', () => {
    const current = query(bucketInvoicesHref(asOf, 'EUR', { from_days: null, to_days: 0 }));
    expect([current.due_from, current.due_to]).toEqual(['2025-06-30', undefined]);
    const last = query(bucketInvoicesHref(asOf, 'EUR', { from_days: 91, to_days: null }));
    expect([last.due_from, last.due_to]).toEqual([undefined, '2025-03-31']);
  });

  it('lead overdue to the invoices due before the date, and cash to its payments', () => {
    expect(query(overdueInvoicesHref(asOf, 'USD')).due_to).toBe('2025-06-29');
    expect(paymentsHref('2025-06-23', '2025-06-29', 'EUR')).toBe(
      '/payments?received_from=2025-06-23&received_to=2025-06-29&currency=EUR',
    );
  });
});
