import type { ReactNode } from 'react';
import type { CreditNote, Customer, InvoiceDetail } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { currencyDecimals, toMinor } from '../payments/allocation';
import { ApplyCreditDialog, RefundDialog, type CreditSource } from '../payments/payment-actions';
import '../invoices/invoices.css';
import '../payments/payments.css';

function CustomerLink({ note }: { note: CreditNote }) {
  const customer = useApiGet<Customer>(`/customers/${note.customer_id}`);
  const name =
    customer.state === 'loaded'
      ? `${customer.data.name} (${customer.data.ref})`
      : (note.customer_ref ?? note.customer_id);
  return <Link to={`/customers/${note.customer_id}`}>{name}</Link>;
}

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
  const header: [string, ReactNode][] = [
    ['Customer', <CustomerLink key="customer" note={data} />],
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
      <dl className="document-header">
        {header.map(([term, detail]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{detail}</dd>
          </div>
        ))}
      </dl>
      <div className="document-figures">
        <TableScroll label="Lines">
          <table className="report">
            <caption>Lines in {data.currency}</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" className="amount">
                  Quantity
                </th>
                <th scope="col" className="amount">
                  Unit price
                </th>
                <th scope="col" className="amount">
                  Tax rate
                </th>
                <th scope="col" className="amount">
                  Net
                </th>
                <th scope="col" className="amount">
                  Tax
                </th>
              </tr>
            </thead>
            <tbody>
              {(data.lines ?? []).map((line) => (
                <tr key={line.position}>
                  <td>{line.description}</td>
                  <td className="amount">{line.quantity}</td>
                  <td className="amount">{money(line.unit_price)}</td>
                  <td className="amount">{line.tax_rate} %</td>
                  <td className="amount">{money(line.net)}</td>
                  <td className="amount">{money(line.tax)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  Subtotal
                </th>
                <td className="amount">{money(data.subtotal)}</td>
                <td className="amount">{money(data.tax)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={5}>
                  Total
                </th>
                <td className="amount">{money(data.total)}</td>
              </tr>
            </tfoot>
          </table>
        </TableScroll>
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
