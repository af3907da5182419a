import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  finnishCheckDigit,
  findCreditorReferencesInText,
  isFinnishReference,
  makeRfReference,
  parseCreditorReference,
  parseFinnishReference,
  printRfReference,
  rfPayloadOf,
  swissCheckDigit,
  type ReferenceContext,
} from './creditor-reference.js';

const fixtures = new URL('../../../test/fixtures/bank/', import.meta.url);

/** Every `CdtrRefInf` of a camt file: its type (Cd or Prtry) when given, and its reference. */
function creditorReferencesOf(file: string): { type: string | null; reference: string }[] {
  const xml = readFileSync(new URL(file, fixtures), 'utf8');
  return [...xml.matchAll(/<CdtrRefInf>([\s\S]*?)<\/CdtrRefInf>/g)].map((match) => {
    const body = match[1]!;
    const type = /<(?:Cd|Prtry)>([^<]*)<\/(?:Cd|Prtry)>/.exec(body)?.[1] ?? null;
    const reference = /<Ref>([^<]*)<\/Ref>/.exec(body)![1]!;
    return { type, reference: reference.trim() };
  });
}

const seed = 14_011;

describe('ISO 11649 RF references', () => {
  it('reads the standard example, printed or compact, and in any case', () => {
    for (const text of ['RF18 5390 0754 7034', 'RF18539007547034', 'rf18 5390 0754 7034']) {
      expect(parseCreditorReference(text)).toEqual({
        scheme: 'iso11649',
        reference: 'RF18539007547034',
        payload: '539007547034',
      });
    }
    // python-stdnum's example of a reference that validates with a letter in it.
    expect(parseCreditorReference('RF18 5390 0754 70Y')?.reference).toBe('RF185390075470Y');
    expect(parseCreditorReference('RF17 5390 0754 7034')).toBeNull();
  });

  it('makes references that it reads back, from an invoice number', () => {
    expect(makeRfReference('INV-2024-000123')).toBe('RF04INV2024000123');
    expect(makeRfReference('1234512345')).toBe('RF451234512345');
    expect(makeRfReference('ab2g5')).toBe('RF68AB2G5');
    expect(rfPayloadOf('inv 2024/000123')).toBe('INV2024000123');
    expect(() => makeRfReference('---')).toThrow(/1 to 21/);
    expect(() => makeRfReference('A'.repeat(22))).toThrow(/1 to 21/);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 /.-]{0,30}$/), (number) => {
        const payload = rfPayloadOf(number);
        fc.pre(payload.length >= 1 && payload.length <= 21);
        const made = makeRfReference(number);
        expect(parseCreditorReference(made)).toEqual({
          scheme: 'iso11649',
          reference: made,
          payload,
        });
      }),
      { seed, numRuns: 500 },
    );
  });

  it('checks the RF references of the FFFS Finnish samples: RF98123456789012 fails its check', () => {
    // Finance Finland's camt.053 sample prints RF98123456789012, whose check digits are wrong
    // (the reference for that payload is RF03123456789012): it is not a creditor reference.
    const camt053 = creditorReferencesOf('camt053/fffs-finland_camt053.001.02_sample.xml');
    expect(camt053.map((ref) => ref.reference)).toEqual([
      '3900',
      'RF98123456789012',
      'RF98123456789012',
    ]);
    expect(parseCreditorReference('RF98123456789012')).toBeNull();
    expect(makeRfReference('123456789012')).toBe('RF03123456789012');

    // The camt.054 sample's RF references are valid; RF0812344 is the RF form of the Finnish
    // reference 12344, RF7812345 a plain RF reference (12345 fails the Finnish check).
    const camt054 = creditorReferencesOf('camt054/fffs-finland_camt054.001.02_sample.xml');
    const rf = camt054.filter((ref) => ref.reference.startsWith('RF'));
    expect(rf.map((ref) => ref.reference)).toEqual(['RF7812345', 'RF0812344']);
    expect(rf.map((ref) => parseCreditorReference(ref.reference)?.payload)).toEqual([
      '12345',
      '12344',
    ]);
    expect(isFinnishReference('12344')).toBe(true);
    expect(isFinnishReference('12345')).toBe(false);
    expect(makeRfReference('12344')).toBe('RF0812344');
  });
});

