import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestNameMatches,
  indexNames,
  jaroWinkler,
  kthSmallest,
  nameSimilarity,
  nameTokens,
  type NameCandidate,
} from './name-match.js';

describe('normalising names', () => {
  it('folds case and accents, and writes umlauts as banks do', () => {
    expect(nameTokens('Müller & Söhne KG')).toEqual(['mueller', 'soehne']);
    expect(nameTokens('MUELLER UND SOEHNE')).toEqual(['mueller', 'soehne']);
    expect(nameTokens('Société Générale S.A.')).toEqual(['societe', 'generale']);
    expect(nameTokens('Ørsted A/S')).toEqual(['orsted']);
    expect(nameTokens('Łukasz Wiśniewski')).toEqual(['lukasz', 'wisniewski']);
  });

  it('leaves out legal forms in their usual spellings', () => {
    const forms: [string, string[]][] = [
      ['ACME GMBH', ['acme']],
      ['Acme GmbH & Co. KG', ['acme']],
      ['Acme Ltd.', ['acme']],
      ['Acme Limited', ['acme']],
      ['Acme, LLC', ['acme']],
      ['Acme Inc.', ['acme']],
      ['Acme SARL', ['acme']],
      ['Acme S.à r.l.', ['acme']],
      ['Acme S.A.', ['acme']],
      ['Acme S. A.', ['acme']],
      ['Acme B.V.', ['acme']],
      ['Acme BV', ['acme']],
      ['Acme N.V.', ['acme']],
      ['Acme Oy', ['acme']],
      ['Oy Acme Ab', ['acme']],
      ['UAB "Testavimas"', ['testavimas']],
      ['Acme SpA', ['acme']],
      ['Acme S.p.A.', ['acme']],
      ['Acme Sp. z o.o.', ['acme']],
      ['ACME SP Z OO', ['acme']],
      ['Acme spółka z o.o.', ['acme']],
      ['Acme s.r.o.', ['acme']],
      ['The Acme Company', ['acme']],
      ['Turnverein e.V.', ['turnverein']],
    ];
    for (const [name, tokens] of forms) expect(nameTokens(name), name).toEqual(tokens);
  });

  it('keeps a name that is nothing but a legal form', () => {
    expect(nameTokens('AG')).toEqual(['ag']);
    expect(nameTokens('The Company')).toEqual(['company']);
    expect(nameTokens('  ,.  ')).toEqual([]);
  });
});

