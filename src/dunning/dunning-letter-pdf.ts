import { formatAmount } from '../core/money.js';
import type { MessageInvoiceLine } from '../messaging/message-template.js';
import { renderLetter, type LetterColumn, type LetterRow } from '../platform/pdf/letter-layout.js';

/**
 * The dunning letter as a one- or more-page A4 PDF to print and post (issue #5): the company at
 * the top, the customer's address where a windowed envelope shows it, the date, the subject, the
 * letter's paragraphs, the invoices still open and the total per currency. It is laid out as the
 * invoices are (`platform/pdf/letter-layout.ts`: DIN 5008 window, embedded Unicode font, running
 * header and page numbers), so a reminder looks like the invoice it is about.
 */
export interface DunningLetter {
  readonly company: {
    readonly name: string;
    readonly address: string | null;
    readonly email?: string | null;
    readonly phone?: string | null;
  };
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

function addressLines(company: DunningLetter['company']): string[] {
  return (company.address ?? '')
    .split(/\r?\n|,\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
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
  const { company, customer } = letter;
  const address = addressLines(company);
  return renderLetter(
    {
      sender: {
        name: company.name,
        lines: [
          ...address,
          company.phone ? `Phone ${company.phone}` : '',
          company.email ?? '',
        ].filter(Boolean),
        returnAddress: [company.name, ...address].join(' · '),
      },
      logo: null,
      recipient: [
        customer.legalName ?? customer.name,
        ...(customer.legalName && customer.legalName !== customer.name ? [customer.name] : []),
        ...customer.address,
      ],
      title: letter.subject,
      reference: null,
      facts: [{ label: 'Date', value: letter.date }],
      footer: [company.name, company.email, company.phone].filter(Boolean).join(' · '),
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