describe('Belgian structured communication (OGM/VCS)', () => {
  it('reads +++…+++ and ***…*** in any context, with spaces or without', () => {
    const expected = { scheme: 'be-ogm', reference: '123456789002', payload: '1234567890' };
    expect(parseCreditorReference('+++123/4567/89002+++')).toEqual(expected);
    expect(parseCreditorReference('***123/4567/89002***')).toEqual(expected);
    expect(parseCreditorReference(' +++ 123 / 4567 / 89002 +++ ')).toEqual(expected);
    expect(parseCreditorReference('+++010/8068/17183+++')?.payload).toBe('108068171');
    expect(parseCreditorReference('+++010/8068/17180+++')).toBeNull();
    expect(parseCreditorReference('+++123/4567/89002***')).toBeNull();
  });

  it('uses 97 when the first ten digits are a multiple of 97, never 00', () => {
    expect(parseCreditorReference('+++000/0000/00097+++')?.payload).toBe('0');
    expect(parseCreditorReference('+++000/0000/00000+++')).toBeNull();
    expect(parseCreditorReference('+++000/0000/97097+++')?.reference).toBe('000000097097');
  });

  it('reads 12 plain digits only for a Belgian account', () => {
    expect(parseCreditorReference('123456789002', { country: 'BE' })?.scheme).toBe('be-ogm');
    expect(parseCreditorReference('123456789002')).toBeNull();
    expect(parseCreditorReference('123456789002', { country: 'DE' })).toBeNull();
  });
});

describe('Finnish reference (viitenumero)', () => {
  it('reads the FFFS samples', () => {
    const refs = [
      ...creditorReferencesOf('camt053/fffs-finland_camt053.001.02_sample.xml'),
      ...creditorReferencesOf('camt054/fffs-finland_camt054.001.02_sample.xml'),
    ].filter((ref) => !ref.reference.startsWith('RF'));
    expect(refs.length).toBe(9);
    for (const ref of refs) {
      expect(ref.type).toBe('SCOR');
      expect(parseCreditorReference(ref.reference, { type: ref.type, country: 'FI' })?.scheme).toBe(
        'fi',
      );
    }
    expect(parseCreditorReference('3900', { country: 'FI' })).toEqual({
      scheme: 'fi',
      reference: '3900',
      payload: '390',
    });
  });

  it('reads the guide example in its printed and machine forms', () => {
    for (const text of ['12 34561', '1234561', '00000000000001234561']) {
      expect(parseFinnishReference(text)?.reference).toBe('1234561');
    }
    expect(parseFinnishReference('1 23456 71234 56784')?.payload).toBe('123456712345678');
    expect(finnishCheckDigit('1234567')).toBe(2);
    expect(parseFinnishReference('123')).toBeNull();
    expect(parseFinnishReference('0000000000000000123')).toBeNull();
    expect(parseFinnishReference('123456789012345678901')).toBeNull();
  });

  it('reads plain digits as Finnish only for a Finnish account', () => {
    expect(parseCreditorReference('3900', { type: 'SCOR' })).toBeNull();
    expect(parseCreditorReference('3901', { country: 'FI' })).toBeNull();
  });
});

describe('Swiss QR and ESR references', () => {
  it('reads the QR-bill guidelines example', () => {
    expect(parseCreditorReference('21 00000 00003 13947 14300 09017', { type: 'QRR' })).toEqual({
      scheme: 'ch-qrr',
      reference: '210000000003139471430009017',
      payload: '21000000000313947143000901',
    });
    expect(parseCreditorReference('210000000003139471430009016', { type: 'QRR' })).toBeNull();
    expect(parseCreditorReference('210000000003139471430009017', { country: 'CH' })?.scheme).toBe(
      'ch-qrr',
    );
  });

  it('validates every ESR reference PostFinance typed "ISR Reference" in its sample', () => {
    const refs = creditorReferencesOf('camt054/postfinance-ch_camt054.001.04_esr-batch.xml');
    const typed = refs.filter((ref) => ref.type === 'ISR Reference');
    expect(typed.length).toBe(5);
    for (const ref of typed) {
      const read = parseCreditorReference(ref.reference, { type: ref.type });
      expect(read, ref.reference).not.toBeNull();
      expect(read!.scheme).toBe('ch-esr');
      expect(read!.reference).toBe(ref.reference);
    }
    // The one reference without a type, on the file's debit entry, fails its check digit (8
    // would be right): the file's own data, kept as it is, and read as no reference.
    const untyped = refs.filter((ref) => ref.type === null);
    expect(untyped.map((ref) => ref.reference)).toEqual(['100041698214115449371805270']);
    expect(parseCreditorReference(untyped[0]!.reference, { type: 'ISR' })).toBeNull();
    expect(swissCheckDigit('10004169821411544937180527')).toBe(8);
  });

  it('reads the 16-digit ESR form, never as a QR reference', () => {
    const base = '123456789012345';
    const esr16 = base + swissCheckDigit(base);
    expect(parseCreditorReference(esr16, { type: 'ESR' })?.scheme).toBe('ch-esr');
    expect(parseCreditorReference(esr16, { country: 'CH' })?.scheme).toBe('ch-esr');
    expect(parseCreditorReference(esr16, { type: 'QRR' })).toBeNull();
  });
});

