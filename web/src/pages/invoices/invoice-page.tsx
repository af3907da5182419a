import type {
  Application,
  AuditEventList,
  CreditNoteList,
  InvoiceDetail,
  NonpaymentReasonList,
  InvoicePayment,
} from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { CustomerLink } from '../../components/customer-link';
import { DocumentLinesTable } from '../../components/document-lines-table';
import { ColumnHeaders } from '../../components/report-table';
import { TermList, type Terms } from '../../components/term-list';
import { formatAmount, formatMoney } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { InvoiceActions } from './invoice-actions';
import { InvoiceDocuments } from './invoice-documents';
import { appliedByKind } from './invoice-balance';
import { statusLabels } from './invoice-labels';
import './invoices.css';

const kindLabels: Readonly<Record<Application['source_type'], string>> = {
  payment: 'Payment',
  credit_note: 'Credit note',
  write_off: 'Write-off',
  discount: 'Early-payment discount',
};

function Header({ invoice }: { invoice: InvoiceDetail }) {
  const rows: Terms = [
    ['Customer', <CustomerLink key="customer" document={invoice} />],
    ['Status', statusLabels[invoice.status]],
    ['Issued on', invoice.issued_on ?? (invoice.status === 'draft' ? 'When issued' : '—')],
    ['Due on', invoice.due_on ?? `From the terms (${invoice.terms}) when issued`],
    ['Terms', invoice.terms],
    ['Currency', invoice.currency],
  ];
  if (invoice.discount_on) {
    rows.push([
      'Early-payment discount',
      `${formatMoney(invoice.discount, invoice.currency)} if paid by ${invoice.discount_on}`,
    ]);
  }
  if (invoice.po_number) rows.push(['PO number', invoice.po_number]);
  if (invoice.memo) rows.push(['Memo', invoice.memo]);
  if (invoice.kind === 'late_fee') rows.push(['Kind', 'Late fee']);
  if (invoice.voided_on) rows.push(['Voided on', `${invoice.voided_on}: ${invoice.void_reason}`]);
  return <TermList className="invoice-header" terms={rows} />;
}

