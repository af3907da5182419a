import type { BuyerDetails, SellerDetails } from '../invoicing/issued-document.js';
import {
  renderLetter,
  type LetterBody,
  type LetterColumn,
  type LetterRow,
} from '../platform/pdf/letter-layout.js';
import { groupedAmount } from '../rendering/pdf/invoice-pdf.js';
import {
  buyerRecipient,
  letterSender,
  paymentAccountLine,
  sellerLetterhead,
} from '../rendering/pdf/letter-parties.js';
import type { Statement, StatementCurrency } from './get-statement.service.js';
import { statementTableRows } from './statement.js';

/** Who the statement is from and to, as the invoices print them, and the seller's logo. */
export interface StatementLetterhead {
  readonly seller: SellerDetails;
  readonly buyer: Pick<BuyerDetails, 'name' | 'tradingName' | 'address'>;
  /** PNG or JPEG bytes. */
  readonly logo: Uint8Array | null;
}

function lineColumns(currency: string): LetterColumn[] {
  return [
    { header: 'Date', width: 1.5 },
    { header: 'Type', width: 2.2 },
    { header: 'Number', width: 1.6 },
    // What a payment was applied to or why a credit was given can be long: it wraps.
    { header: 'Description', width: 3.0, wrapLines: 3 },
    { header: `Amount (${currency})`, width: 1.95, align: 'right' },
    { header: `Balance (${currency})`, width: 1.95, align: 'right' },
  ];
}

function lineRows(statement: Statement, section: StatementCurrency): LetterRow[] {
  const rows = statementTableRows(statement, section, (minor) =>
    groupedAmount(minor, section.currency),
  );
  const last = rows.length - 1;
  return rows.map((cells, index) => ({
    cells,
    bold: index === 0 || index === last,
    ruleAbove: index === last,
  }));
}

function writeCurrency(body: LetterBody, statement: Statement, section: StatementCurrency): void {
  const money = (minor: bigint) => groupedAmount(minor, section.currency);
  body.heading(section.currency);
  body.table(lineColumns(section.currency), lineRows(statement, section));
  if (section.lines.length === 0) body.paragraph('Nothing changed the balance in this period.');
  body.heading(`${section.currency} aging as of ${statement.to}`);
  body.table(
    [
      ...statement.agingBuckets.map((bucket) => ({
        header: bucket.label,
        width: 1,
        align: 'right' as const,
      })),
      { header: 'Unapplied', width: 1, align: 'right' },
      { header: 'Balance', width: 1, align: 'right' },
    ],
    [
      {
        cells: [
          ...section.aging.bucketsMinor.map(money),
          money(section.aging.unappliedMinor),
          money(section.aging.balanceMinor),
        ],
      },
    ],
  );
}

/** Where to pay what is owed: the seller's bank accounts, as the invoices give them. */
function writePayment(body: LetterBody, statement: Statement, seller: SellerDetails): void {
  const accounts = seller.paymentAccounts.map(paymentAccountLine).filter(Boolean);
  if (accounts.length === 0) return;
  body.heading('Payment');
  for (const account of accounts) body.paragraph(account);
  body.paragraph(
    `Please quote the invoice numbers, or your customer number ${statement.customer.ref}, with your payment.`,
  );
}

/**
 * The statement as a letter on the invoices' layout (`platform/pdf/letter-layout.ts`): the
 * organization's letterhead and logo, the customer's billing address in the envelope window, the
 * customer number and period beside it, then per currency the lines between the opening and
 * closing balances and the aging as of the last day, and the bank accounts to pay to. Its PDF is
 * dated the statement's last day, so the same statement gives the same bytes.
 */
export function statementPdf(
  statement: Statement,
  letterhead: StatementLetterhead,
): Promise<Uint8Array> {
  const seller = sellerLetterhead(letterhead.seller);
  return renderLetter(
    {
      sender: letterSender(seller),
      logo: letterhead.logo,
      recipient: buyerRecipient(letterhead.buyer),
      title: 'Statement of account',
      reference: statement.customer.ref,
      facts: [
        { label: 'Customer no.', value: statement.customer.ref },
        // Two facts, since the block beside the address is too narrow for the period on one line.
        { label: 'Period from', value: statement.from },
        { label: 'Period to', value: statement.to },
        { label: 'Date', value: statement.to },
      ],
      footer: seller.footer,
      date: statement.to,
    },
    (body) => {
      body.paragraph(
        'Positive amounts are owed by you; negative amounts are credits. Aged by days past due.',
      );
      for (const section of statement.currencies) writeCurrency(body, statement, section);
      writePayment(body, statement, letterhead.seller);
    },
  );
}
