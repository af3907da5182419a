// Issued documents for the PDF tests: a seller in Łódź, a buyer in Šiaulių, a Greek buyer, lines
// at two rates and a reverse-charge line, so that every part of the invoice has something to show.
import { calendarDate } from '../../core/calendar-date.js';
import { makeRfReference } from '../../core/rf-reference.js';
import type { IssuedDocument, IssuedLine } from '../../invoicing/issued-document.js';
import { noDiscount } from '../../ledger/document-math.js';

export function line(
  position: number,
  overrides: Partial<IssuedLine> & Pick<IssuedLine, 'description'>,
): IssuedLine {
  return {
    position,
    quantityScaled: 2_000_000n,
    unitCode: 'HUR',
    unitPriceMinor: 5_000n,
    netMinor: 10_000n,
    taxMinor: 2_300n,
    vatCategory: 'S',
    taxRateScaled: 230_000n,
    exemptionReason: null,
    ...noDiscount,
    ...overrides,
  };
}

export const invoice: IssuedDocument = {
  kind: 'invoice',
  id: '0190a3c2-0000-7000-8000-000000000001',
  number: 'INV-2026-0042',
  issuedOn: calendarDate('2026-03-02'),
  dueOn: calendarDate('2026-04-01'),
  currency: 'EUR',
  seller: {
    name: 'Włókna Łódzkie Sp. z o.o.',
    tradingName: null,
    address: {
      line1: 'ul. Piotrkowska 104',
      line2: null,
      city: 'Łódź',
      postalCode: '90-926',
      region: null,
      countryCode: 'PL',
    },
    vatId: 'PL7251234567',
    registrationId: 'KRS 0000123456',
    electronicAddress: null,
    email: 'faktury@wlokna.test',
    phone: '+48 42 000 00 00',
    paymentAccounts: [
      {
        iban: 'PL61109010140000071219812874',
        bic: 'WBKPPLPP',
        accountNumber: null,
        routingNumber: null,
        bankName: 'Santander Bank Polska',
        accountName: null,
      },
    ],
    footer: 'Sąd Rejonowy dla Łodzi-Śródmieścia, XX Wydział KRS · Kapitał zakładowy 50 000 PLN',
    logoDocumentId: null,
  },
  buyer: {
    name: 'UAB Šiaulių Prekyba',
    tradingName: null,
    address: {
      line1: 'Tilžės g. 109',
      line2: null,
      city: 'Šiauliai',
      postalCode: 'LT-76349',
      region: 'Šiaulių apskritis',
      countryCode: 'LT',
    },
    vatId: 'LT100001234567',
    registrationId: null,
    electronicAddress: null,
    email: null,
    phone: null,
    buyerReference: 'PROJ-7',
    customerRef: 'C-00017',
  },
  lines: [
    line(1, { description: 'Consulting, March' }),
    line(2, {
      description: 'Printed catalogues',
      quantityScaled: 1_500_000n,
      unitCode: 'XBX',
      unitPriceMinor: 12_345n,
      netMinor: 18_518n,
      taxMinor: 1_481n,
      taxRateScaled: 80_000n,
    }),
    line(3, {
      description: 'Machine maintenance',
      quantityScaled: 1_000_000n,
      unitCode: 'ZZZ',
      unitPriceMinor: 100_000n,
      netMinor: 100_000n,
      taxMinor: 0n,
      vatCategory: 'AE',
      taxRateScaled: 0n,
      exemptionReason: 'Art. 196 of Directive 2006/112/EC',
    }),
  ],
  subtotalMinor: 128_518n,
  taxMinor: 3_781n,
  totalMinor: 132_299n,
  termsText: '2 % 10, net 30',
  discount: { minor: 2_646n, lastDay: calendarDate('2026-03-12') },
  creditorReference: makeRfReference('INV-2026-0042'),
  poNumber: 'PO-5531',
  memo: 'Thank you for your business.',
  invoiceReference: null,
  reason: null,
};

export const greekBuyer: IssuedDocument['buyer'] = {
  ...invoice.buyer,
  name: 'Παπαδόπουλος Α.Ε.',
  address: {
    line1: 'Οδός Αιόλου 42',
    line2: null,
    city: 'Αθήνα',
    postalCode: '105 51',
    region: null,
    countryCode: 'GR',
  },
  vatId: 'EL094259216',
};

export const creditNote: IssuedDocument = {
  ...invoice,
  kind: 'credit_note',
  number: 'CN-2026-0007',
  issuedOn: calendarDate('2026-03-20'),
  dueOn: null,
  lines: [invoice.lines[0]!],
  subtotalMinor: 10_000n,
  taxMinor: 2_300n,
  totalMinor: 12_300n,
  termsText: null,
  discount: null,
  creditorReference: null,
  invoiceReference: { number: 'INV-2026-0042', issuedOn: calendarDate('2026-03-02') },
  reason: 'Two hours were billed twice.',
};

/** An invoice of `count` lines, to run over several pages. */
export function longInvoice(count: number): IssuedDocument {
  const lines = Array.from({ length: count }, (_, index) =>
    line(index + 1, { description: `Delivery item ${String(index + 1).padStart(3, '0')}` }),
  );
  return {
    ...invoice,
    lines,
    subtotalMinor: 10_000n * BigInt(count),
    taxMinor: 2_300n * BigInt(count),
    totalMinor: 12_300n * BigInt(count),
  };
}
