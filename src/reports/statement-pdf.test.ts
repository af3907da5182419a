// Proves the statement of account reads back on the invoices' letter layout: the seller's
// letterhead and the customer's window address (Polish and Greek text exactly), the title and
// facts, the opening and closing balances, the note when nothing changed, the aging and the bank
// accounts; that a long statement runs over numbered pages repeating its table header; that a
// logo is embedded; and that the same statement always gives the same bytes.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { pdfImageCount, pdfPagesText } from '../../test/support/pdf.js';
import { calendarDate } from '../core/calendar-date.js';
import { greekBuyer, invoice } from '../rendering/pdf/issued-document.fixture.js';
import { agingRow } from './aging.js';
import type { Statement, StatementCurrency } from './get-statement.service.js';
import { statementSection, type StatementEvent, type StatementLineType } from './statement.js';
import { statementPdf, type StatementLetterhead } from './statement-pdf.js';

function event(
  type: StatementLineType,
  on: string,
  amountMinor: bigint,
  n: number,
): StatementEvent {
  return {
    type,
    on: calendarDate(on),
    currency: 'EUR',
    documentType: type === 'payment' ? 'payment' : 'invoice',
    documentId: `doc-${n}`,
    eventId: `event-${String(n).padStart(4, '0')}`,
    number: type === 'payment' ? `PAY-${n}` : `INV-${String(n).padStart(4, '0')}`,
    amountMinor,
    facts: type === 'payment' ? { appliedTo: [] } : { dueOn: null },
  };
}

const buckets = [
  { label: 'current', fromDays: null, toDays: 0 },
  { label: '1-30', fromDays: 1, toDays: 30 },
  { label: '31+', fromDays: 31, toDays: null },
];

function section(
  currency: string,
  openingMinor: bigint,
  events: StatementEvent[],
  aging: bigint[],
): StatementCurrency {
  const row = agingRow(aging, 0n);
  return { ...statementSection(currency, openingMinor, events, row.balanceMinor), aging: row };
}

function statement(currencies: StatementCurrency[]): Statement {
  return {
    organizationName: 'Włókna',
    customer: {
      id: 'customer-1',
      ref: 'C-0042',
      name: 'Šiaulių Prekyba',
      legalName: 'UAB Šiaulių Prekyba',
      billingAddress: null,
    },
    from: calendarDate('2026-03-01'),
    to: calendarDate('2026-03-31'),
    agingBasis: 'due',
    agingBuckets: buckets,
    currencies,
  };
}

const march = statement([
  section(
    'EUR',
    123_450n,
    [event('invoice', '2026-03-05', 50_000n, 1), event('payment', '2026-03-20', -123_450n, 2)],
    [50_000n, 0n, 0n],
  ),
  section('PLN', 9_900n, [], [0n, 0n, 9_900n]),
]);

const letterhead: StatementLetterhead = {
  seller: { ...invoice.seller, name: 'Włókna Łódzkie Sp. z o.o.' },
  buyer: invoice.buyer,
  logo: null,
};

async function pagesOf(
  value: Statement,
  head: StatementLetterhead = letterhead,
): Promise<string[]> {
  const pages = await pdfPagesText(await statementPdf(value, head));
  return pages.map((page) => page.replace(/\s+/g, ' '));
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('statementPdf', () => {
  it('is a letter from the seller to the customer, with the title and facts', async () => {
    const [text] = await pagesOf(march);
    for (const expected of [
      'Włókna Łódzkie Sp. z o.o.',
      'ul. Piotrkowska 104',
      '90-926 Łódź',
      'faktury@wlokna.test',
      'UAB Šiaulių Prekyba',
      'Tilžės g. 109',
      'LT-76349 Šiauliai',
      'Lithuania',
      'Statement of account',
      'Customer no. C-0042',
      'Period from 2026-03-01',
      'Period to 2026-03-31',
      'Date 2026-03-31',
      'Sąd Rejonowy dla Łodzi-Śródmieścia',
    ])
      expect(text).toContain(expected);
  });

  it('runs each currency from the opening to the closing balance, with its aging', async () => {
    const text = (await pagesOf(march)).join(' ');
    for (const expected of [
      'Amount (EUR)',
      'Opening balance 1,234.50',
      'INV-0001',
      '500.00 1,734.50',
      'PAY-2',
      '-1,234.50 500.00',
      'Closing balance 500.00',
      'EUR aging as of 2026-03-31',
      'Opening balance 99.00',
      'Closing balance 99.00',
      'Nothing changed the balance in this period.',
      'PLN aging as of 2026-03-31',
    ])
      expect(text).toContain(expected);
    // The note belongs to the currency without lines only.
    expect(text.split('Nothing changed').length - 1).toBe(1);
  });

  it("ends with the seller's bank accounts, and without a payment part when there are none", async () => {
    const text = (await pagesOf(march)).join(' ');
    expect(text).toContain('IBAN PL61 1090 1014 0000 0712 1981 2874');
    expect(text).toContain('customer number C-0042');
    const without = (
      await pagesOf(march, { ...letterhead, seller: { ...letterhead.seller, paymentAccounts: [] } })
    ).join(' ');
    expect(without).not.toContain('IBAN');
    expect(without).not.toContain('Please quote');
  });

  it('prints a Greek customer exactly', async () => {
    const [text] = await pagesOf(march, { ...letterhead, buyer: greekBuyer });
    for (const expected of ['Παπαδόπουλος Α.Ε.', 'Οδός Αιόλου 42', '105 51 Αθήνα', 'Greece'])
      expect(text).toContain(expected);
  });

  it('numbers the pages of a long statement and repeats the table header on each', async () => {
    const events = Array.from({ length: 120 }, (_, index) =>
      event('invoice', `2026-03-${String(1 + (index % 28)).padStart(2, '0')}`, 1_000n, index + 1),
    );
    const pages = await pagesOf(statement([section('EUR', 0n, events, [120_000n, 0n, 0n])]));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
    });
    // The lines' table runs over every page but the last, which may hold the aging alone.
    for (const page of pages.slice(0, -1)) expect(page).toContain('Balance (EUR)');
    expect(pages[1]).toContain('Statement of account C-0042');
    const text = pages.join(' ');
    expect(text).toContain('INV-0120');
    expect(text).toContain('Closing balance 1,200.00');
  });

  it('gives the same bytes twice, and embeds the logo when there is one', async () => {
    const first = await statementPdf(march, letterhead);
    expect(sha256(await statementPdf(march, letterhead))).toBe(sha256(first));
    const logo = new Uint8Array(await QRCode.toBuffer('logo', { type: 'png', width: 48 }));
    expect(pdfImageCount(first)).toBe(0);
    expect(
      pdfImageCount(await statementPdf(march, { ...letterhead, logo })),
    ).toBeGreaterThanOrEqual(1);
  });
});
