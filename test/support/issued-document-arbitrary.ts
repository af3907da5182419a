import fc from 'fast-check';
import { addDays, calendarDate, type CalendarDate } from '../../src/core/calendar-date.js';
import type { ElectronicAddress } from '../../src/core/electronic-address.js';
import { formatAmount } from '../../src/core/money.js';
import { makeRfReference } from '../../src/core/rf-reference.js';
import { commonUnitCodes } from '../../src/core/unit-codes.js';
import type { VatCategory } from '../../src/core/vat-category.js';
import type {
  BuyerDetails,
  IssuedDocument,
  IssuedLine,
  PaymentAccount,
  PostalAddress,
  SellerDetails,
} from '../../src/invoicing/issued-document.js';
import { priceLines, totalsOf, type LineInput } from '../../src/ledger/document-math.js';

/**
 * Complete, valid issued documents: everything an EN 16931 e-invoice needs is present, so every
 * value must pass the schema and the EN 16931 rules. Amounts come from Settle's own document math
 * (`priceLines`, `totalsOf`), so the line taxes and totals are exactly the ones Settle issues.
 */

export const documentCurrencies = ['EUR', 'USD', 'GBP', 'JPY'] as const;

/** Standard rates as countries set them, with fractional ones among them. */
const standardRates = ['19', '7', '21', '25.5', '8.1', '5.5', '7.25', '20', '10'] as const;

/** A line's tax treatment: category, rate and, for the zero-rate categories, why. */
interface Treatment {
  readonly category: VatCategory;
  readonly rate: string;
}

const exemptionReasons: Readonly<Record<Exclude<VatCategory, 'S' | 'Z'>, readonly string[]>> = {
  E: ['Exempt under Article 135(1)(g) of Directive 2006/112/EC', 'Steuerfrei nach § 4 Nr. 21 UStG'],
  AE: ['Reverse charge', 'Steuerschuldnerschaft des Leistungsempfängers'],
  K: ['Intra-community supply', 'Article 138 Directive 2006/112/EC'],
  G: ['Export outside the EU', 'Exportation hors UE'],
  O: ['Not subject to VAT', 'Non-taxable: outside the scope of VAT'],
};

const countries = ['DE', 'FR', 'NL', 'BE', 'AT', 'IT', 'ES', 'LT', 'FI', 'GR', 'US', 'GB', 'JP'];

const textArbitrary = (samples: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...samples) },
    {
      weight: 1,
      arbitrary: fc
        .string({ minLength: 1, maxLength: 30, unit: 'grapheme' })
        // No control characters: XML cannot carry them and Settle's inputs do not hold them.
        // eslint-disable-next-line no-control-regex
        .map((text) => text.replace(/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '').trim())
        .filter((text) => text.length > 0),
    },
  );

const partyNames = [
  'Müller & Söhne GmbH',
  'Ωμέγα Εμπορική Α.Ε.',
  'ООО «Северный ветер»',
  '株式会社サンプル',
  'Łódź Trading Sp. z o.o.',
  'O\'Brien "Quality" <Ltd>',
  'شركة المثال',
  'Acme Corp.',
];

const descriptions = [
  'Consulting, March',
  'Beratung — Projekt "Nordlicht"',
  'Техническое обслуживание',
  '東京出張費',
  'Widgets <size M> & bolts',
  'Licence fee 2026/Q1',
  'Ψηφιακές υπηρεσίες',
  'Freight; Frankfurt → Vilnius',
];

/** An address without its country, which the document's scenario chooses. */
const postalPartsArbitrary: fc.Arbitrary<Omit<PostalAddress, 'countryCode'>> = fc.record({
  line1: fc.option(
    fc.constantFrom('Hauptstraße 5', 'Gedimino pr. 9', '1 Chome-1-2 Oshiage', "Rue de l'Église 3"),
    { nil: null },
  ),
  line2: fc.option(fc.constantFrom('Building B', '3. OG'), { nil: null }),
  city: fc.option(fc.constantFrom('Berlin', 'Vilnius', 'Τhessaloniki', '東京'), { nil: null }),
  postalCode: fc.option(fc.constantFrom('10115', 'LT-01103', '131-0045'), { nil: null }),
  region: fc.option(fc.constantFrom('Bavaria', 'Île-de-France'), { nil: null }),
});

