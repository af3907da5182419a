import type { ReactNode } from 'react';
import type { Invoice, InvoiceList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount } from '../../format/money';
import { Link } from '../../routing';
import { allocationTotals, currencyDecimals, fromMinor } from './allocation';

/**
 * A customer's invoices that can still take money in a currency, oldest first as the API applies
 * money, and all of them: a page of 500 is the API's most, and far more than a clerk spreads one
 * payment over.
 */
export function OpenInvoices({
  customerId,
  currency,
  children,
}: {
  customerId: string;
  currency: string;
  children: (invoices: readonly Invoice[]) => ReactNode;
}) {
  const list = useApiGet<InvoiceList>('/invoices', {
    customer_id: customerId,
    currency,
    status: 'open,partially_paid',
    sort: 'due_on',
    limit: '500',
  });
  if (list.state === 'loading') return <Loading what="the open invoices" />;
  if (list.state === 'failed') return <ErrorAlert error={list.error} />;
  return <>{children(list.data.items)}</>;
}

/** The input of one invoice's amount: named as the API names it, so its error marks it. */
export const amountInputLabel = (invoice: Invoice) => `Apply to ${invoice.number ?? 'draft'}`;

/**
 * The open invoices with the amount to apply to each, editable, and the running total of what is
 * applied and what stays as unapplied credit, added up exactly in minor units.
 */
export function AllocationTable({
  caption,
  invoices,
  currency,
  availableMinor,
  amounts,
  onAmountChange,
  onSuggest,
  invalidInvoiceId,
}: {
  caption: string;
  invoices: readonly Invoice[];
  currency: string;
  /** The money to spread; null while the amount typed is not an amount. */
  availableMinor: bigint | null;
  amounts: Readonly<Record<string, string>>;
  onAmountChange: (invoiceId: string, amount: string) => void;
  onSuggest: () => void;
  /** The invoice whose amount the API's last error named. */
  invalidInvoiceId: string | undefined;
}) {
  const decimals = currencyDecimals(currency);
  if (invoices.length === 0) {
    return <p>The customer has no open invoice in {currency}: all of it stays as credit.</p>;
  }
  const totals = allocationTotals(availableMinor ?? 0n, amounts, decimals);
  const badRows = new Set(totals.ok ? [] : totals.invalidInvoiceIds);
  const money = (minor: bigint) => formatAmount(fromMinor(minor, decimals), currency);
  return (
    <>
      <TableScroll label={caption}>
        <table className="report allocation">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Issued</th>
              <th scope="col">Due</th>
              <th scope="col" className="amount">
                Open ({currency})
              </th>
              <th scope="col" className="amount">
                Apply ({currency})
              </th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <td>
                  <Link to={`/invoices/${invoice.id}`}>{invoice.number}</Link>
                </td>
                <td>{invoice.issued_on}</td>
                <td>{invoice.due_on}</td>
                <td className="amount">{formatAmount(invoice.open, currency)}</td>
                <td className="amount">
                  <input
                    className="amount-input"
                    name={`apply-${invoice.id}`}
                    aria-label={amountInputLabel(invoice)}
                    inputMode="decimal"
                    size={12}
                    value={amounts[invoice.id] ?? ''}
                    onChange={(event) => onAmountChange(invoice.id, event.target.value)}
                    aria-invalid={
                      badRows.has(invoice.id) || invalidInvoiceId === invoice.id || undefined
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="allocation-summary">
        <button type="button" onClick={onSuggest}>
          Suggest oldest first
        </button>
        <p role="status" aria-live="polite" data-testid="allocation-totals">
          {!totals.ok ? (
            <span className="warning">
              {badRows.size === 1 ? 'One amount is' : `${badRows.size} amounts are`} not an amount
              in {currency} (at most {decimals} decimals).
            </span>
          ) : availableMinor === null ? (
            <>Applied: {money(totals.appliedMinor)}</>
          ) : (
            <>
              Applied: <strong>{money(totals.appliedMinor)}</strong> · Left as unapplied credit:{' '}
              <strong>{money(totals.leftMinor < 0n ? 0n : totals.leftMinor)}</strong>
              {totals.leftMinor < 0n && (
                <span className="warning">
                  {' '}
                  · {money(-totals.leftMinor)} more than there is to apply
                </span>
              )}
            </>
          )}
        </p>
      </div>
    </>
  );
}

/** The invoice a field such as `applications[2].amount` names, given what was sent. */
export function invoiceOfField(
  field: string | undefined,
  sent: readonly { invoice_id: string }[],
): string | undefined {
  const match = field ? /^applications\[(\d+)\]/.exec(field) : null;
  return match ? sent[Number(match[1])]?.invoice_id : undefined;
}
