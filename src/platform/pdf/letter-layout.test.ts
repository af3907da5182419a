// Proves the shared letter layout: the recipient sits in the envelope window, Unicode text reads
// back, a long table runs over pages with its header, the running header and "Page n of m" on
// every page, cells cut rather than overflow, logos in both formats are embedded, and the same
// input gives the same bytes.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import QRCode from 'qrcode';
import { describe, expect, it, vi } from 'vitest';
import { pdfImageCount, pdfPagesText } from '../../../test/support/pdf.js';
import { AppError } from '../../core/errors.js';
import {
  mm,
  renderLetter,
  wrappedLines,
  type LetterBody,
  type LetterSpec,
} from './letter-layout.js';

const standardFontDataUrl = fileURLToPath(
  new URL('../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);

const spec: LetterSpec = {
  sender: {
    name: 'Włókna Łódzkie Sp. z o.o.',
    lines: ['ul. Piotrkowska 104', '90-926 Łódź', 'Poland'],
    returnAddress: 'Włókna Łódzkie Sp. z o.o. · ul. Piotrkowska 104 · 90-926 Łódź',
  },
  logo: null,
  recipient: ['Παπαδόπουλος Α.Ε.', 'Οδός Αιόλου 42', '105 51 Αθήνα', 'Greece'],
  title: 'Statement',
  reference: 'ST-0001',
  facts: [
    { label: 'Number', value: 'ST-0001' },
    { label: 'Date', value: '2026-03-02' },
  ],
  footer: 'Registered in Łódź\nKRS 0000123456',
  date: '2026-03-02',
};

const columns = [
  { header: 'Item', width: 4 },
  { header: 'Amount', width: 1, align: 'right' as const },
];

function tableOf(count: number) {
  return (body: LetterBody) => {
    body.paragraph('Dear customer, here are the items.');
    body.table(
      columns,
      Array.from({ length: count }, (_, index) => ({
        cells: [`Item ${String(index + 1).padStart(3, '0')}`, `${index + 1}.00`],
      })),
    );
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Each text item of the first page with its position in mm from the top-left corner. */
async function placedText(pdf: Uint8Array) {
  const document = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl }).promise;
  const page = await document.getPage(1);
  const height = page.getViewport({ scale: 1 }).height;
  const content = await page.getTextContent();
  return content.items.flatMap((item) =>
    'str' in item
      ? [{ text: item.str, x: item.transform[4] / mm, top: (height - item.transform[5]) / mm }]
      : [],
  );
}

/** The smallest file pdfkit reads as a JPEG: start of image, a baseline frame header, end. */
const tinyJpeg = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff,
  0xd9,
]);