const vatIdOf = (countryCode: string, digits: string) =>
  `${countryCode === 'GR' ? 'EL' : countryCode}${digits}`;

/**
 * A GLN with its GS1 check digit: Peppol's receivers check it (PEPPOL-COMMON-R040), so a random
 * 13-digit number would be a GLN no one could deliver to.
 */
function withGs1CheckDigit(digits: string): string {
  let sum = 0;
  [...digits].reverse().forEach((digit, index) => {
    sum += Number(digit) * (index % 2 === 0 ? 3 : 1);
  });
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

const electronicAddressArbitrary: fc.Arbitrary<ElectronicAddress> = fc.oneof(
  fc
    .stringMatching(/^[0-9]{12}$/)
    .map((digits) => ({ scheme: '0088', id: withGs1CheckDigit(digits) })),
  fc.stringMatching(/^[0-9]{9}$/).map((digits) => ({ scheme: '9930', id: `DE${digits}` })),
  fc.stringMatching(/^[a-z]{3,10}$/).map((local) => ({ scheme: 'EM', id: `${local}@example.com` })),
);

const paymentAccountArbitrary: fc.Arbitrary<PaymentAccount> = fc.oneof(
  fc.record({
    iban: fc.constantFrom(
      'DE89 3704 0044 0532 0130 00',
      'LT121000011101001000',
      'NL91ABNA0417164300',
    ),
    bic: fc.option(fc.constantFrom('COBADEFFXXX', 'HABALT22'), { nil: null }),
    accountNumber: fc.constant(null),
    routingNumber: fc.constant(null),
    bankName: fc.option(fc.constant('Commerzbank'), { nil: null }),
    accountName: fc.option(fc.constant('Müller & Söhne Treasury'), { nil: null }),
  }),
  fc.record({
    iban: fc.constant(null),
    bic: fc.constant(null),
    accountNumber: fc.stringMatching(/^[0-9]{8,12}$/),
    routingNumber: fc.option(fc.constant('021000021'), { nil: null }),
    bankName: fc.option(fc.constant('First Bank'), { nil: null }),
    accountName: fc.constant(null),
  }),
);

/** The tax treatments one document uses: category O alone (BR-O-11), or any mix of the others. */
const treatmentsArbitrary: fc.Arbitrary<readonly Treatment[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([{ category: 'O', rate: '0' }] as const) },
  {
    weight: 5,
    arbitrary: fc.uniqueArray(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...standardRates)
            .map((rate) => ({ category: 'S' as const, rate })),
        },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom<VatCategory>('Z', 'E', 'AE', 'K', 'G')
            .map((category) => ({ category, rate: '0' })),
        },
      ),
      { minLength: 1, maxLength: 4, selector: (t) => `${t.category}:${t.rate}` },
    ),
  },
);

const lineShapeArbitrary = (currency: string) =>
  fc.record({
    description: textArbitrary(descriptions),
    quantity: fc.oneof(
      fc.integer({ min: 1, max: 1000 }).map(String),
      fc.integer({ min: 1, max: 99_999 }).map((n) => (n / 1000).toFixed(3)),
    ),
    unitPrice: fc
      .bigInt({ min: 1n, max: 5_000_000n })
      .map((minor) => formatAmount(minor, currency)),
    unitCode: fc.constantFrom(...commonUnitCodes.map((unit) => unit.code)),
    treatmentIndex: fc.nat(),
    reasonIndex: fc.nat(),
    giveReason: fc.boolean(),
    // A line allowance: a percent (0.01 to 100) or a share in thousandths of the line's amount.
    discount: fc.option(
      fc.oneof(
        fc
          .integer({ min: 1, max: 10_000 })
          .map((hundredths) => ({ kind: 'percent' as const, hundredths })),
        fc.integer({ min: 1, max: 1000 }).map((share) => ({ kind: 'amount' as const, share })),
      ),
      { nil: null, freq: 2 },
    ),
    discountReason: fc.option(
      textArbitrary(['Volume discount', 'Treuerabatt für Stammkunden', '早期割引 <Q1>']),
      { nil: null },
    ),
  });

const dateArbitrary: fc.Arbitrary<CalendarDate> = fc
  .date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => calendarDate(date.toISOString().slice(0, 10)));

