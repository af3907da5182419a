import { limits } from '../../core/limits.js';
import { formatAmount } from '../../core/money.js';
import { printRfReference } from '../../core/rf-reference.js';
import { commonUnitCodes } from '../../core/unit-codes.js';
import { vatCategoryLabels } from '../../core/vat-category.js';
import { formatPercent } from '../../core/percent.js';
import {
  vatBreakdownOf,
  type IssuedDocument,
  type IssuedLine,
} from '../../invoicing/issued-document.js';
import { defaultDiscountReason, grossOf } from '../../ledger/document-math.js';
import {
  fontBold,
  fontRegular,
  mm,
  renderLetter,
  type LetterBody,
  type LetterColumn,
  type LetterFact,
  type LetterRow,
} from '../../platform/pdf/letter-layout.js';
import { invoiceEpcQrPayload, qrModules } from './epc-qr.js';
import {
  buyerRecipient,
  letterSender,
  paymentAccountLine,
  sellerLetterhead,
} from './letter-parties.js';

export { groupedIban } from './letter-parties.js';

/**
 * The invoice or credit note as the customer reads it (issue #15), with everything Art. 226 of
 * the EU VAT Directive asks of an invoice: the date and the sequential number; the seller's and,
 * where the buyer owes the tax, the buyer's VAT id; both parties' full names and addresses; per
 * line the description, quantity and unit, unit price without VAT, VAT rate and net amount; the
 * taxable amount and the VAT per rate; the VAT payable; and the reason no VAT is charged where
 * none is ("Reverse charge" for AE). Then how to pay: the due date, the terms and the early-payment
 * discount, the bank accounts, the RF reference and, for a euro invoice to an IBAN, the EPC QR code
 * a banking app scans. Dates print as YYYY-MM-DD throughout.
 */
export interface InvoicePdfOptions {
  /** The seller's logo, PNG or JPEG bytes. */
  readonly logo: Uint8Array | null;
}

const unitLabels = new Map(commonUnitCodes.map((unit) => [unit.code, unit.label]));

