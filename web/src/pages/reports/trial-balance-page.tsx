import type { TrialBalance } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { DateField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount } from '../../format/money';
import { Link, navigate, useLocation } from '../../routing';
import { useQueryForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery } from '../../url-query';

const fields = ['as_of'] as const;

/**
 * The ledger's trial balance per currency as of a date, and the check that the A/R control
 * account equals the open invoices less the unapplied credit (a difference other than zero is a
 * defect to report, never to fix by hand).
 */
export function TrialBalancePage() {
  const location = useLocation();
  const query = readQuery(location.search, fields);
  const balance = useApiGet<TrialBalance>('/reports/trial-balance', trimmedQuery(query));
  const error = balance.state === 'failed' ? balance.error : undefined;
  return (
    <>
      <h1>Trial balance</h1>
      <AsOfForm key={location.search.toString()} asOf={query.as_of} invalid={invalidField(error)} />
      {balance.state === 'loading' && <Loading what="the trial balance" />}
      {error && <ErrorAlert error={error} fieldLabels={{ as_of: 'As of' }} />}
      {balance.state === 'loaded' && (
        <>
          <p className="report-heading">
            As of <strong>{balance.data.as_of}</strong>
          </p>
          {balance.data.currencies.length === 0 && <p>Nothing has been posted yet.</p>}
          {balance.data.currencies.map((c) => (
            <section key={c.currency}>
              <TableScroll label={`Trial balance in ${c.currency}`}>
                <table className="report">
                  <caption>Trial balance in {c.currency}</caption>
                  <ColumnHeaders
                    columns={[
                      'Account',
                      'Name',
                      { amount: 'Debit' },
                      { amount: 'Credit' },
                      { amount: 'Balance' },
                    ]}
                  />
                  <tbody>
                    {c.accounts.map((account) => (
                      <tr key={account.account}>
                        <td>{account.account}</td>
                        <td>{account.name}</td>
                        <td className="amount">{formatAmount(account.debit, c.currency)}</td>
                        <td className="amount">{formatAmount(account.credit, c.currency)}</td>
                        <td className="amount">{formatAmount(account.balance, c.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        Total
                      </th>
                      <td className="amount">{formatAmount(c.debit, c.currency)}</td>
                      <td className="amount">{formatAmount(c.credit, c.currency)}</td>
                      <td />
                    </tr>
                  </tfoot>
                </table>
              </TableScroll>
              <table className="report figures">
                <caption>A/R tie-out in {c.currency}</caption>
                <tbody>
                  <tr>
                    <th scope="row">A/R control account (1200)</th>
                    <td className="amount">{formatAmount(c.receivables_control, c.currency)}</td>
                  </tr>
                  <tr>
                    <th scope="row">
                      <Link to={`/aging?as_of=${balance.data.as_of}&currency=${c.currency}`}>
                        Open invoices
                      </Link>
                    </th>
                    <td className="amount">{formatAmount(c.open_invoices, c.currency)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Unapplied credit</th>
                    <td className="amount">{formatAmount(c.unapplied_credit, c.currency)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Difference</th>
                    <td className="amount">{formatAmount(c.difference, c.currency)}</td>
                  </tr>
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </>
  );
}

function AsOfForm({ asOf, invalid }: { asOf: string; invalid: string | undefined }) {
  const { field, submit } = useQueryForm({
    query: { as_of: asOf },
    invalid,
    onSubmit: (draft) => navigate(addressOf('/reports/trial-balance', draft)),
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Trial balance">
      <DateField label="As of (blank: today)" {...field('as_of')} />
      <button type="submit">Show</button>
    </form>
  );
}
