import type { AgingBucket, AgingFigures } from '../../api/types';

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

/** One row's amounts under AgingColumnHeaders, as the API's decimal strings. */
export function AgingAmountCells({
  buckets,
  figures,
}: {
  buckets: readonly AgingBucket[];
  figures: AgingFigures;
}) {
  return (
    <>
      {figures.buckets.map((amount, index) => (
        <td className="amount" key={buckets[index]?.label ?? index}>
          {amount}
        </td>
      ))}
      <td className="amount">{figures.unapplied}</td>
      <td className="amount">{figures.balance}</td>
    </>
  );
}