/** A scaled integer as a decimal without trailing zeros: 1_500_000n at scale 6 → "1.5". */
export function scaledDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** An amount in its currency's decimals with thousands grouped: "1,234.50". */
export function groupedAmount(minor: bigint, currency: string): string {
  const [whole = '', fraction] = formatAmount(minor, currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function unitLabel(code: string): string {
  return unitLabels.get(code) ?? code;
}

export function ratePercent(taxRateScaled: bigint): string {
  return `${scaledDecimal(taxRateScaled, limits.taxRateScale)} %`;
}

function facts(doc: IssuedDocument): LetterFact[] {
  const isInvoice = doc.kind === 'invoice';
  const all: (LetterFact | null)[] = [
    { label: isInvoice ? 'Invoice no.' : 'Credit note no.', value: doc.number },
    { label: 'Issue date', value: doc.issuedOn },
    doc.dueOn ? { label: 'Due date', value: doc.dueOn } : null,
    doc.invoiceReference ? { label: 'Credits invoice', value: doc.invoiceReference.number } : null,
    doc.invoiceReference ? { label: 'Invoice date', value: doc.invoiceReference.issuedOn } : null,
    { label: 'Customer no.', value: doc.buyer.customerRef },
    doc.buyer.buyerReference ? { label: 'Your reference', value: doc.buyer.buyerReference } : null,
    doc.poNumber ? { label: 'Your order no.', value: doc.poNumber } : null,
    doc.buyer.vatId ? { label: 'Your VAT ID', value: doc.buyer.vatId } : null,
    doc.seller.vatId ? { label: 'Our VAT ID', value: doc.seller.vatId } : null,
    doc.seller.registrationId
      ? { label: 'Company reg. no.', value: doc.seller.registrationId }
      : null,
  ];
  return all.filter((fact): fact is LetterFact => fact !== null);
}

function writeLines(body: LetterBody, doc: IssuedDocument): void {
  const columns: LetterColumn[] = [
    { header: '#', width: 0.5 },
    { header: 'Description', width: 4.6, wrapLines: 12 },
    { header: 'Quantity', width: 1.4, align: 'right' },
    { header: 'Unit', width: 1.5 },
    { header: `Unit price (${doc.currency})`, width: 2.3, align: 'right' },
    { header: 'VAT', width: 0.9, align: 'right' },
    { header: `Net (${doc.currency})`, width: 1.9, align: 'right' },
  ];
  // A discounted line shows quantity × price, and under it what the discount takes off, so the
  // Net column still adds up to the subtotal and the customer sees both.
  body.table(
    columns,
    doc.lines.flatMap((line) => [
      {
        cells: [
          String(line.position),
          line.description,
          scaledDecimal(line.quantityScaled, limits.quantityScale),
          unitLabel(line.unitCode),
          groupedAmount(line.unitPriceMinor, doc.currency),
          ratePercent(line.taxRateScaled),
          groupedAmount(grossOf(line), doc.currency),
        ],
      },
      ...(line.discountMinor === 0n ? [] : [discountRow(line, doc.currency)]),
    ]),
  );
}

function discountRow(line: IssuedLine, currency: string): LetterRow {
  const reason = line.discountReason ?? defaultDiscountReason;
  const percent = line.discountPercentScaled;
  return {
    cells: [
      '',
      percent === null ? reason : `${reason}, ${formatPercent(percent)} %`,
      '',
      '',
      '',
      '',
      `-${groupedAmount(line.discountMinor, currency)}`,
    ],
  };
}

function writeVatBreakdown(body: LetterBody, doc: IssuedDocument): void {
  const rows = vatBreakdownOf(doc.lines);
  body.space(1);
  body.table(
    [
      { header: 'VAT category', width: 3 },
      { header: 'Rate', width: 1, align: 'right' },
      { header: `Taxable amount (${doc.currency})`, width: 2, align: 'right' },
      { header: `VAT (${doc.currency})`, width: 1.6, align: 'right' },
    ],
    rows.map((row) => ({
      cells: [
        vatCategoryLabels[row.category],
        ratePercent(row.taxRateScaled),
        groupedAmount(row.taxableMinor, doc.currency),
        groupedAmount(row.taxMinor, doc.currency),
      ],
    })),
  );
  // Why no VAT is charged, in the seller's words; a reverse charge says so even without them.
  for (const row of rows) {
    if (row.category === 'AE')
      body.paragraph(
        `Reverse charge: the recipient is liable for the VAT on ${groupedAmount(row.taxableMinor, doc.currency)} ${doc.currency}.${row.exemptionReason ? ` ${row.exemptionReason}` : ''}`,
        { size: 8.5 },
      );
    else if (row.exemptionReason)
      body.paragraph(`${vatCategoryLabels[row.category]}: ${row.exemptionReason}`, { size: 8.5 });
  }
}

function writePayment(body: LetterBody, doc: IssuedDocument): void {
  const money = (minor: bigint) => `${groupedAmount(minor, doc.currency)} ${doc.currency}`;
  const lines: { text: string; bold?: boolean }[] = [];
  if (doc.dueOn)
    lines.push({ text: `Please pay ${money(doc.totalMinor)} by ${doc.dueOn}.`, bold: true });
  if (doc.termsText) lines.push({ text: `Terms: ${doc.termsText}` });
  if (doc.discount)
    lines.push({
      text: `Early payment discount: if paid by ${doc.discount.lastDay}, deduct ${money(doc.discount.minor)} and pay ${money(doc.totalMinor - doc.discount.minor)}.`,
    });
  for (const account of doc.seller.paymentAccounts) {
    const line = paymentAccountLine(account);
    if (line) lines.push({ text: line });
  }
  if (doc.creditorReference)
    lines.push({ text: `Reference: ${printRfReference(doc.creditorReference)}`, bold: true });
  if (doc.creditorReference || doc.seller.paymentAccounts.length > 0)
    lines.push({
      text: doc.creditorReference
        ? 'Please quote the reference with your payment, so that it is matched at once.'
        : `Please quote the invoice number ${doc.number} with your payment.`,
    });
  const payload = invoiceEpcQrPayload(doc);
  const qrSize = 32 * mm;
  const textWidth = payload ? body.width - qrSize - 8 * mm : body.width;
  const gap = 3;
  const heights = lines.map(
    (line) => body.measure(line.text, { bold: line.bold, width: textWidth }) + gap,
  );
  const textHeight = heights.reduce((sum, height) => sum + height, 0);
  const height = Math.max(textHeight, payload ? qrSize + 12 : 0);
  body.heading('Payment');
  body.block(height, (x, y) => {
    const { pdf } = body;
    let top = y;
    lines.forEach((line, index) => {
      pdf
        .font(line.bold ? fontBold : fontRegular)
        .fontSize(9)
        .text(line.text, x, top, { width: textWidth });
      top += heights[index]!;
    });
    if (payload) drawQr(pdf, payload, x + body.width - qrSize, y, qrSize);
  });
}

/** The code as dark squares, one path filled once, with the caption under it. */
function drawQr(pdf: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number) {
  const modules = qrModules(payload);
  // The spec's quiet zone of four modules is part of the drawn size.
  const cell = size / (modules.size + 8);
  const origin = { x: x + 4 * cell, y: y + 4 * cell };
  pdf.save();
  // One rectangle per run of dark modules in a row: a third of the drawing operations of one per
  // module, which is most of the time the code takes.
  for (let row = 0; row < modules.size; row++) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.isDark(row, column)) column += 1;
      pdf.rect(origin.x + start * cell, origin.y + row * cell, (column - start) * cell, cell);
    }
  }
  pdf.fillColor('black').fill();
  pdf.restore();
  pdf
    .font(fontRegular)
    .fontSize(7)
    .text('Scan to pay', x, y + size + 1, {
      width: size,
      align: 'center',
      lineBreak: false,
    });
}

