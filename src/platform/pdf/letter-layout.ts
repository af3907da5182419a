import { AppError } from '../../core/errors.js';
import { letterFonts } from './fonts.js';

/**
 * One A4 business-letter layout for every document Settle sends on paper or as a PDF attachment
 * (invoices, credit notes, dunning letters): a letterhead, the recipient where a windowed envelope
 * shows it, a title with a block of facts beside the address, the body, and on every page a
 * footer with "Page n of m" and, from page 2 on, a running header that says whose document it is.
 *
 * The address block follows DIN 5008 form B, which also suits the common DL/C5-6 left-window
 * envelopes: a field 20 mm from the left edge and 45 mm from the top, 85 mm wide and 45 mm high,
 * with the sender's return line at the top of it and the recipient below. A page folded in three
 * (at 105 and 210 mm) puts that field in the window. The information block (number, dates) sits
 * to its right, from 125 mm, as form B places it.
 *
 * The output is reproducible: the same input gives the same bytes, because the PDF's dates are the
 * document's own date and pdfkit derives the trailer's /ID from those dates and the metadata.
 */
export const mm = 72 / 25.4;

export const letterMeasures = {
  left: 25 * mm,
  right: 20 * mm,
  windowField: { x: 20 * mm, y: 45 * mm, width: 85 * mm, height: 45 * mm },
  infoBlock: { x: 125 * mm, y: 50 * mm },
  logoBox: { width: 70 * mm, height: 22 * mm },
  /** Where the content starts on pages after the first, below the running header. */
  continuationTop: 24 * mm,
  /** The space kept free at the foot of every page for the footer. */
  footerHeight: 22 * mm,
} as const;

/** Lines of the recipient that fit in the window field under the return line. */
const recipientLinesMax = 8;
const footerLinesMax = 3;

export const fontRegular = 'Sans';
export const fontBold = 'Sans-Bold';

export interface LetterSender {
  readonly name: string;
  /** Address and contact lines printed under the name in the letterhead. */
  readonly lines: readonly string[];
  /** The one-line return address printed small above the recipient in the envelope window. */
  readonly returnAddress: string;
}

export interface LetterFact {
  readonly label: string;
  readonly value: string;
}

export interface LetterSpec {
  readonly sender: LetterSender;
  /** PNG or JPEG bytes, scaled to fit the logo box; none prints the sender's name large instead. */
  readonly logo: Uint8Array | null;
  readonly recipient: readonly string[];
  readonly title: string;
  /** The document's number, repeated in the running header of every later page. */
  readonly reference: string | null;
  /** The information block beside the address: number, dates, references. */
  readonly facts: readonly LetterFact[];
  /** Free text at the foot of every page (registered office, directors, court). */
  readonly footer: string | null;
  /** YYYY-MM-DD: the PDF's creation date, so that rendering again gives the same bytes. */
  readonly date: string;
}

export interface LetterColumn {
  readonly header: string;
  /** Relative width: the columns share the content width in these proportions. */
  readonly width: number;
  readonly align?: 'left' | 'right' | undefined;
  /**
   * Wrap the cell over up to this many lines (a line's description) instead of cutting it on the
   * first; what still does not fit ends in an ellipsis.
   */
  readonly wrapLines?: number | undefined;
}

export interface LetterRow {
  readonly cells: readonly string[];
  readonly bold?: boolean | undefined;
  /** A thin rule above the row, as above a total. */
  readonly ruleAbove?: boolean | undefined;
}

export interface LetterSummaryRow {
  readonly label: string;
  readonly value: string;
  readonly bold?: boolean | undefined;
  readonly ruleAbove?: boolean | undefined;
}

export interface TextOptions {
  readonly bold?: boolean | undefined;
  readonly size?: number | undefined;
  readonly align?: 'left' | 'right' | undefined;
}

