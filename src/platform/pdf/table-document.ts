export interface TableColumn {
  readonly header: string;
  /** Relative width: the columns share the page width in these proportions. */
  readonly width: number;
  readonly align?: 'left' | 'right' | undefined;
}

export interface TableRow {
  readonly cells: readonly string[];
  /** Totals and headings print in bold with a rule above. */
  readonly emphasis?: boolean | undefined;
}

export type DocumentBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'table';
      readonly columns: readonly TableColumn[];
      readonly rows: readonly TableRow[];
    };

export interface TableDocument {
  readonly title: string;
  /** Lines under the title: organization, date, basis, filters. */
  readonly subtitle: readonly string[];
  readonly blocks: readonly DocumentBlock[];
  readonly landscape?: boolean | undefined;
}

const margin = 36;
const fontSize = 8;
const rowHeight = 12;

/**
 * The text cut to the width with an ellipsis: pdfkit's own `ellipsis` still wraps a long cell
 * over the row below, so the cell is measured in its font and cut here.
 */
function fitted(pdf: PDFKit.PDFDocument, text: string, widthPt: number): string {
  if (pdf.widthOfString(text) <= widthPt) return text;
  let kept = text;
  // Halve, then step: a long free-text cell is cut in a few measurements rather than one per character.
  while (kept.length > 8 && pdf.widthOfString(`${kept.slice(0, kept.length >> 1)}…`) > widthPt)
    kept = kept.slice(0, kept.length >> 1);
  while (kept.length > 0 && pdf.widthOfString(`${kept}…`) > widthPt) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/**
 * Lays out a report (headings, paragraphs, tables that break across pages with their header
 * repeated, page numbers) as a PDF with the standard Helvetica fonts, so nothing needs embedding.
 */
export async function renderTableDocument(document: TableDocument): Promise<Buffer> {
  // PDFKit and fontkit take longer to load than most commands take to run: loaded for a PDF only.
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    layout: document.landscape ? 'landscape' : 'portrait',
    margin,
    bufferPages: true,
    info: { Title: document.title, Producer: 'Settle', Creator: 'Settle' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * margin;
  const bottom = () => pdf.page.height - margin - rowHeight;
  pdf.font('Helvetica-Bold').fontSize(14).text(document.title, margin, margin);
  pdf.font('Helvetica').fontSize(9);
  for (const line of document.subtitle) pdf.text(line);
  pdf.moveDown(0.5);

  const drawRow = (
    columns: readonly TableColumn[],
    cells: readonly string[],
    bold: boolean,
    rule: boolean,
  ) => {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const y = pdf.y;
    if (rule)
      pdf
        .moveTo(margin, y - 1)
        .lineTo(margin + width, y - 1)
        .lineWidth(0.5)
        .stroke();
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize);
    let x = margin;
    columns.forEach((column, index) => {
      const cellWidth = (column.width / total) * width;
      const text = fitted(pdf, cells[index] ?? '', cellWidth - 4);
      pdf.text(text, x + 2, y + 2, {
        width: cellWidth - 4,
        align: column.align ?? 'left',
        lineBreak: false,
      });
      x += cellWidth;
    });
    pdf.x = margin;
    pdf.y = y + rowHeight;
  };

  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      if (pdf.y > bottom() - 3 * rowHeight) pdf.addPage();
      pdf.moveDown(0.5);
      pdf.font('Helvetica-Bold').fontSize(11).text(block.text, margin, pdf.y);
      pdf.moveDown(0.3);
    } else if (block.kind === 'text') {
      pdf.font('Helvetica').fontSize(9).text(block.text, margin, pdf.y, { width });
      pdf.moveDown(0.3);
    } else {
      const header = () =>
        drawRow(
          block.columns,
          block.columns.map((column) => column.header),
          true,
          false,
        );
      if (pdf.y > bottom() - rowHeight) pdf.addPage();
      header();
      for (const row of block.rows) {
        if (pdf.y > bottom()) {
          pdf.addPage();
          header();
        }
        drawRow(block.columns, row.cells, row.emphasis ?? false, row.emphasis ?? false);
      }
      pdf.moveDown(0.5);
    }
  }

  const range = pdf.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    pdf.switchToPage(index);
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    pdf
      .font('Helvetica')
      .fontSize(7)
      .text(
        `${document.title} — page ${index + 1} of ${range.count}`,
        margin,
        pdf.page.height - margin + 8,
        {
          width,
          align: 'right',
          lineBreak: false,
        },
      );
  }
  pdf.end();
  return done;
}