describe('renderLetter', () => {
  it('reads back the sender, the recipient in Greek, the title, the facts and the footer', async () => {
    const [page] = await pdfPagesText(await renderLetter(spec, tableOf(3)));
    for (const expected of [
      'Włókna Łódzkie Sp. z o.o.',
      '90-926 Łódź',
      'Παπαδόπουλος Α.Ε.',
      '105 51 Αθήνα',
      'Statement',
      'ST-0001',
      '2026-03-02',
      'Registered in Łódź',
      'KRS 0000123456',
      'Item 003',
      'Page 1 of 1',
    ])
      expect(page).toContain(expected);
  });

  it('puts the recipient inside the window of a DIN 5008 / DL envelope and the facts beside it', async () => {
    const items = await placedText(await renderLetter(spec, tableOf(1)));
    for (const line of spec.recipient) {
      const item = items.find((candidate) => candidate.text === line);
      expect(item, line).toBeDefined();
      expect(item!.x).toBeGreaterThanOrEqual(20);
      expect(item!.x).toBeLessThan(105);
      expect(item!.top).toBeGreaterThan(50);
      expect(item!.top).toBeLessThan(90);
    }
    const returnLine = items.find((item) => item.text.startsWith('Włókna Łódzkie Sp. z o.o. ·'));
    expect(returnLine!.top).toBeGreaterThan(45);
    expect(returnLine!.top).toBeLessThan(52);
    const number = items.find((item) => item.text === 'Number');
    expect(number!.x).toBeGreaterThanOrEqual(124);
    expect(number!.top).toBeGreaterThan(45);
  });

  it('runs a long table over pages with its header, the running header and page numbers', async () => {
    const pages = await pdfPagesText(await renderLetter(spec, tableOf(150)));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toMatch(/Item\s+Amount/);
      expect(page).toContain('Registered in Łódź');
      if (index > 0) {
        expect(page).toContain('Statement ST-0001');
        expect(page).toContain('Włókna Łódzkie Sp. z o.o.');
        // The letterhead's address is on the first page only.
        expect(page).not.toContain('ul. Piotrkowska 104');
      }
    });
    const all = pages.join(' ');
    for (let item = 1; item <= 150; item++)
      expect(all).toContain(`Item ${String(item).padStart(3, '0')}`);
    expect(pages[0]).not.toContain('Statement ST-0001');
  });

  it('cuts a cell that does not fit with an ellipsis and wraps a wrapping column', async () => {
    const long = `A very long item name ${'that goes on '.repeat(20)}and ends here`;
    const pages = await pdfPagesText(
      await renderLetter(spec, (body) => {
        body.table(columns, [{ cells: [long, '1.00'] }]);
        body.table(
          [
            { header: 'Wrapped', width: 2, wrapLines: 3 },
            { header: 'Amount', width: 1, align: 'right' },
          ],
          [{ cells: [long, '2.00'] }],
        );
      }),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]).not.toContain('ends here');
    expect(pages[0]!.split('…').length - 1).toBe(2);
    expect(pages[0]).toContain('A very long item name');
  });

  it('lets a left-aligned cell run on over the empty cells after it, and only those', async () => {
    const label = 'Total open in EUR for this customer account, all invoices';
    const three = [
      { header: 'No.', width: 1 },
      { header: 'Date', width: 1 },
      { header: 'Amount', width: 1, align: 'right' as const },
    ];
    const [page] = await pdfPagesText(
      await renderLetter(spec, (body) =>
        body.table(three, [{ cells: [label, '', '9.00'] }, { cells: [label, 'x', '8.00'] }]),
      ),
    );
    expect(page).toContain(label);
    expect(page!.split('…').length - 1).toBe(1);
  });

  it('wraps a long footer line over the footer lines rather than cutting it', async () => {
    const footer = `Registered office Łódź, ${'District Court for Łódź-Śródmieście, '.repeat(3)}end of footer`;
    const [page] = await pdfPagesText(await renderLetter({ ...spec, footer }, tableOf(1)));
    expect(page).toContain('end of footer');
    expect(page).not.toContain('…');
  });

  it('gives byte-identical output for the same input, and other bytes for another date', async () => {
    const first = await renderLetter(spec, tableOf(60));
    const second = await renderLetter(spec, tableOf(60));
    expect(sha256(second)).toBe(sha256(first));
    const other = await renderLetter({ ...spec, date: '2026-03-03' }, tableOf(60));
    expect(sha256(other)).not.toBe(sha256(first));
    // The creation date is the document's, not the time of rendering.
    expect(Buffer.from(first).toString('latin1')).toContain('(D:20260302000000Z)');
  });

  it('gives the same bytes from the first document of a process, which parses the font, as from later ones', async () => {
    const warm = await renderLetter(spec, tableOf(5));
    vi.resetModules();
    const fresh = (await import('./letter-layout.js')) as typeof import('./letter-layout.js');
    expect(fresh.renderLetter).not.toBe(renderLetter);
    expect(sha256(await fresh.renderLetter(spec, tableOf(5)))).toBe(sha256(warm));
  });

  it('embeds a PNG and a JPEG logo', async () => {
    const png = await QRCode.toBuffer('logo', { type: 'png', width: 64 });
    expect(pdfImageCount(await renderLetter(spec, tableOf(1)))).toBe(0);
    const withPng = await renderLetter({ ...spec, logo: new Uint8Array(png) }, tableOf(1));
    // A PNG with transparency is the image and its alpha mask.
    expect(pdfImageCount(withPng)).toBeGreaterThanOrEqual(1);
    const withJpeg = await renderLetter({ ...spec, logo: tinyJpeg }, tableOf(1));
    expect(pdfImageCount(withJpeg)).toBe(1);
    expect(Buffer.from(withJpeg).toString('latin1')).toContain('/DCTDecode');
    // With a logo the name still reads back from the letterhead's block.
    expect((await pdfPagesText(withPng))[0]).toContain('Włókna Łódzkie Sp. z o.o.');
  });

  it('refuses a logo that is not an image', async () => {
    await expect(
      renderLetter({ ...spec, logo: new TextEncoder().encode('not an image') }, tableOf(1)),
    ).rejects.toSatisfy(
      (error) =>
        error instanceof AppError &&
        error.kind === 'invalid' &&
        error.code === 'logo_unreadable' &&
        error.field === 'logo',
    );
  });
});

describe('renderLetter, one document after another', () => {
  // The parsed font is shared between documents; what one document laid out or subset must not
  // change how the next one's text reads back.
  it('reads back every character of a document rendered after others with accents and Greek', async () => {
    await renderLetter(spec, (body) => body.paragraph('Ą Á Å Α Ä ą á Ω É'));
    const [page] = await pdfPagesText(
      await renderLetter(spec, (body) => body.paragraph('A very Able Entry, AEIOU.')),
    );
    expect(page).toContain('A very Able Entry, AEIOU.');
  });
});

describe('wrappedLines', () => {
  const pdf = new PDFDocument({ size: 'A4' }).font('Helvetica').fontSize(9);

  it('keeps a text that fits on one line', () => {
    expect(wrappedLines(pdf, 'Short  text', 200, 3)).toEqual(['Short text']);
  });

  it('breaks at spaces, each line within the width, and loses no word', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    const lines = wrappedLines(pdf, text, 60, 10);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(pdf.widthOfString(line)).toBeLessThanOrEqual(60);
    expect(lines.join(' ')).toBe(text);
  });

  it('ends the last allowed line with an ellipsis when text remains, and cuts an over-long word', () => {
    const lines = wrappedLines(pdf, 'word '.repeat(40), 60, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    const word = wrappedLines(pdf, 'x'.repeat(200), 40, 3);
    expect(word).toHaveLength(3);
    for (const line of word) expect(pdf.widthOfString(line)).toBeLessThanOrEqual(40);
  });
});
