// Proves the invoice and credit-note PDF reads back with what the EU VAT Directive (Art. 226) and
// the customer need: both parties in full (Polish, Lithuanian and Greek text included), number,
// dates, lines, the VAT breakdown, totals, terms and discount, bank details, the RF reference and
// the EPC QR code where it belongs; that a long invoice runs over pages with its headers; and that
// the same document always gives the same bytes.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { pdfImageCount, pdfPagesText } from '../../../test/support/pdf.js';
import { printRfReference } from '../../core/rf-reference.js';
import type { IssuedDocument } from '../../invoicing/issued-document.js';
import {
  groupedAmount,
  groupedIban,
  renderIssuedDocumentPdf,
  scaledDecimal,
  unitLabel,
} from './invoice-pdf.js';
import { creditNote, greekBuyer, invoice, line, longInvoice } from './issued-document.fixture.js';

/** The pages' text with runs of white space made one space, as a reader sees the words. */
async function pagesOf(doc: IssuedDocument, logo: Uint8Array | null = null): Promise<string[]> {
  const pages = await pdfPagesText(await renderIssuedDocumentPdf(doc, { logo }));
  return pages.map((page) => page.replace(/\s+/g, ' '));
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('renderIssuedDocumentPdf, an invoice', () => {
  it('names both parties in full with their addresses and VAT ids', async () => {
    const [text] = await pagesOf(invoice);
    for (const expected of [
      'Włókna Łódzkie Sp. z o.o.',
      'ul. Piotrkowska 104',
      '90-926 Łódź',
      'Poland',
      'UAB Šiaulių Prekyba',
      'Tilžės g. 109',
      'LT-76349 Šiauliai',
      'Šiaulių apskritis',
      'Lithuania',
      'Our VAT ID PL7251234567',
      'Your VAT ID LT100001234567',
      'Company reg. no. KRS 0000123456',
      'faktury@wlokna.test',
      'Sąd Rejonowy dla Łodzi-Śródmieścia',
    ])
      expect(text).toContain(expected);
  });

  it('prints a Greek buyer exactly', async () => {
    const [text] = await pagesOf({ ...invoice, buyer: greekBuyer });
    for (const expected of ['Παπαδόπουλος Α.Ε.', 'Οδός Αιόλου 42', '105 51 Αθήνα', 'Greece'])
      expect(text).toContain(expected);
  });

  it('gives the number, dates, references, each line and the VAT breakdown', async () => {
    const [text] = await pagesOf(invoice);
    for (const expected of [
      'Invoice',
      'Invoice no. INV-2026-0042',
      'Issue date 2026-03-02',
      'Due date 2026-04-01',
      'Customer no. C-00017',
      'Your reference PROJ-7',
      'Your order no. PO-5531',
      'Unit price (EUR) VAT Net (EUR)',
      '1 Consulting, March 2 hour 50.00 23 % 100.00',
      '2 Printed catalogues 1.5 box 123.45 8 % 185.18',
      '3 Machine maintenance 1 ZZZ 1,000.00 0 % 1,000.00',
      'Standard rate 23 % 100.00 23.00',
      'Standard rate 8 % 185.18 14.81',
      'Reverse charge 0 % 1,000.00 0.00',
      'Reverse charge: the recipient is liable for the VAT on 1,000.00 EUR. Art. 196 of Directive 2006/112/EC',
      'Total net 1,285.18 EUR',
      'Total VAT 37.81 EUR',
      'Total due 1,322.99 EUR',
      'Thank you for your business.',
    ])
      expect(text).toContain(expected);
  });

  it('shows a discounted line at quantity × price with the discount under it, and totals after it', async () => {
    // 2 h × 50.00 = 100.00 less 12.5 % (12.50) = 87.50 net, 23 % of it 20.13 VAT.
    const discounted: IssuedDocument = {
      ...invoice,
      lines: [
        line(1, {
          description: 'Consulting, March',
          netMinor: 8_750n,
          taxMinor: 2_013n,
          discountMinor: 1_250n,
          discountPercentScaled: 125_000n,
          discountReason: 'Loyalty discount',
        }),
        line(2, {
          description: 'Travel',
          quantityScaled: 1_000_000n,
          unitPriceMinor: 4_000n,
          netMinor: 3_000n,
          taxMinor: 690n,
          discountMinor: 1_000n,
          discountReason: 'Discount',
        }),
      ],
      subtotalMinor: 11_750n,
      taxMinor: 2_703n,
      totalMinor: 14_453n,
      discount: null,
    };
    const [text] = await pagesOf(discounted);
    for (const expected of [
      '1 Consulting, March 2 hour 50.00 23 % 100.00 Loyalty discount, 12.5 % -12.50',
      '2 Travel 1 hour 40.00 23 % 40.00 Discount -10.00',
      'Standard rate 23 % 117.50 27.03',
      'Total net 117.50 EUR',
      'Total due 144.53 EUR',
    ])
      expect(text).toContain(expected);
  });

  it('says how to pay: amount and due date, terms, discount, bank account, reference, QR code', async () => {
    const [text] = await pagesOf(invoice);
    for (const expected of [
      'Please pay 1,322.99 EUR by 2026-04-01.',
      'Terms: 2 % 10, net 30',
      'if paid by 2026-03-12, deduct 26.46 EUR and pay',
      '1,296.53 EUR',
      'IBAN PL61 1090 1014 0000 0712 1981 2874',
      'BIC WBKPPLPP',
      `Reference: ${printRfReference(invoice.creditorReference!)}`,
      'Scan to pay',
    ])
      expect(text).toContain(expected);
    expect(printRfReference(invoice.creditorReference!)).toMatch(/^RF\d\d( \w{1,4})+$/);
  });

  it('draws no QR code for a USD invoice, and prints account and routing numbers', async () => {
    const [text] = await pagesOf({
      ...invoice,
      currency: 'USD',
      seller: {
        ...invoice.seller,
        paymentAccounts: [
          {
            iban: null,
            bic: null,
            accountNumber: '123456789',
            routingNumber: '021000021',
            bankName: 'First Bank',
            accountName: null,
          },
        ],
      },
    });
    expect(text).toContain('Account 123456789 · Routing 021000021 · First Bank');
    expect(text).toContain('Total due 1,322.99 USD');
    expect(text).not.toContain('Scan to pay');
  });

  it('draws no QR code for a EUR invoice when the seller has no IBAN', async () => {
    const [text] = await pagesOf({
      ...invoice,
      seller: { ...invoice.seller, paymentAccounts: [] },
    });
    expect(text).not.toContain('Scan to pay');
    expect(text).toContain('Reference: RF');
  });

  it('wraps a long description over lines instead of cutting it at the first', async () => {
    const description =
      'Annual maintenance of the weaving machines in hall B, including spare parts and travel';
    const [text] = await pagesOf({
      ...invoice,
      lines: [line(1, { description })],
    });
    expect(text).toContain('including spare parts');
    expect(text).toContain('travel');
  });

  it('runs 80 lines over several pages, each with the running header, page number and table header', async () => {
    const pages = await pagesOf(longInvoice(80));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      if (index > 0) {
        expect(page).toContain('Włókna Łódzkie Sp. z o.o.');
        expect(page).toContain('Invoice INV-2026-0042');
      }
      if (page.includes('Delivery item')) expect(page).toContain('# Description Quantity Unit');
    });
    const all = pages.join(' ');
    for (let item = 1; item <= 80; item++)
      expect(all).toContain(`Delivery item ${String(item).padStart(3, '0')}`);
    expect(pages.filter((page) => page.includes('# Description Quantity Unit')).length).toBe(
      pages.filter((page) => page.includes('Delivery item')).length,
    );
    expect(all).toContain('Total due 9,840.00 EUR');
  });

  it('gives the same bytes when rendered twice, with a logo too', async () => {
    const logo = new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 }));
    const first = await renderIssuedDocumentPdf(invoice, { logo });
    const second = await renderIssuedDocumentPdf(invoice, { logo });
    expect(sha256(second)).toBe(sha256(first));
    expect(sha256(await renderIssuedDocumentPdf(invoice, { logo: null }))).not.toBe(sha256(first));
  });

  it('embeds a PNG logo and a JPEG logo', async () => {
    const png = new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 }));
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00,
      0xff, 0xd9,
    ]);
    const images = async (logo: Uint8Array | null) =>
      pdfImageCount(await renderIssuedDocumentPdf(invoice, { logo }));
    expect(await images(null)).toBe(0);
    expect(await images(png)).toBeGreaterThanOrEqual(1);
    expect(await images(jpeg)).toBe(1);
  });
});