export const issuedDocumentArbitrary: fc.Arbitrary<IssuedDocument> = fc
  .record({
    kind: fc.constantFrom('invoice' as const, 'credit_note' as const),
    currency: fc.constantFrom(...documentCurrencies),
    treatments: treatmentsArbitrary,
    sellerCountry: fc.constantFrom(...countries),
    buyerCountry: fc.constantFrom(...countries),
    sellerPostal: postalPartsArbitrary,
    buyerPostal: postalPartsArbitrary,
    issuedOn: dateArbitrary,
    termDays: fc.integer({ min: 0, max: 90 }),
    serial: fc.integer({ min: 1, max: 999_999 }),
    sellerName: textArbitrary(partyNames),
    buyerName: textArbitrary(partyNames),
    tradingName: fc.option(textArbitrary(['Acme', 'Nordlicht Studio', '北風']), { nil: null }),
    sellerDigits: fc.stringMatching(/^[0-9]{9}$/),
    buyerDigits: fc.stringMatching(/^[0-9]{9}$/),
    buyerHasVatId: fc.boolean(),
    sellerRegistration: fc.option(fc.stringMatching(/^HRB [0-9]{5}$/), { nil: null }),
    buyerRegistration: fc.option(fc.stringMatching(/^[0-9]{8}$/), { nil: null }),
    sellerAddress: electronicAddressArbitrary,
    buyerAddress: electronicAddressArbitrary,
    sellerContact: fc.record({
      email: fc.option(fc.constant('billing@example.com'), { nil: null }),
      phone: fc.option(fc.constant('+49 30 1234567'), { nil: null }),
    }),
    paymentAccounts: fc.array(paymentAccountArbitrary, { maxLength: 2 }),
    references: fc.oneof(
      fc.record({ buyerReference: fc.constant('Dept. 4711 & Co'), poNumber: fc.constant(null) }),
      fc.record({ buyerReference: fc.constant(null), poNumber: fc.constant('PO-2026/0815') }),
      fc.record({ buyerReference: fc.constant('ÖFF-991'), poNumber: fc.constant('4500012345') }),
    ),
    termsText: fc.option(fc.constantFrom('Net 30', '2 % 10, net 30', 'Due on receipt'), {
      nil: null,
    }),
    discountPercent: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    memo: fc.option(
      textArbitrary(['Thank you for your business!', 'Lieferung erfolgt <frei Haus>']),
      { nil: null },
    ),
    reason: textArbitrary(['Returned goods', 'Price correction: "Q1" rebate & fees']),
    lineCount: fc.integer({ min: 1, max: 8 }),
  })
  .chain((shape) =>
    fc
      .array(lineShapeArbitrary(shape.currency), {
        minLength: shape.lineCount,
        maxLength: shape.lineCount,
      })
      .map((lineShapes) => buildDocument(shape, lineShapes)),
  );

interface DocumentShape {
  readonly kind: 'invoice' | 'credit_note';
  readonly currency: string;
  readonly treatments: readonly Treatment[];
  readonly sellerCountry: string;
  readonly buyerCountry: string;
  readonly sellerPostal: Omit<PostalAddress, 'countryCode'>;
  readonly buyerPostal: Omit<PostalAddress, 'countryCode'>;
  readonly issuedOn: CalendarDate;
  readonly termDays: number;
  readonly serial: number;
  readonly sellerName: string;
  readonly buyerName: string;
  readonly tradingName: string | null;
  readonly sellerDigits: string;
  readonly buyerDigits: string;
  readonly buyerHasVatId: boolean;
  readonly sellerRegistration: string | null;
  readonly buyerRegistration: string | null;
  readonly sellerAddress: ElectronicAddress;
  readonly buyerAddress: ElectronicAddress;
  readonly sellerContact: { readonly email: string | null; readonly phone: string | null };
  readonly paymentAccounts: readonly PaymentAccount[];
  readonly references: { readonly buyerReference: string | null; readonly poNumber: string | null };
  readonly termsText: string | null;
  readonly discountPercent: number | null;
  readonly memo: string | null;
  readonly reason: string;
}

interface LineShape {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly unitCode: string;
  readonly treatmentIndex: number;
  readonly reasonIndex: number;
  readonly giveReason: boolean;
  readonly discount:
    | { readonly kind: 'percent'; readonly hundredths: number }
    | { readonly kind: 'amount'; readonly share: number }
    | null;
  readonly discountReason: string | null;
}

