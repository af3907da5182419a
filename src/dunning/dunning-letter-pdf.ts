import { formatAmount } from '../core/money.js';
import type { SellerDetails } from '../invoicing/issued-document.js';
import type { MessageInvoiceLine } from '../messaging/message-template.js';
import { renderLetter, type LetterColumn, type LetterRow } from '../platform/pdf/letter-layout.js';
import {
  letterRecipient,
  letterSender,
  sellerLetterhead,
  type LetterheadParty,
} from '../rendering/pdf/letter-parties.js';

/**
 * The dunning letter as a one- or more-page A4 PDF to print and post (issue #5): the company at
 * the top, the customer's address where a windowed envelope shows it, the date, the subject, the
 * letter's paragraphs, the invoices still open and the total per currency. It is laid out as the
 * invoices are (`platform/pdf/letter-layout.ts`: DIN 5008 window, embedded Unicode font, running
 * header and page numbers) with the same letterhead and logo (`rendering/pdf/letter-parties.ts`),
 * so a reminder looks like the invoice it is about.
 */
export interface DunningLetter {
  readonly sender: LetterheadParty;
  /** The seller's logo, PNG or JPEG bytes. */
  readonly logo: Uint8Array | null;
  readonly customer: {
    readonly name: string;
    readonly legalName: string | null;
    readonly address: readonly string[];
  };
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly invoices: readonly MessageInvoiceLine[];
  readonly totals: readonly { readonly currency: string; readonly openMinor: bigint }[];
}

const tableColumns: readonly LetterColumn[] = [
  { header: 'Invoice', width: 1.5 },
  { header: 'Issued', width: 1.2 },
  { header: 'Due', width: 1.2 },
  { header: 'Days overdue', width: 1.4, align: 'right' },
  { header: 'Total', width: 1.6, align: 'right' },
  { header: 'Open', width: 1.6, align: 'right' },
];

const money = (minor: bigint, currency: string) => `${formatAmount(minor, currency)} ${currency}`;

/** What the mail settings say of the company: the letterhead of an organization without master data. */
export interface CompanyFacts {
  readonly name: string;
  /** Free text, one line per line or comma. */
  readonly address: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

function freeTextAddressLines(address: string | null): string[] {
  return (address ?? '')
    .split(/\r?\n|,\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The letter's sender: the seller's master data as the invoices print it, each part that is not
 * filled in taken from the mail settings, so that an organization that never filled in its
 * master data still signs its letters with its name and address.
 */
export function dunningLetterhead(
  seller: { readonly details: SellerDetails; readonly legalName: string | null },
  company: CompanyFacts,
): LetterheadParty {
  const master = sellerLetterhead(seller.details);
  const name = seller.legalName ? master.name : company.name;
  const email = master.email ?? company.email;
  const phone = master.phone ?? company.phone;
  return {
    name,
    tradingName: seller.legalName ? master.tradingName : null,
    addressLines:
      master.addressLines.length > 0 ? master.addressLines : freeTextAddressLines(company.address),
    phone,
    email,
    footer: master.footer ?? ([name, email, phone].filter(Boolean).join(' · ') || null),
  };
}

function invoiceRows(letter: DunningLetter): LetterRow[] {
  return [
    ...letter.invoices.map((invoice) => ({
      cells: [
        invoice.number,
        invoice.issuedOn,
        invoice.dueOn,
        String(invoice.daysOverdue),
        money(invoice.totalMinor, invoice.currency),
        money(invoice.openMinor, invoice.currency),
      ],
    })),
    ...letter.totals.map((total) => ({
      cells: [
        `Total open in ${total.currency}`,
        '',
        '',
        '',
        '',
        money(total.openMinor, total.currency),
      ],
      bold: true,
      ruleAbove: true,
    })),
  ];
}

export function dunningLetterPdf(letter: DunningLetter): Promise<Uint8Array> {
  const { customer } = letter;
  return renderLetter(
    {
      sender: letterSender(letter.sender),
      logo: letter.logo,
      recipient: letterRecipient({
        name: customer.legalName ?? customer.name,
        tradingName: customer.name,
        addressLines: customer.address,
      }),
      title: letter.subject,
      reference: null,
      facts: [{ label: 'Date', value: letter.date }],
      footer: letter.sender.footer,
      date: letter.date,
    },
    (body) => {
      for (const paragraph of letter.paragraphs) body.paragraph(paragraph, { size: 10 });
      if (letter.invoices.length > 0) {
        body.space(2);
        body.table(tableColumns, invoiceRows(letter));
      }
    },
  );
}
