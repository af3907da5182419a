import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexKnownNumbers,
  normaliseNumber,
  oneEditApart,
  remittanceText,
  type NumberMatch,
} from './find-in-text.js';

const known = [
  'INV-000123',
  'INV-1001',
  'INV-1002',
  'INV-1003',
  '2024/0042',
  'F 1234',
  'C-00042',
  'INV-2024-000123',
  'RE-558120',
  'INV-004711',
  'ORD-004711',
];
const index = indexKnownNumbers(known);

/** `digits` with one edit at `at`: 0 substitutes `digit`, 1 deletes, 2 inserts `digit`, 3 swaps. */
function oneEdit(digits: string, at: number, edit: number, digit: number): string {
  const i = at % digits.length;
  const variants = [
    digits.slice(0, i) + digit + digits.slice(i + 1),
    digits.slice(0, i) + digits.slice(i + 1),
    digits.slice(0, i) + digit + digits.slice(i),
    i + 1 < digits.length
      ? digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2)
      : digits,
  ];
  return variants[edit]!;
}

/** [known, kind, text] of each match, the shape most tests read. */
function found(...pieces: string[]): [string, string, string][] {
  return index.find(pieces).map((match) => [match.known, match.kind, match.text]);
}

describe('finding known numbers in remittance text', () => {
  it('finds a number exactly as known, and each of several in one text', () => {
    expect(found('INV-1001, INV-1002 und INV-1003')).toEqual([
      ['INV-1001', 'exact', 'INV-1001'],
      ['INV-1002', 'exact', 'INV-1002'],
      ['INV-1003', 'exact', 'INV-1003'],
    ]);
    expect(found('Rechnung 2024/0042 Kd C-00042')).toEqual([
      ['2024/0042', 'exact', '2024/0042'],
      ['C-00042', 'exact', 'C-00042'],
    ]);
    expect(found('Zahlung F 1234')).toEqual([['F 1234', 'exact', 'F 1234']]);
  });

  it('finds a number written in another case or with other separators', () => {
    for (const text of ['inv 000123', 'INV000123', 'inv.000123', 'Inv-000123', 'INV/000123']) {
      expect(found(`payment ${text} thanks`), text).toEqual([['INV-000123', 'normalised', text]]);
    }
    expect(found('f1234')).toEqual([['F 1234', 'normalised', 'f1234']]);
  });

  it('says where in the text each match is', () => {
    const pieces = ['Payment for INV-1001', 'and inv 1002'];
    const text = remittanceText(pieces);
    for (const match of index.find(pieces)) {
      expect(text.slice(match.start, match.end)).toBe(match.text);
    }
    expect(index.find(pieces).map((match) => [match.start, match.end])).toEqual([
      [12, 20],
      [25, 33],
    ]);
  });

  it('joins a number the bank wrapped across two pieces', () => {
    const pieces = ['Payment of invoice INV-2024-00', '0123 thank you'];
    const matches = index.find(pieces);
    expect(matches.map((m) => [m.known, m.kind, m.text])).toEqual([
      ['INV-2024-000123', 'exact', 'INV-2024-00 0123'],
    ]);
    expect(remittanceText(pieces).slice(matches[0]!.start, matches[0]!.end)).toBe(
      'INV-2024-00 0123',
    );
    // The wrap inside a run of digits, and a number that starts a piece.
    expect(found('Rechnung RE-5581', '20 vom Mai')).toEqual([['RE-558120', 'exact', 'RE-5581 20']]);
    expect(found('Rechnungen', 'INV-1001 und', 'INV-1002')).toEqual([
      ['INV-1001', 'exact', 'INV-1001'],
      ['INV-1002', 'exact', 'INV-1002'],
    ]);
  });

  it('reads the digit part alone when it is long enough and names one number', () => {
    expect(found('Rechnung Nr. 558120')).toEqual([['RE-558120', 'without-prefix', '558120']]);
    expect(found('invoice 000123')).toEqual([['INV-000123', 'without-prefix', '000123']]);
    // "123" and "0123" are too short to mean INV-000123.
    expect(found('invoice 123, box 0123')).toEqual([]);
    // 004711 is both INV-004711 and ORD-004711: no reading.
    expect(found('Ref 4711')).toEqual([]);
    expect(found('Ref 004711')).toEqual([]);
  });

  it('reads one typo in a long digit part, with its own prefix or none', () => {
    expect(found('RE-558210')).toEqual([['RE-558120', 'typo', 'RE-558210']]); // swap
    expect(found('RE 558121')).toEqual([['RE-558120', 'typo', 'RE 558121']]); // substitution
    expect(found('RE55812')).toEqual([['RE-558120', 'typo', 'RE55812']]); // deletion
    expect(found('re-5581200')).toEqual([['RE-558120', 'typo', 're-5581200']]); // insertion
    expect(found('Rechnung 558102')).toEqual([['RE-558120', 'typo', '558102']]);
    // Another prefix, two edits, and short numbers are no typo.
    expect(found('AB-558121')).toEqual([]);
    expect(found('ORD-558120, AB558121, AB/558121')).toEqual([]);
    expect(found('Re.Nr.558120')).toEqual([['RE-558120', 'without-prefix', '558120']]);
    expect(found('RE-585210')).toEqual([]);
    expect(found('INV-1004')).toEqual([]);
  });

  it('does not read the digits of a longer code as a number of their own', () => {
    const plain = indexKnownNumbers(['1234', '20240042']);
    expect(plain.find(['INV-1234 and AB/20240042'])).toEqual([]);
    expect(plain.find(['Nr. 1234 and Nr.20240042']).map((m) => [m.known, m.kind])).toEqual([
      ['1234', 'exact'],
      ['20240042', 'exact'],
    ]);
  });

  it('never reads a typo where the text holds an exact number', () => {
    const close = indexKnownNumbers(['INV-100200', 'INV-100201']);
    expect(close.find(['INV-100200']).map((m) => [m.known, m.kind])).toEqual([
      ['INV-100200', 'exact'],
    ]);
    expect(close.find(['INV-100202']).map((m) => m.known)).toEqual(['INV-100200', 'INV-100201']);
  });

  it('does not read amounts, dates or IBANs as numbers', () => {
    const numbers = indexKnownNumbers([
      '123456',
      '1234',
      '20240501',
      '01052024',
      '37040044',
      '05320130',
      '5390075470',
      '1001',
    ]);
    const texts = [
      'EUR 1.234,56 paid',
      'Betrag 1234.56',
      "CHF 1'234.56",
      'USD 1,234.56',
      'Datum 2024-05-01',
      'vom 01.05.2024',
      'vom 1/5/2024',
      'IBAN DE89 3704 0044 0532 0130 00',
      'IBAN DE89370400440532013000',
      'from BE68 5390 0754 7034',
      'am 10.05. gezahlt 10,01',
    ];
    for (const text of texts) expect(numbers.find([text]), text).toEqual([]);
    // The same digits as a number of their own are found.
    expect(numbers.find(['Rechnung 1234 und 37040044']).map((m) => m.known)).toEqual([
      '1234',
      '37040044',
    ]);
  });

  it('finds the invoices of realistic remittance texts', () => {
    expect(
      found(
        'SVWZ+Rechnung INV-1001 INV-1002 abzgl. 2% Skonto EUR 1.176,00 ',
        'IBAN+DE02120300000000202051 BIC+BYLADEM1001',
      ),
    ).toEqual([
      ['INV-1001', 'exact', 'INV-1001'],
      ['INV-1002', 'exact', 'INV-1002'],
    ]);
    expect(found('/INV/INV-2024-000123 15.03.2024 EUR 250,00')).toEqual([
      ['INV-2024-000123', 'exact', 'INV-2024-000123'],
    ]);
    expect(found('Factuurnr 000123 klantnr C00042')).toEqual([
      ['INV-000123', 'without-prefix', '000123'],
      ['C-00042', 'normalised', 'C00042'],
    ]);
  });
});