function buildDocument(shape: DocumentShape, lineShapes: readonly LineShape[]): IssuedDocument {
  const treatments = lineShapes.map(
    (line) => shape.treatments[line.treatmentIndex % shape.treatments.length]!,
  );
  const undiscounted: LineInput[] = lineShapes.map((line, index) => ({
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxRate: treatments[index]!.rate,
  }));
  // The line amounts before any discount, which an amount discount is a share of.
  const gross = priceLines(undiscounted, shape.currency);
  if (!gross.ok) throw new Error(`the arbitrary made an unpriceable line: ${gross.error.message}`);
  const inputs: LineInput[] = undiscounted.map((input, index) => {
    const { discount, discountReason } = lineShapes[index]!;
    if (discount === null) return input;
    return {
      ...input,
      discountReason,
      ...(discount.kind === 'percent'
        ? { discountPercent: (discount.hundredths / 100).toFixed(2) }
        : {
            discountAmount: formatAmount(
              (gross.value[index]!.netMinor * BigInt(discount.share)) / 1000n,
              shape.currency,
            ),
          }),
    };
  });
  const priced = priceLines(inputs, shape.currency);
  if (!priced.ok)
    throw new Error(`the arbitrary made an unpriceable document: ${priced.error.message}`);
  const totals = totalsOf(priced.value);
  const lines: IssuedLine[] = priced.value.map((line, index) => {
    const { category } = treatments[index]!;
    const lineShape = lineShapes[index]!;
    const reasons = category === 'S' || category === 'Z' ? null : exemptionReasons[category];
    // Exempt lines always give their legal ground; the others sometimes leave it to the
    // standard wording the e-invoice falls back to.
    const exemptionReason =
      reasons === null || (category !== 'E' && !lineShape.giveReason)
        ? null
        : reasons[lineShape.reasonIndex % reasons.length]!;
    return {
      position: line.position,
      description: line.description,
      quantityScaled: line.quantityScaled,
      unitCode: lineShape.unitCode,
      unitPriceMinor: line.unitPriceMinor,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      vatCategory: category,
      taxRateScaled: line.taxRateScaled,
      exemptionReason,
      discountMinor: line.discountMinor,
      discountPercentScaled: line.discountPercentScaled,
      discountReason: line.discountReason,
    };
  });

  const categories = new Set(lines.map((line) => line.vatCategory));
  const buyerNeedsVatId = categories.has('AE') || categories.has('K');
  const notSubjectToVat = categories.has('O');
  const number = `${shape.kind === 'invoice' ? 'INV' : 'CN'}-${String(shape.serial).padStart(6, '0')}`;
  const seller: SellerDetails = {
    name: shape.sellerName,
    tradingName: shape.tradingName,
    address: { ...shape.sellerPostal, countryCode: shape.sellerCountry },
    vatId: vatIdOf(shape.sellerCountry, shape.sellerDigits),
    // A document not subject to VAT identifies its seller by the registration number (BR-CO-26).
    registrationId: shape.sellerRegistration ?? (notSubjectToVat ? 'HRB 12345' : null),
    electronicAddress: shape.sellerAddress,
    email: shape.sellerContact.email,
    phone: shape.sellerContact.phone,
    paymentAccounts: shape.paymentAccounts,
    footer: null,
    logoDocumentId: null,
  };
  const buyer: BuyerDetails = {
    name: shape.buyerName,
    tradingName: null,
    address: { ...shape.buyerPostal, countryCode: shape.buyerCountry },
    vatId:
      shape.buyerHasVatId || buyerNeedsVatId
        ? vatIdOf(shape.buyerCountry, shape.buyerDigits)
        : null,
    registrationId: shape.buyerRegistration,
    electronicAddress: shape.buyerAddress,
    email: null,
    phone: null,
    buyerReference: shape.references.buyerReference,
    customerRef: `C-${shape.buyerDigits.slice(0, 5)}`,
  };
  const isInvoice = shape.kind === 'invoice';
  const discountMinor =
    isInvoice && shape.discountPercent !== null
      ? (totals.totalMinor * BigInt(shape.discountPercent)) / 100n
      : null;
  return {
    kind: shape.kind,
    id: `doc-${shape.serial}`,
    number,
    issuedOn: shape.issuedOn,
    dueOn: isInvoice ? addDays(shape.issuedOn, shape.termDays) : null,
    currency: shape.currency,
    seller,
    buyer,
    lines,
    subtotalMinor: totals.subtotalMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    termsText: isInvoice ? shape.termsText : null,
    discount:
      discountMinor !== null && discountMinor > 0n
        ? { minor: discountMinor, lastDay: addDays(shape.issuedOn, 10) }
        : null,
    creditorReference: makeRfReference(number),
    poNumber: shape.references.poNumber,
    memo: shape.memo,
    invoiceReference: isInvoice
      ? null
      : {
          number: `INV-${String(shape.serial).padStart(6, '0')}`,
          issuedOn: addDays(shape.issuedOn, -14),
        },
    reason: isInvoice ? null : shape.reason,
  };
}