/** What a document writes its body with, below the title. */
export interface LetterBody {
  /** The content width in points. */
  readonly width: number;
  readonly left: number;
  /** The pdfkit document, for drawing inside `block`. */
  readonly pdf: PDFKit.PDFDocument;
  heading(text: string): void;
  /** A paragraph that wraps over the width and breaks across pages. */
  paragraph(text: string, options?: TextOptions): void;
  /** The height `paragraph` would take, for keeping things together. */
  measure(text: string, options?: TextOptions & { width?: number | undefined }): number;
  /**
   * A table whose header row repeats at the top of every page it continues on. Cells stay on one
   * line, cut with an ellipsis when they do not fit, so a row never runs into the next; a
   * left-aligned cell may use the empty cells to its right.
   */
  table(columns: readonly LetterColumn[], rows: readonly LetterRow[]): void;
  /** Label and amount pairs in the right half of the page, amounts right-aligned: totals. */
  summary(rows: readonly LetterSummaryRow[]): void;
  space(millimetres: number): void;
  /** Starts a new page unless `height` points still fit on this one. */
  keepTogether(height: number): void;
  /** A drawing of a known height kept on one page: the callback gets its top-left corner. */
  block(height: number, draw: (x: number, y: number) => void): void;
}

const bodySize = 9;
const tableSize = 8.5;
const rowHeight = 13;
/** The extra height of each further line of a wrapped cell. */
const lineStep = 10.5;

/**
 * The text cut to the width with an ellipsis. pdfkit's own `ellipsis` still wraps a long cell
 * over the row below, so the text is measured in its font and cut here.
 */
export function fitted(pdf: PDFKit.PDFDocument, text: string, widthPt: number): string {
  if (pdf.widthOfString(text) <= widthPt) return text;
  let kept = text;
  // Halve, then step: a long text is cut in a few measurements rather than one per character.
  while (kept.length > 8 && pdf.widthOfString(`${kept.slice(0, kept.length >> 1)}…`) > widthPt)
    kept = kept.slice(0, kept.length >> 1);
  while (kept.length > 0 && pdf.widthOfString(`${kept}…`) > widthPt) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/**
 * The text broken into lines that fit the width, at word boundaries where it can (a word wider
 * than the line is cut), at most `maxLines`, the last cut with an ellipsis when text remains.
 */
export function wrappedLines(
  pdf: PDFKit.PDFDocument,
  text: string,
  widthPt: number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let rest = text.replace(/\s+/g, ' ').trim();
  while (rest !== '' && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || pdf.widthOfString(rest) <= widthPt) {
      lines.push(fitted(pdf, rest, widthPt));
      break;
    }
    const words = rest.split(' ');
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (pdf.widthOfString(candidate) > widthPt) break;
      line = candidate;
    }
    if (line === '') {
      // One word wider than the line: break inside it.
      line = fitted(pdf, rest, widthPt).slice(0, -1);
      if (line === '') line = rest.slice(0, 1);
    }
    lines.push(line);
    rest = rest.slice(line.length).trimStart();
  }
  return lines;
}

function drawLetterhead(pdf: PDFKit.PDFDocument, spec: LetterSpec, width: number): void {
  const { left, logoBox } = letterMeasures;
  const top = 12 * mm;
  const half = width / 2;
  if (spec.logo) {
    try {
      pdf.image(Buffer.from(spec.logo), left, top, {
        fit: [logoBox.width, logoBox.height],
      });
    } catch (error) {
      throw new AppError(
        'invalid',
        'logo_unreadable',
        // pdfkit throws plain strings for some broken images.
        `The logo is not a PNG or JPEG image that can be read: ${error instanceof Error ? error.message : String(error)}`,
        'logo',
      );
    }
  } else {
    pdf
      .font(fontBold)
      .fontSize(14)
      .text(fitted(pdf, spec.sender.name, half), left, top, { lineBreak: false });
  }
  // The sender's block, right-aligned, headed by the name when the logo stands in its place; it
  // ends above the window field at 45 mm.
  let y = top;
  if (spec.logo) {
    pdf.font(fontBold).fontSize(9);
    pdf.text(fitted(pdf, spec.sender.name, half), left + half, y, {
      width: half,
      align: 'right',
      lineBreak: false,
    });
    y += 12;
  }
  pdf.font(fontRegular).fontSize(8);
  for (const line of spec.sender.lines) {
    if (y > 40 * mm) break;
    pdf.text(fitted(pdf, line, half), left + half, y, {
      width: half,
      align: 'right',
      lineBreak: false,
    });
    y += 10;
  }
}