describe('the edit distance of one', () => {
  it('holds for one substitution, insertion, deletion or neighbour swap, and nothing else', () => {
    expect(oneEditApart('558120', '558121')).toBe(true);
    expect(oneEditApart('558120', '558210')).toBe(true);
    expect(oneEditApart('558120', '55812')).toBe(true);
    expect(oneEditApart('558120', '5581200')).toBe(true);
    expect(oneEditApart('558120', '558120')).toBe(false);
    expect(oneEditApart('558120', '585210')).toBe(false);
    expect(oneEditApart('558120', '0558121')).toBe(false);
    expect(oneEditApart('123456', '123465')).toBe(true);
    expect(oneEditApart('123456', '213465')).toBe(false);
  });

  it('agrees with the index: every one-edit variant of a known number is found as a typo', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 99_999_999 }),
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 9 }),
        (value, at, edit, digit) => {
          const digits = String(value);
          const variant = oneEdit(digits, at, edit, digit);
          fc.pre(variant !== digits && !variant.startsWith('0'));
          const single = indexKnownNumbers([`INV-${digits}`]);
          const matches = single.find([`INV-${variant}`]);
          expect(matches.map((m) => m.kind)).toEqual(['typo']);
        },
      ),
      { seed: 14_012, numRuns: 1000 },
    );
  });
});