/**
 * One fixed, fully filled-in invoice (EUR, standard and reduced rate, one exempt line; a discount
 * in percent on the second line and one in money on the third).
 */
export const exampleIssuedDocument: IssuedDocument = (() => {
  const priced = priceLines(
    [
      { description: 'Consulting, March', quantity: '12.5', unitPrice: '120.00', taxRate: '19' },
      {
        description: 'Books <print> & "ebook"',
        quantity: '3',
        unitPrice: '24.90',
        taxRate: '7',
        discountPercent: '10',
        discountReason: 'Volume discount',
      },
      {
        description: 'Training course',
        quantity: '1',
        unitPrice: '450.00',
        taxRate: '0',
        discountAmount: '50.00',
      },
    ],
    'EUR',
  );
  if (!priced.ok) throw new Error(priced.error.message);
  const totals = totalsOf(priced.value);
  const categories: VatCategory[] = ['S', 'S', 'E'];
  const issuedOn = calendarDate('2026-03-31');
  return {
    kind: 'invoice',
    id: 'example-invoice',
    number: 'INV-2026-0042',
    issuedOn,
    dueOn: addDays(issuedOn, 30),
    currency: 'EUR',
    seller: {
      name: 'Müller & Söhne GmbH',
      tradingName: 'Müller Consulting',
      address: {
        line1: 'Hauptstraße 5',
        line2: '3. OG',
        city: 'Berlin',
        postalCode: '10115',
        region: null,
        countryCode: 'DE',
      },
      vatId: 'DE123456789',
      registrationId: 'HRB 12345 B',
      electronicAddress: { scheme: '0088', id: '4012345000009' },
      email: 'billing@mueller.example',
      phone: '+49 30 1234567',
      paymentAccounts: [
        {
          iban: 'DE89 3704 0044 0532 0130 00',
          bic: 'COBADEFFXXX',
          accountNumber: null,
          routingNumber: null,
          bankName: 'Commerzbank',
          accountName: null,
        },
      ],
      footer: 'Registered at Amtsgericht Charlottenburg, HRB 12345 B',
      logoDocumentId: null,
    },
    buyer: {
      name: 'Vilniaus Prekyba UAB',
      tradingName: null,
      address: {
        line1: 'Gedimino pr. 9',
        line2: null,
        city: 'Vilnius',
        postalCode: 'LT-01103',
        region: null,
        countryCode: 'LT',
      },
      vatId: 'LT100001234567',
      registrationId: '302123456',
      electronicAddress: { scheme: 'EM', id: 'invoices@prekyba.example' },
      email: 'invoices@prekyba.example',
      phone: null,
      buyerReference: 'Dept. 4711',
      customerRef: 'C-00042',
    },
    lines: priced.value.map((line, index) => ({
      position: line.position,
      description: line.description,
      quantityScaled: line.quantityScaled,
      unitCode: index === 0 ? 'HUR' : 'C62',
      unitPriceMinor: line.unitPriceMinor,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      vatCategory: categories[index]!,
      taxRateScaled: line.taxRateScaled,
      exemptionReason: categories[index] === 'E' ? 'Exempt under § 4 Nr. 21 UStG' : null,
      discountMinor: line.discountMinor,
      discountPercentScaled: line.discountPercentScaled,
      discountReason: line.discountReason,
    })),
    subtotalMinor: totals.subtotalMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    termsText: '2 % 10, net 30',
    discount: { minor: (totals.totalMinor * 2n) / 100n, lastDay: addDays(issuedOn, 10) },
    creditorReference: makeRfReference('INV-2026-0042'),
    poNumber: 'PO-2026/0815',
    memo: 'Thank you for your business!',
    invoiceReference: null,
    reason: null,
  };
})();
