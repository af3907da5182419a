import fc from 'fast-check';
import { XmlDocument } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../core/assert.js';
import { calendarDate } from '../../core/calendar-date.js';
import { AppError } from '../../core/errors.js';
import { formatAmount } from '../../core/money.js';
import type { IssuedDocument, IssuedLine } from '../../invoicing/issued-document.js';
import {
  exampleIssuedDocument,
  issuedDocumentArbitrary,
} from '../../../test/support/issued-document-arbitrary.js';
import { checkUblXsd } from './check-ubl-xsd.js';
import { ublOf } from './ubl-invoice.js';

const ns = {
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** The text of every node an XPath selects in the XML. */
function texts(xml: string, xpath: string): string[] {
  const document = XmlDocument.fromString(xml);
  try {
    return document.find(xpath, ns).map((node) => node.content);
  } finally {
    document.dispose();
  }
}
const text = (xml: string, xpath: string) => texts(xml, xpath)[0];

function refusal(doc: IssuedDocument): AppError {
  try {
    ublOf(doc);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('ublOf accepted the document');
}

const base = exampleIssuedDocument;
const withSeller = (changes: Partial<IssuedDocument['seller']>): IssuedDocument => ({
  ...base,
  seller: { ...base.seller, ...changes },
});
const withBuyer = (changes: Partial<IssuedDocument['buyer']>): IssuedDocument => ({
  ...base,
  buyer: { ...base.buyer, ...changes },
});
/** The example with every line put in one category at 0 % (no tax, so the totals stay true). */
function allLinesIn(category: IssuedLine['vatCategory'], reason: string | null): IssuedDocument {
  const lines = base.lines.map((line) => ({
    ...line,
    vatCategory: category,
    taxRateScaled: 0n,
    taxMinor: 0n,
    exemptionReason: reason,
  }));
  return { ...base, lines, taxMinor: 0n, totalMinor: base.subtotalMinor };
}

describe('ublOf: the example invoice', () => {
  const xml = ublOf(base);

  it('is a Peppol BIS Billing 3.0 invoice valid against the UBL 2.1 schema', async () => {
    await checkUblXsd(xml);
    expect(text(xml, '/inv:Invoice/cbc:CustomizationID')).toBe(
      'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
    );
    expect(text(xml, '/inv:Invoice/cbc:ProfileID')).toBe(
      'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
    );
    expect(text(xml, '/inv:Invoice/cbc:InvoiceTypeCode')).toBe('380');
    expect(text(xml, '/inv:Invoice/cbc:DueDate')).toBe('2026-04-30');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('carries both parties with their electronic addresses, VAT ids and countries', () => {
    const seller = '/inv:Invoice/cac:AccountingSupplierParty/cac:Party';
    const buyer = '/inv:Invoice/cac:AccountingCustomerParty/cac:Party';
    expect(text(xml, `${seller}/cbc:EndpointID/@schemeID`)).toBe('0088');
    expect(text(xml, `${seller}/cbc:EndpointID`)).toBe('4012345000009');
    expect(text(xml, `${buyer}/cbc:EndpointID/@schemeID`)).toBe('EM');
    expect(text(xml, `${seller}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('DE123456789');
    expect(text(xml, `${buyer}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('LT100001234567');
    expect(text(xml, `${seller}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe(
      'Müller & Söhne GmbH',
    );
    expect(text(xml, `${seller}/cac:PartyName/cbc:Name`)).toBe('Müller Consulting');
    expect(text(xml, `${buyer}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`)).toBe('LT');
  });

  it('pays by SEPA transfer to the IBAN, quoting the RF reference', () => {
    const means = '/inv:Invoice/cac:PaymentMeans';
    expect(text(xml, `${means}/cbc:PaymentMeansCode`)).toBe('58');
    expect(text(xml, `${means}/cbc:PaymentID`)).toBe(base.creditorReference);
    expect(text(xml, `${means}/cac:PayeeFinancialAccount/cbc:ID`)).toBe('DE89370400440532013000');
    expect(
      text(xml, `${means}/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID`),
    ).toBe('COBADEFFXXX');
  });

  it('states the terms and the early-payment discount in words', () => {
    const note = text(xml, '/inv:Invoice/cac:PaymentTerms/cbc:Note') ?? '';
    const discount = formatAmount(base.discount!.minor, 'EUR');
    expect(note).toContain('2 % 10, net 30');
    expect(note).toContain(`${discount} EUR`);
    expect(note).toContain(base.discount!.lastDay);
  });

  it('breaks VAT down by category and rate, with the exemption reason where one is due', () => {
    const subtotals = '/inv:Invoice/cac:TaxTotal/cac:TaxSubtotal';
    expect(texts(xml, `${subtotals}/cac:TaxCategory/cbc:ID`)).toEqual(['S', 'S', 'E']);
    expect(texts(xml, `${subtotals}/cac:TaxCategory/cbc:Percent`)).toEqual(['19', '7', '0']);
    expect(texts(xml, `${subtotals}/cac:TaxCategory/cbc:TaxExemptionReason`)).toEqual([
      'Exempt under § 4 Nr. 21 UStG',
    ]);
    expect(text(xml, '/inv:Invoice/cac:TaxTotal/cbc:TaxAmount')).toBe(
      formatAmount(base.taxMinor, 'EUR'),
    );
    expect(text(xml, '/inv:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe(
      formatAmount(base.totalMinor, 'EUR'),
    );
    expect(text(xml, '/inv:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount/@currencyID')).toBe(
      'EUR',
    );
  });

  it('writes each line with its quantity, unit, net, category and price', () => {
    const line = '/inv:Invoice/cac:InvoiceLine[1]';
    expect(text(xml, `${line}/cbc:InvoicedQuantity`)).toBe('12.5');
    expect(text(xml, `${line}/cbc:InvoicedQuantity/@unitCode`)).toBe('HUR');
    expect(text(xml, `${line}/cbc:LineExtensionAmount`)).toBe('1500.00');
    expect(text(xml, `${line}/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent`)).toBe('19');
    expect(text(xml, `${line}/cac:Price/cbc:PriceAmount`)).toBe('120.00');
  });
});

describe('ublOf: line discounts', () => {
  const xml = ublOf(base);
  const allowance = (position: number) =>
    `/inv:Invoice/cac:InvoiceLine[${position}]/cac:AllowanceCharge`;

  it('writes a discount as a line allowance: code 95, the reason, the amount; a percent with the amount it was taken of', () => {
    expect(texts(xml, `${allowance(1)}`)).toEqual([]);
    expect(text(xml, `${allowance(2)}/cbc:ChargeIndicator`)).toBe('false');
    expect(text(xml, `${allowance(2)}/cbc:AllowanceChargeReasonCode`)).toBe('95');
    expect(text(xml, `${allowance(2)}/cbc:AllowanceChargeReason`)).toBe('Volume discount');
    expect(text(xml, `${allowance(2)}/cbc:MultiplierFactorNumeric`)).toBe('10');
    // 10 % of 3 × 24.90 = 74.70 is 7.47; the line's net is what is left.
    expect(text(xml, `${allowance(2)}/cbc:Amount`)).toBe('7.47');
    expect(text(xml, `${allowance(2)}/cbc:BaseAmount`)).toBe('74.70');
    expect(text(xml, '/inv:Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount')).toBe('67.23');
    expect(text(xml, `${allowance(3)}/cbc:AllowanceChargeReason`)).toBe('Discount');
    expect(text(xml, `${allowance(3)}/cbc:Amount`)).toBe('50.00');
    expect(texts(xml, `${allowance(3)}/cbc:MultiplierFactorNumeric`)).toEqual([]);
    expect(texts(xml, `${allowance(3)}/cbc:BaseAmount`)).toEqual([]);
  });

  it('taxes the lines after their discounts, and writes no document-level allowance', () => {
    const reduced = '/inv:Invoice/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:Percent="7"]';
    expect(text(xml, `${reduced}/cbc:TaxableAmount`)).toBe('67.23');
    expect(text(xml, `${reduced}/cbc:TaxAmount`)).toBe('4.71');
    expect(texts(xml, '/inv:Invoice/cac:AllowanceCharge')).toEqual([]);
    expect(texts(xml, '/inv:Invoice/cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount')).toEqual([]);
  });

  it('writes the allowance of a credit-note line in the credit note’s own element order', async () => {
    const creditNote: IssuedDocument = {
      ...base,
      kind: 'credit_note',
      dueOn: null,
      discount: null,
      invoiceReference: { number: 'INV-2026-0001', issuedOn: calendarDate('2026-03-01') },
      reason: 'Returned goods',
    };
    const cnXml = ublOf(creditNote);
    await checkUblXsd(cnXml);
    expect(text(cnXml, '/cn:CreditNote/cac:CreditNoteLine[2]/cac:AllowanceCharge/cbc:Amount')).toBe(
      '7.47',
    );
  });
});

describe('ublOf: text is escaped', () => {
  it('keeps <, &, and quotes in names and descriptions as text, not markup', async () => {
    const doc = withBuyer({ name: 'Smith & <Jones> "Ltd" \'UK\'' });
    const xml = ublOf(doc);
    expect(xml).toContain('Smith &amp; &lt;Jones&gt; "Ltd" \'UK\'');
    expect(xml).toContain('Books &lt;print&gt; &amp; "ebook"');
    await checkUblXsd(xml);
    expect(
      text(
        xml,
        '/inv:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
      ),
    ).toBe('Smith & <Jones> "Ltd" \'UK\'');
    expect(text(xml, '/inv:Invoice/cac:InvoiceLine[2]/cac:Item/cbc:Name')).toBe(
      'Books <print> & "ebook"',
    );
  });

  it('cannot be made to open an element by a crafted name', async () => {
    const xml = ublOf(withSeller({ name: '</cbc:RegistrationName><cbc:Evil>x</cbc:Evil>' }));
    expect(texts(xml, '//cbc:Evil')).toEqual([]);
    await checkUblXsd(xml);
  });
});

describe('ublOf: a credit note', () => {
  const creditNote: IssuedDocument = {
    ...base,
    kind: 'credit_note',
    number: 'CN-2026-0007',
    dueOn: null,
    termsText: null,
    discount: null,
    invoiceReference: { number: 'INV-2026-0042', issuedOn: calendarDate('2026-03-31') },
    reason: 'Returned goods',
  };
  const xml = ublOf(creditNote);

  it('is a CreditNote 381 that references its invoice', async () => {
    await checkUblXsd(xml);
    expect(text(xml, '/cn:CreditNote/cbc:CreditNoteTypeCode')).toBe('381');
    const reference = '/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference';
    expect(text(xml, `${reference}/cbc:ID`)).toBe('INV-2026-0042');
    expect(text(xml, `${reference}/cbc:IssueDate`)).toBe('2026-03-31');
    expect(texts(xml, '/cn:CreditNote/cac:CreditNoteLine/cbc:CreditedQuantity')).toHaveLength(3);
    expect(text(xml, '/cn:CreditNote/cbc:Note')).toContain('Returned goods');
    expect(texts(xml, '//cac:InvoiceLine')).toEqual([]);
  });
});

describe('ublOf: what EN 16931 cannot express is refused', () => {
  const cases: [string, IssuedDocument, string, string][] = [
    [
      'a currency with three decimals',
      { ...base, currency: 'KWD' },
      'currency_not_supported_by_en16931',
      'currency',
    ],
    [
      'a blank buyer name (BR-07)',
      withBuyer({ name: '  ' }),
      'buyer_name_required',
      'customer.name',
    ],
    [
      'no seller electronic address',
      withSeller({ electronicAddress: null }),
      'seller_electronic_address_required',
      'organization.electronic_address',
    ],
    [
      'no buyer electronic address',
      withBuyer({ electronicAddress: null }),
      'buyer_electronic_address_required',
      'customer.electronic_address',
    ],
    [
      'an electronic address outside the EAS list',
      withBuyer({ electronicAddress: { scheme: 'XX', id: '1' } }),
      'electronic_address_scheme_invalid',
      'customer.electronic_address',
    ],
    [
      'no seller country (BR-09)',
      withSeller({ address: { ...base.seller.address, countryCode: null } }),
      'seller_country_required',
      'organization.country_code',
    ],
    [
      'no buyer country (BR-11)',
      withBuyer({ address: { ...base.buyer.address, countryCode: null } }),
      'buyer_country_required',
      'customer.country_code',
    ],
    [
      'a country that is not ISO 3166',
      withBuyer({ address: { ...base.buyer.address, countryCode: 'XX' } }),
      'country_invalid',
      'customer.country_code',
    ],
    [
      'no seller VAT id on a standard-rated invoice (BR-S-02)',
      withSeller({ vatId: null }),
      'seller_vat_id_required',
      'organization.vat_id',
    ],
    [
      'no seller VAT id on an export (BR-G-02)',
      { ...allLinesIn('G', null), seller: { ...base.seller, vatId: null } },
      'seller_vat_id_required',
      'organization.vat_id',
    ],
    [
      'a VAT id without a country prefix (BR-CO-09)',
      withBuyer({ vatId: '100001234567' }),
      'vat_id_country_prefix_required',
      'customer.vat_id',
    ],
    [
      'a reverse charge with neither buyer VAT id nor registration (BR-AE-02)',
      { ...allLinesIn('AE', null), buyer: { ...base.buyer, vatId: null, registrationId: null } },
      'buyer_vat_id_required',
      'customer.vat_id',
    ],
    [
      'an intra-community supply without buyer VAT id (BR-IC-02)',
      { ...allLinesIn('K', null), buyer: { ...base.buyer, vatId: null } },
      'buyer_vat_id_required',
      'customer.vat_id',
    ],
    [
      'category O mixed with others (BR-O-11)',
      {
        ...base,
        lines: base.lines.map((line, index) =>
          index === 2 ? { ...line, vatCategory: 'O' as const } : line,
        ),
      },
      'vat_category_o_mixed',
      'lines',
    ],
    [
      'category O with no seller registration number (BR-O-02, BR-CO-26)',
      { ...allLinesIn('O', null), seller: { ...base.seller, registrationId: null } },
      'seller_registration_id_required',
      'organization.registration_id',
    ],
    [
      'an exempt line with no reason (BR-E-10)',
      allLinesIn('E', null),
      'vat_exemption_reason_required',
      'lines[0].exemption_reason',
    ],
    [
      'neither buyer reference nor PO number (PEPPOL-EN16931-R003)',
      { ...withBuyer({ buyerReference: null }), poNumber: null },
      'buyer_reference_required',
      'customer.buyer_reference',
    ],
    [
      'a unit outside UN/ECE Recommendation 20',
      { ...base, lines: base.lines.map((line) => ({ ...line, unitCode: 'PIECES' })) },
      'unit_code_invalid',
      'lines[0].unit_code',
    ],
  ];

  it.each(cases)('%s', (_, doc, code, field) => {
    const error = refusal(doc);
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('accepts a reverse charge when the buyer has only a registration number', async () => {
    const doc = { ...allLinesIn('AE', null), buyer: { ...base.buyer, vatId: null } };
    await checkUblXsd(ublOf(doc));
  });

  it('accepts a PO number in place of the buyer reference, as an OrderReference', () => {
    const xml = ublOf(withBuyer({ buyerReference: null }));
    expect(texts(xml, '/inv:Invoice/cbc:BuyerReference')).toEqual([]);
    expect(text(xml, '/inv:Invoice/cac:OrderReference/cbc:ID')).toBe('PO-2026/0815');
  });

  it('leaves every VAT id out of a document not subject to VAT (BR-O-02)', () => {
    const xml = ublOf(allLinesIn('O', null));
    expect(texts(xml, '//cac:PartyTaxScheme')).toEqual([]);
    expect(texts(xml, '//cac:ClassifiedTaxCategory/cbc:Percent')).toEqual([]);
    expect(text(xml, '//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason')).toBe(
      'Not subject to VAT',
    );
  });
});

describe('ublOf: totals that do not add up', () => {
  it('are a bug it stops at, not a file it writes', () => {
    expect(() => ublOf({ ...base, totalMinor: base.totalMinor + 1n })).toThrow(AssertionError);
    expect(() => ublOf({ ...base, taxMinor: base.taxMinor - 1n })).toThrow(AssertionError);
    expect(() => ublOf({ ...base, subtotalMinor: 0n })).toThrow(AssertionError);
  });
});

describe('ublOf on generated documents', () => {
  it('always gives a document valid against the UBL 2.1 schema', async () => {
    await fc.assert(
      fc.asyncProperty(issuedDocumentArbitrary, async (doc) => {
        const xml = ublOf(doc);
        await checkUblXsd(xml);
        const root = doc.kind === 'invoice' ? 'inv:Invoice' : 'cn:CreditNote';
        const lineName = doc.kind === 'invoice' ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
        expect(texts(xml, `/${root}/${lineName}`)).toHaveLength(doc.lines.length);
        expect(text(xml, `/${root}/cac:LegalMonetaryTotal/cbc:PayableAmount`)).toBe(
          formatAmount(doc.totalMinor, doc.currency),
        );
      }),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it('writes JPY amounts without decimals', () => {
    fc.assert(
      fc.property(
        issuedDocumentArbitrary.filter((doc) => doc.currency === 'JPY'),
        (doc) => {
          const xml = ublOf(doc);
          for (const amount of texts(xml, '//*[@currencyID]')) expect(amount).toMatch(/^\d+$/);
        },
      ),
      { numRuns: 20, seed: 7 },
    );
  });
});
