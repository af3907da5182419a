import type { DocumentLine } from '../api/types';
import { unitLabel, vatCategoryLabel } from '../format/line-codes';
import { formatAmount } from '../format/money';
import { TableScroll } from './table-scroll';
import { ColumnHeaders } from './report-table';

/** What an invoice and a credit note both carry: priced lines and their sums. */
export type LinedDocument = {
  readonly currency: string;
  readonly lines?: readonly DocumentLine[];
  readonly subtotal: string;
  readonly tax: string;
  readonly total: string;
};

/**
 * The lines of an invoice or a credit note with their subtotal, tax and total. Amounts are
 * written without the currency, which the caption names once.
 */
export function DocumentLinesTable({ document }: { document: LinedDocument }) {
  const money = (amount: string) => formatAmount(amount, document.currency);
  // The discount column shows only on a document that has one.
  const discounted = (document.lines ?? []).some((line) => line.discount_amount !== null);
  const amountColumns = discounted ? 6 : 5;
  return (
    <TableScroll label="Lines">
      <table className="report">
        <caption>Lines in {document.currency}</caption>
        <ColumnHeaders
          columns={[
            'Description',
            { amount: 'Quantity' },
            'Unit',
            { amount: 'Unit price' },
            ...(discounted ? [{ amount: 'Discount' }] : []),
            { amount: 'Tax rate' },
            'VAT category',
            { amount: 'Net' },
            { amount: 'Tax' },
          ]}
        />
        <tbody>
          {(document.lines ?? []).map((line) => (
            <tr key={line.position}>
              <td>{line.description}</td>
              <td className="amount">{line.quantity}</td>
              <td>{unitLabel(line.unit_code)}</td>
              <td className="amount">{money(line.unit_price)}</td>
              {discounted && (
                <td className="amount">
                  {line.discount_amount !== null && (
                    <>
                      −{money(line.discount_amount)}
                      <br />
                      <small>
                        {line.discount_reason}
                        {line.discount_percent !== null && `, ${line.discount_percent} %`}
                      </small>
                    </>
                  )}
                </td>
              )}
              <td className="amount">{line.tax_rate} %</td>
              <td>
                {vatCategoryLabel(line.vat_category)}
                {line.exemption_reason && (
                  <>
                    <br />
                    <small>{line.exemption_reason}</small>
                  </>
                )}
              </td>
              <td className="amount">{money(line.net)}</td>
              <td className="amount">{money(line.tax)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={amountColumns + 1}>
              Subtotal
            </th>
            <td className="amount">{money(document.subtotal)}</td>
            <td className="amount">{money(document.tax)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={amountColumns + 2}>
              Total
            </th>
            <td className="amount">{money(document.total)}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
