import type { Aging } from '../../api/types';
import { TableScroll } from '../../components/table-scroll';
import { Link } from '../../routing';
import { addressOf } from '../../url-query';
import { AgingAmountCells, AgingColumnHeaders } from './aging-cells';

type CurrencySection = Aging['currencies'][number];

/**
 * One currency's aging: a row per customer, a column per bucket of the organization (labelled
 * as the API labels them), the unapplied credit and the balance, then the TOTAL row. Amounts
 * are the API's, grouped and punctuated in the reader's locale (format/money.ts).
 */
export function AgingSummaryTable({ aging, section }: { aging: Aging; section: CurrencySection }) {
  const statementOf = (customerId: string) =>
    addressOf(`/customers/${customerId}/statement`, { to: aging.as_of });
  return (
    <TableScroll label={`Aging in ${section.currency}`}>
      <table className="report">
        <caption>Aging in {section.currency}</caption>
        <thead>
          <tr>
            <th scope="col">Customer ref</th>
            <th scope="col">Customer</th>
            <AgingColumnHeaders buckets={aging.buckets} />
          </tr>
        </thead>
        <tbody>
          {section.customers.map((row) => (
            <tr key={row.customer_id}>
              <td>{row.customer_ref}</td>
              <td>
                <Link
                  to={statementOf(row.customer_id)}
                  title={`Statement of ${row.customer_name} to ${aging.as_of}`}
                >
                  {row.customer_name}
                </Link>
              </td>
              <AgingAmountCells buckets={aging.buckets} figures={row} currency={section.currency} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">TOTAL</th>
            <td />
            <AgingAmountCells
              buckets={aging.buckets}
              figures={section.totals}
              currency={section.currency}
            />
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
