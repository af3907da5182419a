import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const standardFontDataUrl = fileURLToPath(
  new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);

/** The text of each page of a PDF, as a reader would extract it: what the tests check PDFs by. */
export async function pdfPagesText(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let page = 1; page <= document.numPages; page++) {
    const content = await (await document.getPage(page)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages;
}

/** How many images (a logo, a QR code) the PDF embeds: its image XObjects. */
export function pdfImageCount(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').split('/Subtype /Image').length - 1;
}
