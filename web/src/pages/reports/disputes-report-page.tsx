import type { DisputeReport, NonpaymentReasonReport } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount } from '../../format/money';
import { ratioText } from '../kpis/kpi-definitions';
import { disputeReasonLabels, nonpaymentReasonLabels } from './report-labels';

function Disputes({ report }: { report: DisputeReport }) {
  if (report.currencies.length === 0) return <p>No dispute has been opened.</p>;
  return (
    <>
      {report.currencies.map((c) => (
        <TableScroll key={c.currency} label={`Disputes in ${c.currency}`}>
          <table className="report">
            <caption>Disputes in {c.currency}</caption>
            <ColumnHeaders
              columns={[
                'Reason',
                { amount: 'Open' },
                { amount: 'Open amount' },
                { amount: 'Resolved' },
                { amount: 'Rejected' },
                { amount: 'Credited' },
                { amount: 'Average days to resolve' },
              ]}
            />
            <tbody>
              {c.reasons.map((row) => (
                <tr key={row.reason}>
                  <th scope="row">{disputeReasonLabels[row.reason]}</th>
                  <td className="amount">{row.open_count}</td>
                  <td className="amount">{formatAmount(row.open_amount, c.currency)}</td>
                  <td className="amount">{row.resolved_count}</td>
                  <td className="amount">{row.rejected_count}</td>
                  <td className="amount">{formatAmount(row.credited_amount, c.currency)}</td>
                  <td className="amount">{ratioText(row.average_days_to_resolve)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ))}
    </>
  );
}

function NonpaymentReasons({ report }: { report: NonpaymentReasonReport }) {
  if (report.rows.length === 0)
    return <p>No open invoice has a reason for not being paid as of {report.as_of}.</p>;
  return (
    <table className="report">
      <caption>Open invoices by non-payment reason, as of {report.as_of}</caption>
      <ColumnHeaders columns={['Reason', 'Currency', { amount: 'Invoices' }, { amount: 'Open' }]} />
      <tbody>
        {report.rows.map((row) => (
          <tr key={`${row.currency}-${row.reason}`}>
            <th scope="row">{nonpaymentReasonLabels[row.reason]}</th>
            <td>{row.currency}</td>
            <td className="amount">{row.invoices}</td>
            <td className="amount">{formatAmount(row.open, row.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Why money is not coming in: disputes by reason, and the reasons collectors recorded. */
export function DisputesReportPage() {
  const disputes = useApiGet<DisputeReport>('/reports/disputes');
  const reasons = useApiGet<NonpaymentReasonReport>('/reports/nonpayment-reasons');
  return (
    <>
      <h1>Disputes and non-payment reasons</h1>
      <section aria-labelledby="disputes-heading">
        <h2 id="disputes-heading">Disputes by reason</h2>
        {disputes.state === 'loading' && <Loading what="the disputes" />}
        {disputes.state === 'failed' && <ErrorAlert error={disputes.error} />}
        {disputes.state === 'loaded' && <Disputes report={disputes.data} />}
      </section>
      <section aria-labelledby="reasons-heading">
        <h2 id="reasons-heading">Non-payment reasons</h2>
        {reasons.state === 'loading' && <Loading what="the non-payment reasons" />}
        {reasons.state === 'failed' && <ErrorAlert error={reasons.error} />}
        {reasons.state === 'loaded' && <NonpaymentReasons report={reasons.data} />}
      </section>
    </>
  );
}