function drawRecipient(pdf: PDFKit.PDFDocument, spec: LetterSpec): void {
  const { windowField } = letterMeasures;
  const inner = windowField.width - 5 * mm;
  const x = windowField.x + 5 * mm;
  pdf
    .font(fontRegular)
    .fontSize(7)
    .text(fitted(pdf, spec.sender.returnAddress, inner), x, windowField.y + 3 * mm, {
      lineBreak: false,
    });
  pdf.font(fontRegular).fontSize(10);
  let y = windowField.y + 9 * mm;
  for (const line of spec.recipient.slice(0, recipientLinesMax)) {
    pdf.text(fitted(pdf, line, inner), x, y, { lineBreak: false });
    y += 12;
  }
}

/** The facts beside the address; returns where they end. */
function drawFacts(pdf: PDFKit.PDFDocument, spec: LetterSpec, width: number): number {
  const { infoBlock, left } = letterMeasures;
  const blockWidth = left + width - infoBlock.x;
  const labelWidth = 30 * mm;
  let y = infoBlock.y;
  for (const fact of spec.facts) {
    pdf.font(fontRegular).fontSize(8);
    pdf.text(fitted(pdf, fact.label, labelWidth - 2), infoBlock.x, y + 0.5, { lineBreak: false });
    pdf.font(fontBold).fontSize(8.5);
    pdf.text(fitted(pdf, fact.value, blockWidth - labelWidth), infoBlock.x + labelWidth, y, {
      width: blockWidth - labelWidth,
      lineBreak: false,
    });
    y += 12;
  }
  return y;
}

function drawPageFurniture(pdf: PDFKit.PDFDocument, spec: LetterSpec, width: number): void {
  const { left, footerHeight } = letterMeasures;
  const range = pdf.bufferedPageRange();
  const heading = [spec.title, spec.reference].filter(Boolean).join(' ');
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    // Header and footer sit in the margins, where pdfkit would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    pdf.page.margins.top = 0;
    if (index > range.start) {
      const y = 12 * mm;
      pdf.font(fontBold).fontSize(8);
      pdf.text(fitted(pdf, spec.sender.name, width / 2 - 4), left, y, { lineBreak: false });
      pdf.font(fontRegular).fontSize(8);
      pdf.text(fitted(pdf, heading, width / 2 - 4), left + width / 2, y, {
        width: width / 2,
        align: 'right',
        lineBreak: false,
      });
      pdf
        .moveTo(left, y + 12)
        .lineTo(left + width, y + 12)
        .lineWidth(0.4)
        .stroke();
    }
    const top = pdf.page.height - footerHeight + 5 * mm;
    pdf
      .moveTo(left, top - 2 * mm)
      .lineTo(left + width, top - 2 * mm)
      .lineWidth(0.4)
      .stroke();
    pdf.font(fontRegular).fontSize(7);
    const footerWidth = width * 0.78;
    // The footer often carries what the law asks of a company's letters (registered office,
    // court, directors): a long line wraps rather than being cut.
    const footerLines = (spec.footer ?? '')
      .split(/\r?\n/)
      .flatMap((line) => wrappedLines(pdf, line, footerWidth, footerLinesMax))
      .slice(0, footerLinesMax);
    footerLines.forEach((line, lineIndex) => {
      pdf.text(fitted(pdf, line, footerWidth), left, top + lineIndex * 9, { lineBreak: false });
    });
    pdf.text(`Page ${index + 1 - range.start} of ${range.count}`, left, top, {
      width,
      align: 'right',
      lineBreak: false,
    });
  }
}

/** The parts of pdfkit's document and font objects that `useSharedFont` relies on. */
interface PdfkitFontInternals {
  _fontFamilies?: Record<string, { font?: object } | undefined>;
  _fontCount?: number;
}
type EmbeddedFontClass = new (document: PDFKit.PDFDocument, font: object, id: string) => object;

const parsedFonts = new Map<
  string,
  { EmbeddedFont: EmbeddedFontClass; font: { _glyphs: object } }
