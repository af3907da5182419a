import type { AgingItem } from '../../api/types';
import { formatAmount } from '../../format/money';
import { TableScroll } from '../../components/table-scroll';

const typeLabels: Record<AgingItem['type'], string> = {
  invoice: 'Invoice',
  payment: 'Payment',
  credit_note: 'Credit note',
};

/** Every open item of one currency as of the date: what the summary's figures are made of. */
export function AgingItemsTable({
  currency,
  items,
}: {
  currency: string;
  items: readonly AgingItem[];
}) {
  return (
    <TableScroll label={`Open items in ${currency}`}>
      <table className="report">
        <caption>Open items in {currency}</caption>
        <thead>
          <tr>
            <th scope="col">Customer ref</th>
            <th scope="col">Type</th>
            <th scope="col">Number</th>
            <th scope="col">Date</th>
            <th scope="col">Due</th>
            <th scope="col" className="amount">
              Age (days)
            </th>
            <th scope="col">Bucket</th>
            <th scope="col" className="amount">
              Total
            </th>
            <th scope="col" className="amount">
              Open
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.type}-${item.id}`}>
              <td>{item.customer_ref}</td>
              <td>{typeLabels[item.type]}</td>
              <td>{item.number ?? '—'}</td>
              <td>{item.document_date}</td>
              <td>{item.due_date ?? '—'}</td>
              <td className="amount">{item.age_days ?? '—'}</td>
              <td>{item.bucket}</td>
              <td className="amount">{formatAmount(item.total, currency)}</td>
              <td className="amount">{formatAmount(item.balance, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