describe('name similarity', () => {
  it('scores the same company written another way as 1', () => {
    expect(nameSimilarity('ACME GMBH', 'Acme GmbH')).toBe(1);
    expect(nameSimilarity('Müller & Söhne KG', 'MUELLER UND SOEHNE')).toBe(1);
    expect(nameSimilarity('Mc Donald Bau', 'McDonald Bau')).toBe(1);
  });

  it('does not care about word order', () => {
    expect(nameSimilarity('SMITH JOHN', 'John Smith')).toBe(1);
    expect(nameSimilarity('Bauer Anna Maria', 'Anna-Maria Bauer')).toBe(1);
  });

  it('tolerates a spelling without the umlaut or with one letter wrong', () => {
    const withoutUmlaut = nameSimilarity('MULLER UND SOHNE', 'Müller & Söhne KG');
    expect(withoutUmlaut).toBeGreaterThan(0.9);
    expect(withoutUmlaut).toBeLessThan(1);
    expect(nameSimilarity('Schmidt Logistk', 'Schmidt Logistik GmbH')).toBeGreaterThan(0.9);
  });

  it('scores an initial for a first name as a weak match', () => {
    const initial = nameSimilarity('J. SMITH', 'John Smith');
    expect(initial).toBeGreaterThan(0.5);
    expect(initial).toBeLessThan(0.8);
    expect(nameSimilarity('P. SMITH', 'John Smith')).toBe(0.5);
  });

  it('scores a person who shares one word with a company as weak', () => {
    const score = nameSimilarity('Anna Becker', 'Becker Logistik GmbH');
    expect(score).toBe(0.5);
    expect(nameSimilarity('Anna Becker', 'Baker Logistik GmbH')).toBe(0);
  });

  it('scores a name the bank cut short as a match over the weak minimum, never a strong one', () => {
    // Cut inside a word, and cut after a whole word.
    expect(nameSimilarity('HARBOR PHARMACY 16', 'Harbor Pharmacy 16792 LLC')).toBe(0.9);
    expect(nameSimilarity('ELMSTEAD PHARMACY', 'Elmstead Pharmacy 7809 LLC')).toBe(0.9);
    expect(nameSimilarity('GRANITE BUILDING S', 'Granite Building Supplies AB')).toBe(0.9);
    // The same words, uncut, still score as before.
    expect(nameSimilarity('HARBOR PHARMACY 16792', 'Harbor Pharmacy 16792 LLC')).toBe(1);
  });

  it('does not read a short or differing start as a cut name', () => {
    // Too little kept to say which company.
    expect(nameSimilarity('ACME BAU', 'Acme Bauteile Nord GmbH')).toBeLessThan(0.8);
    expect(nameSimilarity('SCHMIDTLOGISTIK', 'Schmidtlogistik Nord')).toBeLessThan(0.8);
    // A word that differs before the cut.
    expect(nameSimilarity('HARBOR PHARMACIES 1', 'Harbor Pharmacy 16792 LLC')).toBeLessThan(0.8);
    // Only the payer's side is cut: a customer name that is the start of the payer's is not.
    expect(nameSimilarity('Harbor Pharmacy 16792 LLC', 'HARBOR PHARMACY 16')).toBeLessThan(0.8);
  });

  it('scores unrelated names 0, and an empty name 0', () => {
    expect(nameSimilarity('Globex Corporation', 'Initech LLC')).toBe(0);
    expect(nameSimilarity('', 'Initech LLC')).toBe(0);
  });

  it('computes Jaro-Winkler as published', () => {
    // The textbook examples (Winkler 1990 as usually quoted).
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('best name matches over an index', () => {
  const customers: NameCandidate[] = [
    { id: 'c1', name: 'Müller & Söhne KG' },
    { id: 'c2', name: 'Müller Bau GmbH', aliases: ['Hans Mueller'] },
    { id: 'c3', name: 'Becker Logistik GmbH' },
    { id: 'c4', name: 'John Smith' },
    { id: 'c5', name: 'Smith & Partners Ltd' },
  ];
  const index = indexNames(customers);

  it('ranks the customers by score, each once, and respects the limit', () => {
    const matches = bestNameMatches('MUELLER UND SOEHNE', index, 5);
    expect(matches[0]).toEqual({
      id: 'c1',
      matchedName: 'Müller & Söhne KG',
      alias: false,
      score: 1,
    });
    expect(matches.map((m) => m.id)).toEqual(['c1', 'c2']);
    expect(bestNameMatches('MUELLER UND SOEHNE', index, 1)).toHaveLength(1);
  });

  it('finds a customer by a learned alias', () => {
    expect(bestNameMatches('HANS MUELLER', index, 1)).toEqual([
      { id: 'c2', matchedName: 'Hans Mueller', alias: true, score: 1 },
    ]);
  });

  it('finds a name spelled without its umlaut, through the consonants', () => {
    expect(bestNameMatches('MULLER SOHNE', index, 1)[0]?.id).toBe('c1');
  });

  it('finds a customer by its name as the bank cut it, at the cut score', () => {
    const cut = indexNames([
      ...customers,
      { id: 'c6', name: 'Harbor Pharmacy 16792 LLC' },
      { id: 'c7', name: 'Harbor Pharmacy 2210 Inc.' },
    ]);
    // "16" scores nothing against "16792" (two words of three), so only the cut rule reaches 0.8.
    expect(bestNameMatches('HARBOR PHARMACY 16', cut, 5, 0.8)).toEqual([
      { id: 'c6', matchedName: 'Harbor Pharmacy 16792 LLC', alias: false, score: 0.9 },
    ]);
  });

  it('lists nobody for a name that shares nothing', () => {
    expect(bestNameMatches('Globex Corporation', index, 5)).toEqual([]);
  });

  it('finds the right one of 20,000 customers', () => {
    const first = ['Anna', 'Hans', 'Maria', 'Peter', 'Jan', 'Eva', 'Olaf', 'Ines', 'Karl', 'Lena'];
    const words = [
      'Becker',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Hoffmann',
      'Koch',
      'Richter',
      'Klein',
      'Wolf',
      'Neumann',
      'Schwarz',
      'Zimmermann',
      'Braun',
      'Krueger',
      'Hofmann',
      'Hartmann',
      'Lange',
    ];
    const trades = ['Bau', 'Logistik', 'Handel', 'Technik', 'Consulting', 'Software', 'Druck'];
    const many: NameCandidate[] = [];
    for (let i = 0; i < 20_000; i++) {
      const name = `${words[i % 20]} ${words[Math.floor(i / 20) % 20]} ${trades[Math.floor(i / 400) % 7]} ${first[Math.floor(i / 2800) % 10]} ${i} GmbH`;
      many.push({ id: `c${i}`, name });
    }
    const big = indexNames(many);
    for (let i = 0; i < 20_000; i += 97) {
      const wanted = many[i]!;
      const payer = wanted.name.toUpperCase().replace(' GMBH', '');
      const best = bestNameMatches(payer, big, 3);
      expect(best[0]?.id, payer).toBe(wanted.id);
      expect(best[0]?.score).toBe(1);
    }
    // A floor on the score gives what the look-up without it gives, less the names under it.
    for (let i = 13; i < 20_000; i += 211) {
      const words = many[i]!.name.toUpperCase().split(' ');
      for (const payer of [words.slice(0, 3).join(' '), `${words[1]} ${words[0]}`, words[0]!]) {
        const floored = bestNameMatches(payer, big, 5, 0.8);
        const all = bestNameMatches(payer, big, 5).filter((match) => match.score >= 0.8);
        expect(floored, payer).toEqual(all);
        expect(bestNameMatches(payer, big, 5, 0.8), payer).toBe(floored);
      }
    }
  });
});

describe('choosing the names compared in full', () => {
  it('finds the value a sort would put at any place, repeated values and all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0.5, 1, 1.5, 2.25, 3), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        (values, at) => {
          const k = at % values.length;
          const sorted = [...values].sort((a, b) => a - b);
          expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.double({ min: 0, max: 20, noNaN: true }).map((value) => value + 0),
          { minLength: 1, maxLength: 300 },
        ),
        fc.nat(),
        (values, at) => {
          const k = at % values.length;
          const sorted = [...values].sort((a, b) => a - b);
          expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
        },
      ),
    );
  });
});