>();

/**
 * Registers the font and makes it ready. pdfkit parses a font file for every document, and
 * parsing DejaVu's layout tables was most of the time an invoice took (about 70 of 110 ms); the
 * parsed font is shared by all documents of the process instead, each document still getting its
 * own subset. A document uses the font only while `renderLetter` runs synchronously (pdfkit
 * subsets in `end()`), so two documents never use it at once. This reaches into pdfkit's
 * internals; when they are not as expected, pdfkit is left to parse the file as usual.
 */
function useSharedFont(pdf: PDFKit.PDFDocument, name: string, bytes: Buffer): void {
  pdf.registerFont(name, bytes);
  const internals = pdf as unknown as PdfkitFontInternals;
  const families = internals._fontFamilies;
  if (!families || typeof internals._fontCount !== 'number') return;
  const parsed = parsedFonts.get(name);
  if (parsed) {
    // fontkit caches glyphs with the characters they were first laid out for, and pdfkit takes a
    // document's ToUnicode map from them; a glyph first made by another document's subsetting (an
    // accent's base letter) has none, and this document's text would not read back. Each document
    // starts with no cached glyphs; the parsed tables, the slow part, stay.
    parsed.font._glyphs = {};
    internals._fontCount += 1;
    families[name] = new parsed.EmbeddedFont(pdf, parsed.font, `F${internals._fontCount}`);
    return;
  }
  pdf.font(name);
  const opened = families[name];
  if (opened?.font && '_glyphs' in opened.font)
    parsedFonts.set(name, {
      EmbeddedFont: opened.constructor as EmbeddedFontClass,
      font: opened.font as { _glyphs: object },
    });
}

function documentDate(date: string): Date {
  const instant = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(instant.getTime())) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  return instant;
}

/**
 * Lays the letter out: letterhead, recipient, facts and title on the first page, then whatever
 * `writeBody` writes, then the running headers and footers on every page.
 */
