import type { AgingBucket, AgingFigures } from '../../api/types';
import { formatAmount } from '../../format/money';

/** The aging's amount columns as the API labels them: one per bucket, then unapplied and balance. */
export function AgingColumnHeaders({ buckets }: { buckets: readonly AgingBucket[] }) {
  return (
    <>
      {buckets.map((bucket) => (
        <th scope="col" className="amount" key={bucket.label}>
          {bucket.label}
        </th>
      ))}
      <th scope="col" className="amount">
        unapplied
      </th>
      <th scope="col" className="amount">
        balance
      </th>
    </>
  );
}

/** One row's amounts under AgingColumnHeaders, in the reader's locale. */
export function AgingAmountCells({
  buckets,
  figures,
  currency,
}: {
  buckets: readonly AgingBucket[];
  figures: AgingFigures;
  currency: string;
}) {
  return (
    <>
      {figures.buckets.map((amount, index) => (
        <td className="amount" key={buckets[index]?.label ?? index}>
          {formatAmount(amount, currency)}
        </td>
      ))}
      <td className="amount">{formatAmount(figures.unapplied, currency)}</td>
      <td className="amount">{formatAmount(figures.balance, currency)}</td>
    </>
  );
}
