// Proves the dunning letter reads back with everything a customer needs (who writes, to whom, the
// date, the subject, the text, every open invoice and the totals), that the recipient sits in the
// envelope window, that a long list of invoices runs onto further pages with its header, and that
// the letterhead is the seller's master data with its logo, else what the mail settings say.
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { pdfImageCount, pdfPagesText } from '../../test/support/pdf.js';
import { emptyAddress } from '../core/postal-address.js';
import type { SellerDetails } from '../invoicing/issued-document.js';
import { invoice as issuedInvoice } from '../rendering/pdf/issued-document.fixture.js';
import {
  dunningLetterhead,
  dunningLetterPdf,
  type CompanyFacts,
  type DunningLetter,
} from './dunning-letter-pdf.js';

const standardFontDataUrl = fileURLToPath(
  new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url),
);
const mm = 72 / 25.4;

const invoice = (number: string, openMinor: bigint, currency = 'EUR') => ({
  number,
  issuedOn: '2026-01-10',
  dueOn: '2026-02-09',
  currency,
  totalMinor: 150_000n,
  openMinor,
  daysOverdue: 45,
});

const company: CompanyFacts = {
  name: 'Northwind Supplies Ltd',
  address: '1 Harbour Road\nBristol BS1 4QA',
  email: 'accounts@northwind.test',
  phone: '+44 117 000 0000',
};

/** An organization that never filled in its master data: its name and nothing else. */
const noMasterData: SellerDetails = {
  name: 'Northwind',
  tradingName: null,
  address: emptyAddress,
  vatId: null,
  registrationId: null,
  electronicAddress: null,
  email: null,
  phone: null,
  paymentAccounts: [],
  footer: null,
  logoDocumentId: null,
};

const letter: DunningLetter = {
  sender: dunningLetterhead({ details: noMasterData, legalName: null }, company),
  logo: null,
  customer: {
    name: 'Acme',
    legalName: 'Acme Trading Ltd',
    address: ['12 Mill Lane', 'Unit 4', 'LS1 2AB Leeds', 'United Kingdom'],
  },
  date: '2026-03-26',
  subject: 'Final reminder: 2 invoices overdue',
  paragraphs: [
    'Dear Sir or Madam,',
    'Despite our reminders, the invoices below are still unpaid. Please pay within 7 days.',
    'Yours faithfully',
  ],
  invoices: [
    invoice('INV-0001', 123_457n),
    invoice('INV-0002', 50_000n),
    invoice('INV-0003', 9_900n, 'USD'),
  ],
  totals: [
    { currency: 'EUR', openMinor: 173_457n },
    { currency: 'USD', openMinor: 9_900n },
  ],
};

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

describe('dunningLetterPdf', () => {
  it('reads back with the sender, recipient, date, subject, text, invoices and totals', async () => {
    const pages = await pdfPagesText(await dunningLetterPdf(letter));
    expect(pages).toHaveLength(1);
    const text = pages[0]!;
    for (const expected of [
      'Northwind Supplies Ltd',
      'accounts@northwind.test',
      'Acme Trading Ltd',
      '12 Mill Lane',
      'LS1 2AB Leeds',
      'United Kingdom',
      '2026-03-26',
      'Final reminder: 2 invoices overdue',
      'Please pay within 7 days.',
      'Days overdue',
      'INV-0001',
      '1234.57 EUR',
      '500.00 EUR',
      '99.00 USD',
      'Total open in EUR',
      '1734.57 EUR',
      'Total open in USD',
      'Page 1 of 1',
    ])
      expect(text).toContain(expected);
  });

  it('puts the recipient inside the window of a DIN 5008 / DL envelope', async () => {
    const items = await placedText(await dunningLetterPdf(letter));
    for (const line of ['Acme Trading Ltd', 'Acme', '12 Mill Lane', 'United Kingdom']) {
      const item = items.find((candidate) => candidate.text === line);
      expect(item, line).toBeDefined();
      expect(item!.x).toBeGreaterThanOrEqual(20);
      expect(item!.x).toBeLessThan(105);
      // The baseline lies inside the 45–90 mm band, below the return line at the top of it.
      expect(item!.top).toBeGreaterThan(50);
      expect(item!.top).toBeLessThan(90);
    }
    const returnLine = items.find((item) =>
      item.text.startsWith('Northwind Supplies Ltd · 1 Harbour Road'),
    );
    expect(returnLine!.top).toBeGreaterThan(45);
    expect(returnLine!.top).toBeLessThan(52);
  });

  it('runs a long list onto further pages, repeating the table header, and ends with the totals', async () => {
    const many = Array.from({ length: 90 }, (_, index) =>
      invoice(`INV-${String(index + 1).padStart(4, '0')}`, 1_000n),
    );
    const pages = await pdfPagesText(
      await dunningLetterPdf({
        ...letter,
        invoices: many,
        totals: [{ currency: 'EUR', openMinor: 90_000n }],
      }),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('Days overdue');
    expect(pages.join(' ')).toContain('INV-0090');
    expect(pages.at(-1)).toContain('Total open in EUR');
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it("prints the seller's master data and logo, the same letterhead as the invoices", async () => {
    const seller = { ...issuedInvoice.seller, tradingName: 'Włókna' };
    const sender = dunningLetterhead({ details: seller, legalName: seller.name }, company);
    const logo = new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 }));
    const pdf = await dunningLetterPdf({ ...letter, sender, logo });
    const text = (await pdfPagesText(pdf)).join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'Włókna Łódzkie Sp. z o.o.',
      'Trading as Włókna',
      'ul. Piotrkowska 104',
      '90-926 Łódź',
      'Poland',
      'faktury@wlokna.test',
      'Sąd Rejonowy dla Łodzi-Śródmieścia',
    ])
      expect(text).toContain(expected);
    // The mail settings' name and free-text address give way to the master data.
    expect(text).not.toContain('Northwind Supplies Ltd');
    expect(text).not.toContain('Harbour Road');
    expect(pdfImageCount(pdf)).toBeGreaterThanOrEqual(1);
    expect(pdfImageCount(await dunningLetterPdf(letter))).toBe(0);
  });

  it('takes what the master data lacks from the mail settings', () => {
    expect(dunningLetterhead({ details: noMasterData, legalName: null }, company)).toEqual({
      name: 'Northwind Supplies Ltd',
      tradingName: null,
      addressLines: ['1 Harbour Road', 'Bristol BS1 4QA'],
      phone: '+44 117 000 0000',
      email: 'accounts@northwind.test',
      footer: 'Northwind Supplies Ltd · accounts@northwind.test · +44 117 000 0000',
    });
    const named = dunningLetterhead(
      {
        details: { ...noMasterData, name: 'Northwind Supplies Limited', tradingName: 'Northwind' },
        legalName: 'Northwind Supplies Limited',
      },
      { ...company, address: null, email: null, phone: null },
    );
    expect(named).toMatchObject({
      name: 'Northwind Supplies Limited',
      tradingName: 'Northwind',
      addressLines: [],
      footer: 'Northwind Supplies Limited',
    });
  });
});