describe('long digit parts', () => {
  it("reads every one-edit variant as a typo, across the index's numeric and text keys", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 18 }),
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 9 }),
        (rest, at, edit, digit) => {
          // 12 to 19 digits: either side of the 14 digits the index keeps as numbers.
          const digits = `1${rest.join('')}`;
          const variant = oneEdit(digits, at, edit, digit);
          fc.pre(variant !== digits && !variant.startsWith('0'));
          const single = indexKnownNumbers([`INV-${digits}`]);
          expect(single.find([`INV-${variant}`]).map((m) => m.kind)).toEqual(['typo']);
          // Two edits away is no typo.
          const twice = variant.endsWith('9') ? `${variant.slice(0, -1)}8` : `${variant}9`;
          fc.pre(!oneEditApart(twice, digits) && twice !== digits);
          expect(single.find([`INV-${twice}`])).toEqual([]);
        },
      ),
      { seed: 14_016, numRuns: 1000 },
    );
  });
});

describe('at scale', () => {
  it('indexes 100,000 numbers and looks up 10,000 texts', () => {
    const numbers: string[] = [];
    for (let i = 1; i <= 100_000; i++) numbers.push(`INV-${String(100_000 + i * 7)}`);
    const big = indexKnownNumbers(numbers);
    expect(big.size).toBe(100_000);

    let exact = 0;
    let typos = 0;
    for (let t = 0; t < 10_000; t++) {
      const a = numbers[(t * 7919) % numbers.length]!;
      const b = numbers[(t * 104_729 + 13) % numbers.length]!;
      const texts = [`Payment ${a} and ${b.toLowerCase()} EUR 1.250,00 on 01.05.2024`];
      const matches: NumberMatch[] = big.find(texts);
      const knownFound = matches.filter((m) => m.kind !== 'typo').map((m) => m.known);
      expect(knownFound).toEqual([a, b]);
      exact += matches.filter((m) => m.kind === 'exact').length;
      typos += matches.filter((m) => m.kind === 'typo').length;
    }
    expect(exact).toBe(10_000);
    expect(typos).toBe(0);
    // A digit left out of any of them is read as a typo of it, among all 100,000.
    for (let t = 0; t < 2_000; t++) {
      const number = numbers[(t * 7919) % numbers.length]!;
      const at = 5 + (t % 5);
      const typo = number.slice(0, at) + number.slice(at + 1);
      const matches = big.find([`Payment ${typo}`]);
      expect(matches.every((m) => m.kind === 'typo')).toBe(true);
      expect(matches.map((m) => m.known)).toContain(number);
    }
  });

  it('normalises the way the index does', () => {
    expect(normaliseNumber('inv. 2024/00-42')).toBe('INV20240042');
  });
});
