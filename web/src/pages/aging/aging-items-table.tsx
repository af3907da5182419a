import type { AgingItem } from '../../api/types';
import { formatAmount } from '../../format/money';
import { ColumnHeaders } from '../../components/report-table';
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
        <ColumnHeaders
          columns={[
            'Customer ref',
            'Type',
            'Number',
            'Date',
            'Due',
            { amount: 'Age (days)' },
            'Bucket',
            { amount: 'Total' },
            { amount: 'Open' },
          ]}
        />
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
