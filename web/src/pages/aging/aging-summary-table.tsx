import type { Aging } from '../../api/types';
import { Link } from '../../routing';
import { addressOf } from '../../url-query';

type CurrencySection = Aging['currencies'][number];

/**
 * One currency's aging: a row per customer, a column per bucket of the organization (labelled
 * as the API labels them), the unapplied credit and the balance, then the TOTAL row. Amounts
 * are the API's decimal strings, shown as they come.
 */
export function AgingSummaryTable({ aging, section }: { aging: Aging; section: CurrencySection }) {
  const statementOf = (customerId: string) => addressOf(`/customers/${customerId}/statement`, { to: aging.as_of });
  return (
    <table className="report">
      <caption>Aging in {section.currency}</caption>
      <thead>
        <tr>
          <th scope="col">Customer ref</th>
          <th scope="col">Customer</th>
          {aging.buckets.map((bucket) => (
            <th scope="col" className="amount" key={bucket.label}>
              {bucket.label}
            </th>
          ))}
          <th scope="col" className="amount">unapplied</th>
          <th scope="col" className="amount">balance</th>
        </tr>
      </thead>
      <tbody>
        {section.customers.map((row) => (
          <tr key={row.customer_id}>
            <td>{row.customer_ref}</td>
            <td>
              <Link to={statementOf(row.customer_id)} title={`Statement of ${row.customer_name} to ${aging.as_of}`}>
                {row.customer_name}
              </Link>
            </td>
            {row.buckets.map((amount, index) => (
              <td className="amount" key={aging.buckets[index]?.label ?? index}>
                {amount}
              </td>
            ))}
            <td className="amount">{row.unapplied}</td>
            <td className="amount">{row.balance}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">TOTAL</th>
          <td />
          {section.totals.buckets.map((amount, index) => (
            <td className="amount" key={aging.buckets[index]?.label ?? index}>
              {amount}
            </td>
          ))}
          <td className="amount">{section.totals.unapplied}</td>
          <td className="amount">{section.totals.balance}</td>
        </tr>
      </tfoot>
    </table>
  );
}
