import type { CreditNote, InvoiceDetail } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { CustomerLink } from '../../components/customer-link';
import { DocumentLinesTable } from '../../components/document-lines-table';
import { TermList, type Terms } from '../../components/term-list';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { currencyDecimals, toMinor } from '../payments/allocation';
import { ApplyCreditDialog, RefundDialog, type CreditSource } from '../payments/payment-actions';
import { DocumentDownloads } from '../invoices/invoice-documents';
import '../invoices/invoices.css';
import '../payments/payments.css';

function InvoiceLink({ invoiceId }: { invoiceId: string }) {
  const invoice = useApiGet<InvoiceDetail>(`/invoices/${invoiceId}`);
  const number = invoice.state === 'loaded' ? (invoice.data.number ?? 'Draft') : 'the invoice';
  return <Link to={`/invoices/${invoiceId}`}>{number}</Link>;
}

/**
 * A credit note: what it credits, line by line, and where its money went (applied to its
 * invoice, refunded, or still the customer's to use); for whoever may post money, applying what
 * is left to invoices or refunding it, with the payment page's dialogs.
 */
export function CreditNotePage({ id }: { id: string }) {
  const can = useCan();
  const note = useApiGet<CreditNote>(`/credit-notes/${id}`);
  if (note.state === 'loading') return <Loading what="the credit note" />;
  if (note.state === 'failed') {
    return (
      <>
        <h1>Credit note</h1>
        <ErrorAlert error={note.error} />
      </>
    );
  }
  const data = note.data;
  const money = (amount: string) => formatAmount(amount, data.currency);
  const header: Terms = [
    ['Customer', <CustomerLink key="customer" document={data} />],
    [
      'Against invoice',
      data.invoice_id ? <InvoiceLink invoiceId={data.invoice_id} /> : 'None (customer credit)',
    ],
    ['Issued on', data.issued_on],
    ['Currency', data.currency],
  ];
  if (data.reason) header.push(['Reason', data.reason]);
  if (data.memo) header.push(['Memo', data.memo]);
  const unappliedMinor = toMinor(data.unapplied, currencyDecimals(data.currency)) ?? 0n;
  const source: CreditSource = {
    kind: 'credit_note',
    id: data.id,
    customer_id: data.customer_id,
    currency: data.currency,
    unapplied: data.unapplied,
    label: `Credit note ${data.number}`,
  };
  return (
    <div className="credit-note-page">
      <h1>Credit note {data.number}</h1>
      {can('payments.post') && unappliedMinor > 0n && (
        <div className="page-actions" role="group" aria-label="Credit note actions">
          <ApplyCreditDialog source={source} />
          <RefundDialog source={source} />
        </div>
      )}
      <TermList className="document-header" terms={header} />
      <DocumentDownloads
        path={`/credit-notes/${data.id}`}
        label={`credit note ${data.number}`}
        number={data.number}
      />
      <div className="document-figures">
        <DocumentLinesTable document={data} />
        <table className="report balance">
          <caption>Use of the credit in {data.currency}</caption>
          <tbody>
            <tr>
              <th scope="row">Applied to invoices</th>
              <td className="amount">{money(data.applied)}</td>
            </tr>
            <tr>
              <th scope="row">Refunded</th>
              <td className="amount">{money(data.refunded)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Unapplied</th>
              <td className="amount" data-testid="credit-note-unapplied">
                {money(data.unapplied)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
