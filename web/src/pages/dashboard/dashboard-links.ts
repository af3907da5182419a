/**
 * Where each figure of the dashboard leads: the list of the rows behind it, with the filters the
 * list pages already take in their address (the same names as the API's parameters).
 */

/** A calendar date moved by whole days ("2026-12-05", -30 → "2026-11-05"). */
export function shiftDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export interface BucketRange {
  readonly from_days: number | null;
  readonly to_days: number | null;
}

const unpaid = 'open,partially_paid';

/**
 * The unpaid invoices of a due-date aging bucket as of a date: an invoice `d` days past due on
 * `asOf` fell due on `asOf − d`, so the bucket's days from–to are due dates from `asOf − to` to
 * `asOf − from` (Current, with no lower bound of days, is everything due on or after `asOf`).
 */
export function bucketInvoicesHref(asOf: string, currency: string, bucket: BucketRange): string {
  const params = new URLSearchParams({ status: unpaid, currency });
  if (bucket.to_days !== null) params.set('due_from', shiftDays(asOf, -bucket.to_days));
  if (bucket.from_days !== null) params.set('due_to', shiftDays(asOf, -bucket.from_days));
  params.set('sort', 'due_on');
  return `/invoices?${params.toString()}`;
}

/** Every unpaid invoice of a currency that was due before `asOf`. */
export function overdueInvoicesHref(asOf: string, currency: string): string {
  const params = new URLSearchParams({
    status: unpaid,
    currency,
    due_to: shiftDays(asOf, -1),
    sort: 'due_on',
  });
  return `/invoices?${params.toString()}`;
}

/** The payments of a currency received in a period. */
export function paymentsHref(from: string, to: string, currency?: string): string {
  const params = new URLSearchParams({ received_from: from, received_to: to });
  if (currency) params.set('currency', currency);
  return `/payments?${params.toString()}`;
}
