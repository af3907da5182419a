import type { Payment } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { CustomerLink } from '../../components/customer-link';
import { ReportTable } from '../../components/report-table';
import { formatAmount, formatMoney } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { toMinor, currencyDecimals } from './allocation';
import { methodLabels, paymentName } from './payment-labels';
import { ApplyCreditDialog, paymentSource, RefundDialog, ReverseDialog } from './payment-actions';
import './payments.css';

function PaymentFacts({ payment }: { payment: Payment }) {
  const money = (amount: string) => formatMoney(amount, payment.currency);
  return (
    <dl className="facts">
      <dt>Customer</dt>
      <dd>
        <CustomerLink document={payment} />
      </dd>
      <dt>Amount</dt>
      <dd className="amount">{money(payment.amount)}</dd>
      <dt>Received on</dt>
      <dd>{payment.received_on}</dd>
      <dt>Reference</dt>
      <dd>{payment.reference ?? '—'}</dd>
      <dt>Method</dt>
      <dd>{methodLabels[payment.method]}</dd>
      {payment.payer && (
        <>
          <dt>Payer</dt>
          <dd>{payment.payer}</dd>
        </>
      )}
      <dt>Status</dt>
      <dd data-testid="payment-status">
        {payment.status === 'reversed'
          ? `Reversed on ${payment.reversed_on}: everything it paid is open again`
          : 'Posted'}
      </dd>
      <dt>Applied</dt>
      <dd className="amount">{money(payment.applied)}</dd>
      <dt>Refunded</dt>
      <dd className="amount">{money(payment.refunded)}</dd>
      <dt>Unapplied credit</dt>
      <dd className="amount" data-testid="payment-unapplied">
        {money(payment.unapplied)}
      </dd>
      {payment.memo && (
        <>
          <dt>Memo</dt>
          <dd>{payment.memo}</dd>
        </>
      )}
    </dl>
  );
}

function ApplicationsTable({ payment }: { payment: Payment }) {
  // In the order they were applied, then by invoice, as a statement reads.
  const applications = [...(payment.applications ?? [])].sort(
    (a, b) =>
      a.applied_on.localeCompare(b.applied_on) ||
      (a.invoice_number ?? '').localeCompare(b.invoice_number ?? ''),
  );
  if (applications.length === 0) return <p>Nothing of this payment is applied to an invoice.</p>;
  return (
    <ReportTable
      label="Applied to invoices"
      columns={['Invoice', 'Applied on', 'State', { amount: `Amount (${payment.currency})` }]}
    >
      {applications.map((application) => (
        <tr key={application.id}>
          <td>
            <Link to={`/invoices/${application.invoice_id}`}>
              {application.invoice_number ?? application.invoice_id}
            </Link>
          </td>
          <td>{application.applied_on}</td>
          <td>{application.reversal_id ? 'Reversed' : 'Applied'}</td>
          <td className="amount">{formatAmount(application.amount, payment.currency)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

function RefundsTable({ payment }: { payment: Payment }) {
  const refunds = payment.refunds ?? [];
  if (refunds.length === 0) return null;
  return (
    <ReportTable
      label="Refunds"
      columns={['Refunded on', 'Method', 'Reference', { amount: `Amount (${payment.currency})` }]}
    >
      {refunds.map((refund) => (
        <tr key={refund.id}>
          <td>{refund.refunded_on}</td>
          <td>{methodLabels[refund.method as Payment['method']] ?? refund.method}</td>
          <td>{refund.reference ?? '—'}</td>
          <td className="amount">{formatAmount(refund.amount, refund.currency)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

/**
 * One payment: what came in, where it went, what is left as credit, and, for whoever may post
 * money, applying that credit, refunding it or reversing the payment when it bounced.
 */
export function PaymentPage({ id }: { id: string }) {
  const can = useCan();
  const payment = useApiGet<Payment>(`/payments/${encodeURIComponent(id)}`);
  if (payment.state === 'loading')
    return (
      <>
        <h1>Payment</h1>
        <Loading what="the payment" />
      </>
    );
  if (payment.state === 'failed')
    return (
      <>
        <h1>Payment</h1>
        <ErrorAlert error={payment.error} />
      </>
    );
  const data = payment.data;
  const unappliedMinor = toMinor(data.unapplied, currencyDecimals(data.currency)) ?? 0n;
  const posted = data.status === 'posted';
  return (
    <>
      <h1>{paymentName(data)}</h1>
      <p>
        <Link to={`/payments?customer_id=${data.customer_id}`}>All payments of this customer</Link>
      </p>
      {can('payments.post') && posted && (
        <div className="page-actions" role="group" aria-label="Payment actions">
          {unappliedMinor > 0n && <ApplyCreditDialog source={paymentSource(data)} />}
          {unappliedMinor > 0n && <RefundDialog source={paymentSource(data)} />}
          <ReverseDialog payment={data} />
        </div>
      )}
      <PaymentFacts payment={data} />
      <ApplicationsTable payment={data} />
      <RefundsTable payment={data} />
    </>
  );
}
