import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IssuedDocument } from '../../invoicing/issued-document.js';
import {
  en16931FailedAsserts,
  en16931Fatal,
  en16931TestTimeoutMs,
  failedAssertsOf,
} from '../../../test/support/en16931.js';
import {
  exampleIssuedDocument,
  issuedDocumentArbitrary,
} from '../../../test/support/issued-document-arbitrary.js';
import { checkUblXsd } from './check-ubl-xsd.js';
import { ublOf } from './ubl-invoice.js';

/**
 * The e-invoice against the official EN 16931 rules (CEN/TC 434 artefacts 1.3.16) run by SaxonJS.
 * The first run in a fresh checkout compiles the rules, which takes a minute or more.
 */
const fixtures = new URL('../../../test/fixtures/ubl/', import.meta.url);
const fixtureNames = readdirSync(fixtures).filter((name) => /\.xml$/i.test(name));
const readFixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const ids = (asserts: readonly { id: string }[]) => [...new Set(asserts.map((a) => a.id))].sort();

/**
 * A fixed sample of generated documents that covers, whatever the seed draws first, every VAT
 * category, every currency, credit notes and documents with several rates: SaxonJS takes about
 * a tenth of a second per document, so the sample is kept small and made to count.
 */
function coveringSample(size: number): IssuedDocument[] {
  const pool = fc.sample(issuedDocumentArbitrary, { numRuns: 400, seed: 1612 });
  const features: ((doc: IssuedDocument) => boolean)[] = [
    ...(['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const).map(
      (category) => (doc: IssuedDocument) => doc.lines.some((l) => l.vatCategory === category),
    ),
    ...['EUR', 'USD', 'GBP', 'JPY'].map(
      (currency) => (doc: IssuedDocument) => doc.currency === currency,
    ),
    (doc) => doc.kind === 'credit_note' && doc.currency === 'JPY',
    (doc) => doc.kind === 'credit_note' && doc.lines.some((l) => l.vatCategory === 'S'),
    (doc) =>
      new Set(doc.lines.filter((l) => l.vatCategory === 'S').map((l) => l.taxRateScaled)).size >= 2,
    (doc) => doc.discount !== null,
    (doc) => doc.lines.length >= 6,
    // Line allowances: as a percent, as an amount, the whole line, on a credit note, in yen.
    (doc) => doc.lines.some((l) => l.discountPercentScaled !== null),
    (doc) => doc.lines.some((l) => l.discountMinor > 0n && l.discountPercentScaled === null),
    (doc) => doc.lines.some((l) => l.discountMinor > 0n && l.netMinor === 0n),
    (doc) => doc.kind === 'credit_note' && doc.lines.some((l) => l.discountMinor > 0n),
    (doc) => doc.currency === 'JPY' && doc.lines.some((l) => l.discountMinor > 0n),
  ];
  const chosen: IssuedDocument[] = [];
  for (const feature of features) {
    const doc = pool.find((candidate) => feature(candidate) && !chosen.includes(candidate));
    if (doc === undefined)
      throw new Error('the arbitrary never produced a required kind of document');
    chosen.push(doc);
  }
  for (const doc of pool) {
    if (chosen.length >= size) break;
    if (!chosen.includes(doc)) chosen.push(doc);
  }
  return chosen;
}

describe('EN 16931 rules', { timeout: en16931TestTimeoutMs }, () => {
  beforeAll(async () => {
    // Compiles (or loads) the rules once, under the long timeout, before the timed tests.
    await en16931FailedAsserts(ublOf(exampleIssuedDocument));
  }, en16931TestTimeoutMs);

  it('find no fault and no warning in the example invoice', async () => {
    expect(await en16931FailedAsserts(ublOf(exampleIssuedDocument))).toEqual([]);
  });

  it('find no fatal fault in any generated document, JPY, line allowances and every category included', async () => {
    const sample = coveringSample(28);
    expect(sample).toHaveLength(28);
    for (const doc of sample) {
      const xml = ublOf(doc);
      await checkUblXsd(xml);
      const fatal = await en16931Fatal(xml);
      expect(fatal, `${doc.kind} ${doc.number} in ${doc.currency}:\n${xml}`).toEqual([]);
    }
  });

  describe('negative controls: they do catch a broken e-invoice', () => {
    const xml = ublOf(exampleIssuedDocument);

    it('a wrong VAT total fires BR-CO-14 (and BR-CO-15, whose sum no longer adds up)', async () => {
      const broken = xml.replace(
        /(<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">)[0-9.]+/,
        '$1999.99',
      );
      expect(broken).not.toBe(xml);
      expect(ids(await en16931Fatal(broken))).toEqual(['BR-CO-14', 'BR-CO-15']);
    });

    it('an electronic address without its scheme fires BR-62 (seller) and BR-63 (buyer)', async () => {
      const broken = xml.replace(/ schemeID="[^"]*"/g, '');
      expect(ids(await en16931Fatal(broken))).toEqual(['BR-62', 'BR-63']);
    });

    it('a missing EndpointID is no EN 16931 fault: only Peppol requires it, hence the refusal', async () => {
      const broken = xml.replace(/\s*<cbc:EndpointID[^>]*>[^<]*<\/cbc:EndpointID>/g, '');
      expect(broken).not.toContain('EndpointID');
      expect(await en16931Fatal(broken)).toEqual([]);
    });

    it('a line allowance without its amount fires BR-41, without reason or code BR-42 and BR-CO-23', async () => {
      expect(xml).toContain('<cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>');
      const noAmount = xml.replace(
        /(<cac:AllowanceCharge>[\s\S]*?)<cbc:Amount [^>]*>[^<]*<\/cbc:Amount>/g,
        '$1',
      );
      expect(ids(await en16931Fatal(noAmount))).toContain('BR-41');
      const noReason = xml.replace(
        /\s*<cbc:AllowanceChargeReason(Code)?>[^<]*<\/cbc:AllowanceChargeReason(Code)?>/g,
        '',
      );
      // BR-CO-23 says the same as BR-42 in the rules' other section.
      expect(ids(await en16931Fatal(noReason))).toEqual(['BR-42', 'BR-CO-23']);
    });

    it('a line net that does not add up fires BR-CO-10', async () => {
      const broken = xml.replace(
        /(<cac:LegalMonetaryTotal>\s*<cbc:LineExtensionAmount currencyID="EUR">)[0-9.]+/,
        '$11.00',
      );
      expect(ids(await en16931Fatal(broken))).toContain('BR-CO-10');
    });
  });

  describe('the fixtures', () => {
    it('holds the 8 UBL examples', () => {
      expect(fixtureNames).toHaveLength(8);
    });

    it.each(fixtureNames.filter((name) => name.startsWith('cen-en16931_')))(
      '%s passes with no fatal fault',
      async (name) => {
        expect(await en16931Fatal(readFixture(name))).toEqual([]);
      },
    );

    it.each(fixtureNames.filter((name) => name.startsWith('oasis-ubl21_')))(
      '%s predates EN 16931 and fails its rules',
      async (name) => {
        const fatal = ids(await en16931Fatal(readFixture(name)));
        // No CustomizationID (BR-01), totals without VAT (BR-CO-15), codes outside the lists.
        expect(fatal).toEqual(expect.arrayContaining(['BR-01', 'BR-CO-15', 'BR-CL-25']));
      },
    );
  });
});

describe('failedAssertsOf', () => {
  it('reads id, flag, location and text, entities decoded', () => {
    const svrl = `<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
      <svrl:fired-rule context="x"/>
      <svrl:failed-assert test="a &lt; b" id="BR-CO-14" flag="fatal" location="/*:Invoice[1]">
        <svrl:text>[BR-CO-14]-Invoice total VAT amount &amp; more</svrl:text>
      </svrl:failed-assert>
      <svrl:failed-assert test="c" flag="warning" id="BR-S-99" location="/">
        <svrl:text>
          A warning
        </svrl:text>
      </svrl:failed-assert>
    </svrl:schematron-output>`;
    expect(failedAssertsOf(svrl)).toEqual([
      {
        id: 'BR-CO-14',
        flag: 'fatal',
        location: '/*:Invoice[1]',
        text: '[BR-CO-14]-Invoice total VAT amount & more',
      },
      { id: 'BR-S-99', flag: 'warning', location: '/', text: 'A warning' },
    ]);
  });
});