describe('renderIssuedDocumentPdf, a credit note', () => {
  it('says which invoice it credits and why, and asks for no payment', async () => {
    const [text] = await pagesOf({ ...creditNote, buyer: greekBuyer });
    for (const expected of [
      'Credit note',
      'Credit note no. CN-2026-0007',
      'Credits invoice INV-2026-0042',
      'Invoice date 2026-03-02',
      'This credit note credits invoice INV-2026-0042 of 2026-03-02.',
      'Reason: Two hours were billed twice.',
      'Total credited 123.00 EUR',
      'Παπαδόπουλος Α.Ε.',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Please pay');
    expect(text).not.toContain('Scan to pay');
    expect(text).not.toContain('Due date');
  });
});

describe('invoice number formats', () => {
  it('prints scaled quantities and rates without trailing zeros', () => {
    expect(scaledDecimal(1_500_000n, 6)).toBe('1.5');
    expect(scaledDecimal(2_000_000n, 6)).toBe('2');
    expect(scaledDecimal(1n, 6)).toBe('0.000001');
    expect(scaledDecimal(-72_500n, 4)).toBe('-7.25');
    expect(scaledDecimal(0n, 4)).toBe('0');
  });

  it('groups thousands in the currency decimals', () => {
    expect(groupedAmount(123_450n, 'EUR')).toBe('1,234.50');
    expect(groupedAmount(-123_456_789n, 'EUR')).toBe('-1,234,567.89');
    expect(groupedAmount(99n, 'EUR')).toBe('0.99');
    expect(groupedAmount(1_234_567n, 'JPY')).toBe('1,234,567');
    expect(groupedAmount(1_234_567n, 'KWD')).toBe('1,234.567');
  });

  it('groups an IBAN in fours and names units it knows', () => {
    expect(groupedIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(unitLabel('HUR')).toBe('hour');
    expect(unitLabel('ZZZ')).toBe('ZZZ');
  });
});