function Balance({ invoice }: { invoice: InvoiceDetail }) {
  const applied = appliedByKind(invoice.applications ?? [], invoice.currency);
  const money = (amount: string) => formatAmount(amount, invoice.currency);
  const rows: [string, string][] = [
    ['Total', invoice.total],
    ['Paid', applied.payment],
    ['Credited', applied.credit_note],
    ['Written off', applied.write_off],
  ];
  if (/[1-9]/.test(applied.discount)) rows.push(['Discount taken', applied.discount]);
  return (
    <table className="report balance">
      <caption>Balance in {invoice.currency}</caption>
      <tbody>
        {rows.map(([label, amount]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="amount">{money(amount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Open</th>
          <td className="amount">{money(invoice.open)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A payment by its reference (the bank's or the cheque's), which is how a clerk knows it. */
function PaymentLink({ id }: { id: string }) {
  const payment = useApiGet<InvoicePayment>(`/payments/${id}`);
  const reference = payment.state === 'loaded' ? payment.data.reference : null;
  return <Link to={`/payments/${id}`}>{reference ? `Payment ${reference}` : 'Payment'}</Link>;
}

/** Where an application's money came from: its document, by number where the API gives one. */
function SourceLink({
  application,
  creditNotes,
}: {
  application: Application;
  creditNotes: ReadonlyMap<string, string>;
}) {
  if (application.source_type === 'payment') return <PaymentLink id={application.source_id} />;
  if (application.source_type === 'credit_note') {
    return (
      <Link to={`/credit-notes/${application.source_id}`}>
        {creditNotes.get(application.source_id) ?? 'Credit note'}
      </Link>
    );
  }
  return <>—</>;
}

function Applications({ invoice }: { invoice: InvoiceDetail }) {
  const creditNotes = useApiGet<CreditNoteList>('/credit-notes', {
    invoice_id: invoice.id,
    limit: '500',
  });
  const numbers = new Map(
    creditNotes.state === 'loaded'
      ? creditNotes.data.items.map((note) => [note.id, note.number] as const)
      : [],
  );
  const applications = invoice.applications ?? [];
  return (
    <section aria-labelledby="applications-heading">
      <h2 id="applications-heading">Applied to this invoice</h2>
      {applications.length === 0 ? (
        <p>Nothing is applied yet.</p>
      ) : (
        <table className="report">
          <caption>Payments, credit notes and write-offs applied, in {invoice.currency}</caption>
          <ColumnHeaders columns={['Date', 'Kind', 'Document', { amount: 'Amount' }]} />
          <tbody>
            {applications.map((application) => (
              <tr key={application.id}>
                <td>{application.applied_on}</td>
                <td>
                  {kindLabels[application.source_type]}
                  {application.reversal_id ? ' (reversal)' : ''}
                </td>
                <td>
                  <SourceLink application={application} creditNotes={numbers} />
                </td>
                <td className="amount">{formatAmount(application.amount, invoice.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const reasonLabels: Readonly<Record<string, string>> = {
  cash_flow: 'Cash flow',
  dispute: 'Dispute',
  lost_invoice: 'Invoice lost',
  wrong_contact: 'Wrong contact',
  awaiting_approval: 'Awaiting approval',
  missing_po: 'Missing PO',
  bank_error: 'Bank error',
  other: 'Other',
};

function NonpaymentReasons({ invoiceId }: { invoiceId: string }) {
  const reasons = useApiGet<NonpaymentReasonList>(`/invoices/${invoiceId}/nonpayment-reasons`);
  if (reasons.state === 'loading') return <Loading what="the non-payment reasons" />;
  if (reasons.state === 'failed') return <ErrorAlert error={reasons.error} />;
  if (reasons.data.items.length === 0) return null;
  return (
    <section aria-labelledby="reasons-heading">
      <h2 id="reasons-heading">Why it is not paid</h2>
      <ul className="plain-list">
        {reasons.data.items.map((reason, index) => (
          <li key={reason.id}>
            <strong>{reasonLabels[reason.reason] ?? reason.reason}</strong>
            {index === 0 && ' (the latest, the one that counts)'}
            {reason.note && `: ${reason.note}`} — {reason.recorded_by_name ?? 'someone'},{' '}
            {new Date(reason.recorded_at).toLocaleString()}
          </li>
        ))}
      </ul>
    </section>
  );
}

const actionLabels: Readonly<Record<string, string>> = {
  'invoice.created': 'Draft created',
  'invoice.updated': 'Draft changed',
  'invoice.issued': 'Issued',
  'invoice.voided': 'Voided',
  'invoice.written_off': 'Written off',
};

/** The audit log of the invoice; the API shows it to owners and admins only. */
function History({ invoiceId }: { invoiceId: string }) {
  const events = useApiGet<AuditEventList>('/audit-events', { entity_id: invoiceId, limit: '100' });
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {events.state === 'loading' && <Loading what="the history" />}
      {events.state === 'failed' && <ErrorAlert error={events.error} />}
      {events.state === 'loaded' &&
        (events.data.items.length === 0 ? (
          <p>No event recorded.</p>
        ) : (
          <table className="report">
            <caption>History of the invoice, newest first</caption>
            <ColumnHeaders columns={['When', 'Who', 'What']} />
            <tbody>
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <td>{new Date(event.at).toLocaleString()}</td>
                  <td>{event.actor_name}</td>
                  <td>{actionLabels[event.action] ?? event.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

/**
 * One invoice as the clerk works it: what it says, what is applied to it and what is still open,
 * why it is not paid, and what happened to it; with the actions its state and the user's role
 * allow.
 */
export function InvoicePage({ id }: { id: string }) {
  const can = useCan();
  const invoice = useApiGet<InvoiceDetail>(`/invoices/${id}`);
  if (invoice.state === 'loading') return <Loading what="the invoice" />;
  if (invoice.state === 'failed') {
    return (
      <>
        <h1>Invoice</h1>
        <ErrorAlert error={invoice.error} />
        <p>
          <Link to="/invoices">All invoices</Link>
        </p>
      </>
    );
  }
  const data = invoice.data;
  return (
    <div className="invoice-page">
      <p className="breadcrumb">
        <Link to="/invoices">Invoices</Link>
      </p>
      <h1>{data.number ? `Invoice ${data.number}` : 'Draft invoice'}</h1>
      <Header invoice={data} />
      <InvoiceActions invoice={data} />
      <div className="invoice-figures">
        <DocumentLinesTable document={data} />
        {data.status !== 'draft' && <Balance invoice={data} />}
      </div>
      <InvoiceDocuments invoice={data} />
      {data.status !== 'draft' && <Applications invoice={data} />}
      <NonpaymentReasons invoiceId={data.id} />
      {can('users.manage') && <History invoiceId={data.id} />}
    </div>
  );
}