export async function renderLetter(
  spec: LetterSpec,
  writeBody: (body: LetterBody) => void,
): Promise<Uint8Array> {
  const { left, right, continuationTop, footerHeight, windowField } = letterMeasures;
  const created = documentDate(spec.date);
  // PDFKit and fontkit take longer to load than most commands take to run: loaded for a PDF only.
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: continuationTop, bottom: footerHeight, left, right },
    bufferPages: true,
    // No default font: the standard Helvetica would be referenced though never used.
    font: null as unknown as string,
    info: {
      Title: [spec.title, spec.reference].filter(Boolean).join(' '),
      Author: spec.sender.name,
      Producer: 'Settle',
      Creator: 'Settle',
      CreationDate: created,
      ModDate: created,
    },
  });
  const fonts = letterFonts();
  useSharedFont(pdf, fontRegular, fonts.regular);
  useSharedFont(pdf, fontBold, fonts.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => {
      const bytes = Buffer.concat(chunks);
      resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    pdf.on('error', reject);
  });

  const width = pdf.page.width - left - right;
  const bottom = () => pdf.page.height - footerHeight;
  drawLetterhead(pdf, spec, width);
  drawRecipient(pdf, spec);
  const factsEnd = drawFacts(pdf, spec, width);
  const titleTop = Math.max(windowField.y + windowField.height, factsEnd) + 6 * mm;
  pdf.font(fontBold).fontSize(14).text(spec.title, left, titleTop, { width });
  pdf.moveDown(0.6);

  const font = (options: TextOptions | undefined, size: number) =>
    pdf.font(options?.bold ? fontBold : fontRegular).fontSize(options?.size ?? size);

  /** Each cell's lines and the row's height, measured before the row is placed. */
  const layoutRow = (columns: readonly LetterColumn[], row: LetterRow) => {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    font({ bold: row.bold }, tableSize);
    const widths = columns.map((column) => (column.width / total) * width);
    const cells = columns.map((column, index) => {
      const cellWidth = widths[index]!;
      const text = row.cells[index] ?? '';
      // A left-aligned text may run on over the empty cells after it, as a total's label does.
      let room = cellWidth;
      if ((column.align ?? 'left') === 'left')
        for (let next = index + 1; next < columns.length && !row.cells[next]; next++)
          room += widths[next]!;
      const lines =
        (column.wrapLines ?? 1) > 1
          ? wrappedLines(pdf, text, room - 4, column.wrapLines!)
          : [fitted(pdf, text, room - 4)];
      return { column, cellWidth, room, lines };
    });
    const lineCount = Math.max(1, ...cells.map((cell) => cell.lines.length));
    return { cells, height: rowHeight + (lineCount - 1) * lineStep };
  };

  const drawRow = (layout: ReturnType<typeof layoutRow>, row: LetterRow) => {
    const y = pdf.y;
    if (row.ruleAbove)
      pdf
        .moveTo(left, y)
        .lineTo(left + width, y)
        .lineWidth(0.5)
        .stroke();
    font({ bold: row.bold }, tableSize);
    let x = left;
    for (const cell of layout.cells) {
      cell.lines.forEach((line, index) => {
        pdf.text(line, x + 2, y + 3 + index * lineStep, {
          width: cell.room - 4,
          align: cell.column.align ?? 'left',
          lineBreak: false,
        });
      });
      x += cell.cellWidth;
    }
    pdf.x = left;
    pdf.y = y + layout.height;
  };

  const body: LetterBody = {
    width,
    left,
    pdf,
    heading(text) {
      body.keepTogether(3 * rowHeight);
      pdf.moveDown(0.4);
      font({ bold: true }, 10.5).text(text, left, pdf.y, { width });
      pdf.moveDown(0.2);
    },
    paragraph(text, options) {
      font(options, bodySize).text(text, left, pdf.y, { width, align: options?.align ?? 'left' });
      pdf.moveDown(0.3);
    },
    measure(text, options) {
      return font(options, bodySize).heightOfString(text, { width: options?.width ?? width });
    },
    table(columns, rows) {
      const headerRow: LetterRow = { cells: columns.map((column) => column.header), bold: true };
      const headerLayout = layoutRow(columns, headerRow);
      const header = () => {
        drawRow(headerLayout, headerRow);
        pdf
          .moveTo(left, pdf.y - 1)
          .lineTo(left + width, pdf.y - 1)
          .lineWidth(0.5)
          .stroke();
        pdf.y += 1;
      };
      // The header with at least one row under it, never a header alone at the foot of a page.
      const layouts = rows.map((row) => layoutRow(columns, row));
      body.keepTogether(headerLayout.height + 1 + (layouts[0]?.height ?? 0));
      header();
      rows.forEach((row, index) => {
        const layout = layouts[index]!;
        if (pdf.y + layout.height > bottom()) {
          pdf.addPage();
          header();
        }
        drawRow(layout, row);
      });
      pdf.moveDown(0.5);
    },
    summary(rows) {
      const x = left + width / 2;
      const half = width / 2;
      body.keepTogether(rows.length * (rowHeight + 2));
      for (const row of rows) {
        const y = pdf.y;
        if (row.ruleAbove)
          pdf
            .moveTo(x, y)
            .lineTo(left + width, y)
            .lineWidth(0.5)
            .stroke();
        font({ bold: row.bold }, bodySize);
        pdf.text(fitted(pdf, row.label, half * 0.55), x + 2, y + 3, { lineBreak: false });
        pdf.text(fitted(pdf, row.value, half * 0.45 - 4), x + half * 0.55, y + 3, {
          width: half * 0.45 - 2,
          align: 'right',
          lineBreak: false,
        });
        pdf.x = left;
        pdf.y = y + rowHeight + 2;
      }
      pdf.moveDown(0.5);
    },
    space(millimetres) {
      pdf.y += millimetres * mm;
    },
    keepTogether(height) {
      if (pdf.y + height > bottom()) pdf.addPage();
    },
    block(height, draw) {
      body.keepTogether(height);
      const y = pdf.y;
      draw(left, y);
      pdf.x = left;
      pdf.y = y + height;
    },
  };
  writeBody(body);

  drawPageFurniture(pdf, spec, width);
  pdf.end();
  return done;
}