describe('check digits catch copying errors', () => {
  const digits = (min: number, max: number) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
      .map((list) => list.join(''));
  const letters = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  /** A valid reference of each scheme, with the context it is read in. */
  const anyReference: fc.Arbitrary<{ text: string; context: ReferenceContext }> = fc.oneof(
    fc
      .stringMatching(/^[A-Z0-9]{1,21}$/)
      .map((payload) => ({ text: makeRfReference(payload), context: {} as ReferenceContext })),
    digits(10, 10).map((base) => ({
      text: base + String(Number(BigInt(base) % 97n) || 97).padStart(2, '0'),
      context: { country: 'BE' },
    })),
    digits(3, 19)
      .map((base) => `1${base.slice(1)}`)
      .map((base) => ({ text: base + finnishCheckDigit(base), context: { country: 'FI' } })),
    digits(26, 26).map((base) => ({
      text: base + swissCheckDigit(base),
      context: { type: 'QRR' },
    })),
  );

  it('refuses every single substitution of a character by another of its kind', () => {
    fc.assert(
      fc.property(anyReference, fc.nat(), fc.nat(), ({ text, context }, at, by) => {
        expect(parseCreditorReference(text, context)).not.toBeNull();
        const start = text.startsWith('RF') ? 2 : 0;
        const index = start + (at % (text.length - start));
        const old = text[index]!;
        const kind = /\d/.test(old) ? letters.slice(0, 10) : letters.slice(10);
        const replacement = kind.replace(old, '')[by % (kind.length - 1)]!;
        const mutated = text.slice(0, index) + replacement + text.slice(index + 1);
        // A Finnish reference's leading digit is not fill; a zero there shortens the number.
        fc.pre(!(context.country === 'FI' && index === 0));
        expect(parseCreditorReference(mutated, context)).toBeNull();
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('refuses adjacent transpositions, except the ones each scheme is known to miss', () => {
    fc.assert(
      fc.property(anyReference, fc.nat(), ({ text, context }, at) => {
        const start = text.startsWith('RF') ? 2 : 0;
        const index = start + (at % (text.length - start - 1));
        const [a, b] = [text[index]!, text[index + 1]!];
        fc.pre(a !== b && !(context.country === 'FI' && index === 0 && b === '0'));
        // MOD 97-10 over letters turned into two digits misses some digit-letter swaps.
        fc.pre(/\d/.test(a) === /\d/.test(b));
        const difference = Math.abs(Number(a) - Number(b));
        // The 7-3-1 weights miss swaps of digits five apart (5 × 2, 4 or 6 is 0 mod 10).
        if (context.country === 'FI') fc.pre(difference !== 5);
        // Modulo 10 recursive misses swaps of digits 3 or 7 apart after some carries.
        if (context.type === 'QRR') fc.pre(difference !== 3 && difference !== 7);
        const swapped = text.slice(0, index) + b + a + text.slice(index + 2);
        expect(parseCreditorReference(swapped, context)).toBeNull();
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('shows the misses it documents', () => {
    expect(parseCreditorReference('16340', { country: 'FI' })).not.toBeNull();
    expect(parseCreditorReference('61340', { country: 'FI' })).not.toBeNull();
  });
});

describe('references in free text', () => {
  it('finds printed and compact RF references and OGMs, with their places', () => {
    const text = 'Betaling factuur RF18 5390 0754 7034, ook +++123/4567/89002+++ en RF0812344.';
    const found = findCreditorReferencesInText(text);
    expect(found.map((f) => [f.reference.reference, text.slice(f.start, f.end)])).toEqual([
      ['RF18539007547034', 'RF18 5390 0754 7034'],
      ['123456789002', '+++123/4567/89002+++'],
      ['RF0812344', 'RF0812344'],
    ]);
  });

  it('reads back every reference makeRfReference makes, printed in a sentence', () => {
    expect(printRfReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(printRfReference('RF0812344')).toBe('RF08 1234 4');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (payload) => {
        const reference = makeRfReference(payload);
        for (const written of [printRfReference(reference), reference]) {
          const text = `Zahlung ${written}, danke`;
          const found = findCreditorReferencesInText(text);
          const made = found.find((f) => f.reference.reference === reference);
          expect(made).toBeDefined();
          expect(text.slice(made!.start, made!.end)).toBe(written);
          // Any other reading is a shorter one that validates by chance, and says so.
          expect(found.every((f) => f.ambiguous === found.length > 1)).toBe(true);
        }
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('marks both readings when a word after a printed reference makes another valid one', () => {
    // "RF18 5390 0754 7034 DANK U" also validates as RF18539007547034DANKU, by chance.
    const found = findCreditorReferencesInText('RF18 5390 0754 7034 DANK U');
    expect(found.map((f) => [f.reference.reference, f.ambiguous])).toEqual([
      ['RF18539007547034DANKU', true],
      ['RF18539007547034', true],
    ]);
    expect(
      findCreditorReferencesInText('RF18 5390 0754 7034 DANK').map((f) => [
        f.reference.reference,
        f.ambiguous,
      ]),
    ).toEqual([['RF18539007547034', false]]);
  });

  it('keeps a reference out when its check fails, and never reads plain digits', () => {
    expect(findCreditorReferencesInText('RF17 5390 0754 7034, 3900, 123456789002')).toEqual([]);
    expect(findCreditorReferencesInText('PERFORMANCE RF18539007547034X')).toEqual([]);
  });
});
