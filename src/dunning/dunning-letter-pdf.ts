import PDFDocument from 'pdfkit';
import { formatAmount } from '../core/money.js';
import type { MessageInvoiceLine } from '../messaging/message-template.js';

/**
 * The dunning letter as a one- or more-page A4 PDF to print and post (issue #5): the company at
 * the top, the customer's address where a windowed envelope shows it, the date, the subject, the
 * letter's paragraphs, the invoices still open and the total per currency. Standard Helvetica
 * fonts, so nothing needs embedding.
 *
 * The address block follows DIN 5008 form B, which also suits the common DL/C5-6 left-window
 * envelopes: a field 20 mm from the left edge and 45 mm from the top, 85 mm wide and 45 mm high,
 * with the sender's return line at the top of it and the recipient below. A page folded in three
 * (at 105 and 210 mm) puts that field in the window.
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

const mm = 72 / 25.4;
const left = 25 * mm;
const right = 20 * mm;
const windowField = { x: 20 * mm, y: 45 * mm, width: 85 * mm, height: 45 * mm };
/** Lines of the recipient that fit in the field under the return line. */
const recipientLinesMax = 8;
const footerHeight = 14 * mm;
const rowHeight = 14;

const tableColumns = [
  { header: 'Invoice', width: 1.5, align: 'left' },
  { header: 'Issued', width: 1.2, align: 'left' },
  { header: 'Due', width: 1.2, align: 'left' },
  { header: 'Days overdue', width: 1.4, align: 'right' },
  { header: 'Total', width: 1.6, align: 'right' },
  { header: 'Open', width: 1.6, align: 'right' },
] as const;

const money = (minor: bigint, currency: string) => `${formatAmount(minor, currency)} ${currency}`;

/** Cuts a line to the width with an ellipsis: a window shows what fits, and nothing may wrap into it. */
function fitted(pdf: PDFKit.PDFDocument, text: string, width: number): string {
  if (pdf.widthOfString(text) <= width) return text;
  let kept = text;
  while (kept.length > 0 && pdf.widthOfString(`${kept}…`) > width) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

function companyLines(company: DunningLetter['company']): string[] {
  const address = (company.address ?? '')
    .split(/\r?\n|,\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
  return [...address, company.phone ? `Phone ${company.phone}` : '', company.email ?? ''].filter(
    Boolean,
  );
}

function drawHeader(pdf: PDFKit.PDFDocument, letter: DunningLetter, width: number): void {
  pdf
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(letter.company.name, left, 15 * mm, { width: width / 2, lineBreak: false });
  pdf.font('Helvetica').fontSize(8);
  let y = 15 * mm;
  for (const line of companyLines(letter.company)) {
    pdf.text(fitted(pdf, line, width / 2), left + width / 2, y, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
    y += 10;
  }
}

function drawAddress(pdf: PDFKit.PDFDocument, letter: DunningLetter): void {
  const inner = windowField.width - 5 * mm;
  const x = windowField.x + 5 * mm;
  const returnLine = [
    letter.company.name,
    ...(letter.company.address ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  ].join(' · ');
  pdf
    .font('Helvetica')
    .fontSize(7)
    .text(fitted(pdf, returnLine, inner), x, windowField.y + 3 * mm, { lineBreak: false });
  const { customer } = letter;
  const lines = [
    customer.legalName ?? customer.name,
    ...(customer.legalName && customer.legalName !== customer.name ? [customer.name] : []),
    ...customer.address,
  ];
  pdf.font('Helvetica').fontSize(10);
  let y = windowField.y + 9 * mm;
  for (const line of lines.slice(0, recipientLinesMax)) {
    pdf.text(fitted(pdf, line, inner), x, y, { lineBreak: false });
    y += 12;
  }
}

function drawRow(
  pdf: PDFKit.PDFDocument,
  cells: readonly string[],
  width: number,
  bold: boolean,
): void {
  const total = tableColumns.reduce((sum, column) => sum + column.width, 0);
  const y = pdf.y;
  pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let x = left;
  tableColumns.forEach((column, index) => {
    const cellWidth = (column.width / total) * width;
    pdf.text(fitted(pdf, cells[index] ?? '', cellWidth - 4), x + 2, y + 2, {
      width: cellWidth - 4,
      align: column.align,
      lineBreak: false,
    });
    x += cellWidth;
  });
  pdf.x = left;
  pdf.y = y + rowHeight;
}

function drawInvoices(pdf: PDFKit.PDFDocument, letter: DunningLetter, width: number): void {
  const bottom = () => pdf.page.height - footerHeight - rowHeight;
  const header = () => {
    drawRow(
      pdf,
      tableColumns.map((column) => column.header),
      width,
      true,
    );
    pdf
      .moveTo(left, pdf.y - 1)
      .lineTo(left + width, pdf.y - 1)
      .lineWidth(0.5)
      .stroke();
  };
  if (pdf.y > bottom() - 2 * rowHeight) pdf.addPage();
  header();
  for (const invoice of letter.invoices) {
    if (pdf.y > bottom()) {
      pdf.addPage();
      header();
    }
    drawRow(
      pdf,
      [
        invoice.number,
        invoice.issuedOn,
        invoice.dueOn,
        String(invoice.daysOverdue),
        money(invoice.totalMinor, invoice.currency),
        money(invoice.openMinor, invoice.currency),
      ],
      width,
      false,
    );
  }
  for (const total of letter.totals) {
    if (pdf.y > bottom()) pdf.addPage();
    pdf
      .moveTo(left, pdf.y)
      .lineTo(left + width, pdf.y)
      .lineWidth(0.5)
      .stroke();
    drawRow(
      pdf,
      [`Total open in ${total.currency}`, '', '', '', '', money(total.openMinor, total.currency)],
      width,
      true,
    );
  }
}

function drawFooters(pdf: PDFKit.PDFDocument, letter: DunningLetter, width: number): void {
  const range = pdf.bufferedPageRange();
  const contact = [letter.company.name, letter.company.email, letter.company.phone]
    .filter(Boolean)
    .join(' · ');
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - footerHeight + 4 * mm;
    pdf.font('Helvetica').fontSize(7);
    pdf.text(fitted(pdf, contact, width * 0.75), left, y, { lineBreak: false });
    pdf.text(`Page ${index + 1} of ${range.count}`, left, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
  }
}

export function dunningLetterPdf(letter: DunningLetter): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * mm, bottom: footerHeight, left, right },
    bufferPages: true,
    info: { Title: letter.subject, Producer: 'Settle', Creator: 'Settle' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - left - right;
  drawHeader(pdf, letter, width);
  drawAddress(pdf, letter);
  pdf
    .font('Helvetica')
    .fontSize(10)
    .text(letter.date, left, windowField.y + windowField.height + 8 * mm, {
      width,
      align: 'right',
    });
  pdf
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(letter.subject, left, pdf.y + 4 * mm, { width });
  pdf.moveDown(1);
  for (const paragraph of letter.paragraphs) {
    pdf.font('Helvetica').fontSize(10).text(paragraph, left, pdf.y, { width });
    pdf.moveDown(0.6);
  }
  if (letter.invoices.length > 0) {
    pdf.moveDown(0.4);
    drawInvoices(pdf, letter, width);
  }
  drawFooters(pdf, letter, width);
  pdf.end();
  return done;
}