function writeCreditedInvoice(body: LetterBody, doc: IssuedDocument): void {
  if (doc.invoiceReference)
    body.paragraph(
      `This credit note credits invoice ${doc.invoiceReference.number} of ${doc.invoiceReference.issuedOn}.`,
    );
  if (doc.reason) body.paragraph(`Reason: ${doc.reason}`);
  body.space(2);
}

export function renderIssuedDocumentPdf(
  doc: IssuedDocument,
  options: InvoicePdfOptions,
): Promise<Uint8Array> {
  const seller = sellerLetterhead(doc.seller);
  const title = doc.kind === 'invoice' ? 'Invoice' : 'Credit note';
  const money = (minor: bigint) => `${groupedAmount(minor, doc.currency)} ${doc.currency}`;
  return renderLetter(
    {
      sender: letterSender(seller),
      logo: options.logo,
      recipient: buyerRecipient(doc.buyer),
      title,
      reference: doc.number,
      facts: facts(doc),
      footer: seller.footer,
      date: doc.issuedOn,
    },
    (body) => {
      if (doc.kind === 'credit_note') writeCreditedInvoice(body, doc);
      writeLines(body, doc);
      writeVatBreakdown(body, doc);
      body.summary([
        { label: 'Total net', value: money(doc.subtotalMinor) },
        { label: 'Total VAT', value: money(doc.taxMinor) },
        {
          label: doc.kind === 'invoice' ? 'Total due' : 'Total credited',
          value: money(doc.totalMinor),
          bold: true,
          ruleAbove: true,
        },
      ]);
      if (doc.kind === 'invoice') writePayment(body, doc);
      if (doc.memo) {
        body.heading('Notes');
        body.paragraph(doc.memo);
      }
    },
  );
}
