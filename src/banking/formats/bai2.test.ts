import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BankFileError,
  bankFileLimits,
  checkFileLimits,
  type BankFile,
  type BankLine,
} from './bank-statement.js';
import { parseBai2 } from './bai2.js';
import {
  expectBankFileError,
  fuzzParser,
  millisecondsToRun,
  expectReadOrRefused,
  expectRefusedWhenCut,
  expectSameWithEveryLineEnding,
} from './parser-test-support.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../../test/fixtures/bank/bai2/${name}`, import.meta.url), 'utf8');
}

const files = [
  'bai-spec-example_sample2.txt',
  'citi-gb_example.bai2',
  'goldman-sachs_continuations.txt',
  'natwest-gb_example.bai2',
  'svb-us_example.bai2',
] as const;

function allLines(file: BankFile): BankLine[] {
  return file.statements.flatMap((statement) => [...statement.lines]);
}

function sums(file: BankFile): Record<string, [bigint, bigint]> {
  const result: Record<string, [bigint, bigint]> = {};
  for (const line of allLines(file)) {
    const entry = (result[line.currency] ??= [0n, 0n]);
    if (line.direction === 'credit') entry[0] += line.amountMinor;
    else entry[1] += line.amountMinor;
  }
  return result;
}

describe('parseBai2 on the real files', () => {
  it('the BAI spec example: 4 groups, 5 accounts, negative summaries, funds types S, V, D', () => {
    const file = parseBai2(fixture('bai-spec-example_sample2.txt'));
    expect(file.format).toBe('bai2');
    expect(file.version).toBe('BAI2 2');
    expect(file.statements).toHaveLength(5);
    expect(file.statements.map((statement) => statement.account.number)).toEqual([
      '0123456789',
      '9876543210',
      '4589761203',
      '0975312468',
      '7890654321',
    ]);
    const lines = allLines(file);
    expect(lines).toHaveLength(4);
    expect(sums(file)).toEqual({ USD: [30950000n, 0n] });
    // Every control total and record count in this file matches.
    expect(file.warnings).toEqual([]);
    expect(file.statements[1]!.openingBalance).toEqual({
      amountMinor: -500000n,
      currency: 'USD',
      date: '2004-06-20',
    });
    expect(file.statements[0]!.account.bankCode).toBe('122099999');
    // The 02's second field, the originator (the bank), not the first, the receiver (053003456).
    expect(file.statements[2]!.account.bankCode).toBe('122099999');
    expect(lines[0]).toMatchObject({
      amountMinor: 450000n,
      direction: 'credit',
      status: 'booked',
      transactionCode: '115',
      ref: '0123456789/2004-06-20/1',
      additionalInfo: 'availability: immediate 1000.00, one day 2000.00, two or more days 1500.00',
    });
    expect(lines[1]!.remittance.unstructured).toEqual(['LOCK BOX NO.68751']);
    // Funds type V gives the value date; the 88 continues the 16's text.
    expect(lines[2]).toMatchObject({
      valueDate: '2004-06-22',
      bookingDate: '2004-06-20',
      ref: 'SP4738',
      references: { bankRef: 'SP4738', customerRef: 'YRC065321' },
      remittance: {
        structured: [],
        unstructured: ['PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO'],
      },
    });
    expect(lines[3]).toMatchObject({ ref: '4589761203/2004-06-20/4', references: {} });
  });

  it('Citi: one 0.01 GBP Faster Payment, payer from BO:/BO1:, 88s without "/"', () => {
    const file = parseBai2(fixture('citi-gb_example.bai2'));
    expect(file.statements).toHaveLength(1);
    expect(sums(file)).toEqual({ GBP: [1n, 0n] });
    const [line] = allLines(file);
    expect(line).toMatchObject({
      valueDate: '2015-07-15',
      bookingDate: '2015-07-15',
      payerName: 'DOE JO',
      payerAccount: '11111111',
      payerBic: null,
      ref: '1234567890',
      transactionCode: '191',
    });
    expect(line!.references).toEqual({
      TRID: 'RP12312312312312',
      bankRef: '1234567890',
      customerRef: 'RP12312312312312',
    });
    expect(line!.remittance.unstructured).toEqual([
      'FR:FP SIP INCOMING',
      'ENDT:20150715',
      'TRID:RP12312312312312',
      'PY:RP1231231231231200                 A1234BC 22/03/66',
      'BI:22222222',
      'OB:111111 BUCKINGHAM PALACE OB3:BARCLAYS BANK PLC',
      'BO:11111111 BO1:DOE JO',
    ]);
    expect(file.statements[0]!.account).toEqual({
      iban: null,
      number: '77777777',
      bic: null,
      bankCode: 'CITIGB00',
    });
    // Opening and closing ledger are both 100.00: the 0.01 credit is not in them.
    expect(file.warnings).toEqual([
      'account 77777777 of 2015-07-15 (03 record of line 3): opening ledger plus its transactions is 100.01 GBP, the closing ledger is 100.00 GBP; difference 0.01 GBP.',
    ]);
  });

  it('Goldman Sachs: newline-delimited continuations, commas in text, payer keys, trailers that do not add up', () => {
    const file = parseBai2(fixture('goldman-sachs_continuations.txt'));
    expect(file.statements).toHaveLength(5);
    const lines = allLines(file);
    expect(lines).toHaveLength(17);
    expect(file.statements.map((statement) => statement.lines.length)).toEqual([0, 3, 14, 0, 0]);
    expect(sums(file)).toEqual({ USD: [600731n, 31349055n] });
    expect(lines.every((line) => line.valueDate === '2023-09-06')).toBe(true);
    expect(lines[0]).toMatchObject({
      transactionCode: '447',
      direction: 'debit',
      amountMinor: 60000n,
      ref: 'SPB2322984714570',
      payerAccount: 'ACHCONTROLOUTUSD01',
    });
    expect(lines[0]!.references).toEqual({
      EndToEndId: '1111',
      bankRef: 'SPB2322984714570',
      customerRef: '1111',
    });
    expect(lines[0]!.remittance.unstructured).toEqual([
      'ACH Credit Payment,Entry Description: EXP; -, SEC: CCD, Client Ref ID: 1111, GS ID: SPB2322984714570',
      'EREF: 1111',
      'DBNM: TEST INC',
      'CACT: ACHCONTROLOUTUSD01',
    ]);
    // A credit: the debtor (DBNM/DACT) paid.
    expect(lines[1]).toMatchObject({
      transactionCode: '261',
      direction: 'credit',
      payerName: 'SAMPLE INC',
      payerAccount: '101152046',
    });
    expect(lines[1]!.remittance.unstructured).toContain('REMI: ACH- Test - Addenda Record');
    expect(lines[7]).toMatchObject({
      transactionCode: '195',
      payerName: null,
      payerAccount: '8348572423',
      payerBic: 'CITIUS30XXX',
      references: {
        EndToEndId: 'GS0D9VGMP1IWPLW',
        ChqNb: 'GSIL2X6103UNCRSF',
        bankRef: 'GI2229300000187',
        customerRef: 'GS0D9VGMP1IWPLW',
      },
    });
    expect(lines[10]).toMatchObject({ payerName: 'SAMPLE INC', amountMinor: 50050n });
    expect(lines[10]!.remittance.unstructured).toContain('REMI: Test Remittance');
    // A debit: the other party is the creditor (CRNM/CBIC).
    expect(lines[6]).toMatchObject({
      direction: 'debit',
      payerName: 'TEST COMPANY',
      payerBic: 'COBADEFF',
    });
    expect(lines[9]!.references).not.toHaveProperty('customerRef');
    expect(file.warnings).toEqual([
      "49 account trailer of line 22 (account 107049932): control total -12601613417.62 USD, the account's amounts sum to 79999.60 USD; difference -12601693417.22 USD.",
      '49 account trailer of line 22 (account 107049932): says 26 records, there are 18.',
      "49 account trailer of line 110 (account 104108339): control total 68697.22 USD, the account's amounts sum to 6669178.18 USD; difference -6600480.96 USD.",
      '49 account trailer of line 110 (account 104108339): says 8 records, there are 88.',
      'account 104108339 of 2023-09-06 (03 record of line 23): opening ledger plus its transactions is 1296780.20 USD, the closing ledger is 1593811.94 USD; difference -297031.74 USD.',
      '98 group trailer of line 115: control total 13060195162, its 49 account trailers sum to -1247101146600 (minor units); difference 1260161341762.',
      '98 group trailer of line 115: says 4 accounts, there are 5.',
      '98 group trailer of line 115: says 16 records, there are 114.',
      '99 file trailer of line 116: says 18 records, there are 116.',
    ]);
  });

  it('NatWest: GBP account in a blank-currency group, 88 narratives, every total matches', () => {
    const file = parseBai2(fixture('natwest-gb_example.bai2'));
    expect(file.statements).toHaveLength(1);
    const [statement] = file.statements;
    expect(statement!.currency).toBe('GBP');
    expect(statement!.account).toEqual({
      iban: null,
      number: '88888888 600004',
      bic: null,
      bankCode: 'NWBKGB2L',
    });
    const lines = allLines(file);
    expect(lines).toHaveLength(5);
    expect(sums(file)).toEqual({ GBP: [89n, 2765n] });
    expect(file.warnings).toEqual([]);
    expect(lines[0]).toMatchObject({
      transactionCode: '699',
      direction: 'debit',
      amountMinor: 971n,
      valueDate: '2009-12-16',
      ref: '88888888 600004/2009-12-16/1',
      references: {},
    });
    expect(lines[4]!.remittance.unstructured).toEqual([
      'TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE',
      'NT SECCY AC TFR',
    ]);
  });

  it('SVB: two as-of days, summaries continued by 88s with a comma before "/", 99 without "/"', () => {
    const file = parseBai2(fixture('svb-us_example.bai2'));
    expect(file.statements).toHaveLength(2);
    const lines = allLines(file);
    expect(sums(file)).toEqual({ USD: [1395996n, 0n] });
    expect(lines.map((line) => [line.valueDate, line.ref, line.position])).toEqual([
      ['2022-02-01', '172629', 1],
      ['2022-02-02', '150675', 2],
    ]);
    expect(lines[0]!.remittance.unstructured).toEqual(['SOME PAYMENT ACH OFFSET']);
    expect(file.statements[1]!.closingBalance!.amountMinor).toBe(36122975n);
    expect(file.warnings).toEqual([]);
  });
});

describe('parseBai2 line endings', () => {
  it.each(files)('%s reads the same with LF, CRLF and CR-only', (name) => {
    expectSameWithEveryLineEnding(parseBai2, fixture(name));
  });
});

describe('parseBai2 records', () => {
  const file = (details: string[], header03 = '03,555,,010,1000,,,015,1500,,/') =>
    [
      '01,SENDER,RECEIVER,240102,0800,7,,,2/',
      '02,RECEIVER,021000021,1,240101,2400,,2/',
      header03,
      ...details,
      '49,0,0/',
      '98,0,1,0/',
      '99,0,1,0/',
    ].join('\n');

  it('keeps commas and slashes inside text, with or without the "/" terminator', () => {
    const parsed = parseBai2(
      file([
        '16,165,500,,B1,C1,Invoices 1/2, 2/2 and 3/3/',
        '88,more, text',
        '16,475,200,,B2,,Fee, monthly',
        '88,and again/',
        '16,890,700,,,,Info only/',
      ]),
    );
    const lines = allLines(parsed);
    expect(lines.map((line) => line.remittance.unstructured)).toEqual([
      ['Invoices 1/2, 2/2 and 3/3', 'more, text'],
      ['Fee, monthly', 'and again'],
      ['Info only'],
    ]);
    expect(lines.map((line) => [line.direction, line.status])).toEqual([
      ['credit', 'booked'],
      ['debit', 'booked'],
      ['credit', 'info'],
    ]);
    // 10.00 + 5.00 − 2.00 = 13.00 ≠ 15.00; the info line is not counted.
    expect(parsed.warnings).toContain(
      'account 555 of 2024-01-01 (03 record of line 3): opening ledger plus its transactions is 13.00 USD, the closing ledger is 15.00 USD; difference -2.00 USD.',
    );
    expect(parsed.warnings).toContain(
      '49 account trailer of line 9 (account 555): says 0 records, there are 7.',
    );
  });

  it('keeps a zero-amount information record out of the lines, and refuses a zero credit', () => {
    // Found by fuzzing: a 16 record of amount 0 became a line the database refuses (amount > 0).
    const info = parseBai2(file(['16,890,0,,,,Info only/']));
    expect(allLines(info)).toEqual([]);
    expect(info.warnings).toContain(
      '16 record of line 4: type code 890 with a zero amount is not a line: Info only.',
    );
    const error = expectBankFileError(() => parseBai2(file(['16,165,0,,,,/'])));
    expect(error.where).toEqual({ line: 4, column: 8 });
    expect(error.message).toMatch(/the amount is zero/);
  });

  it('reads a record ending in 99,990 blanks and a letter without backtracking for seconds', () => {
    // Found by fuzzing: trimming with /\s+$/ is quadratic in a run of blanks that is not last.
    const text = file(['16,165,500,,B1,,/', `88,${' '.repeat(99_990)}x`]);
    let lines: BankLine[] = [];
    expect(millisecondsToRun(() => (lines = allLines(parseBai2(text))))).toBeLessThan(1_000);
    expect(lines.map((line) => line.remittance.unstructured.at(-1))).toEqual(['x']);
  });

  it('refuses a NUL byte, found by fuzzing: a text holding one failed the import at the insert', () => {
    const error = expectBankFileError(() => parseBai2(file(['16,165,500,,B1,,Pay\u0000ment/'])));
    expect(error.where).toEqual({ line: 4, column: 20 });
  });

  it('uses the currency exponent for implied decimals (JPY none, KWD three)', () => {
    const jpy = parseBai2(file(['16,165,500,,,,/'], '03,555,JPY,010,1000,,/'));
    expect(allLines(jpy)[0]).toMatchObject({ amountMinor: 500n, currency: 'JPY' });
    const kwd = parseBai2(file(['16,165,500,,,,/'], '03,555,KWD,,/'));
    expect(allLines(kwd)[0]).toMatchObject({ amountMinor: 500n, currency: 'KWD' });
    expect(kwd.statements[0]!.openingBalance).toBeNull();
  });

  it('warns about a type code outside the credit, debit and information ranges', () => {
    const parsed = parseBai2(file(['16,901,500,,,,/']));
    expect(allLines(parsed)[0]!.status).toBe('info');
    expect(parsed.warnings[0]).toMatch(/^16 record of line 4: type code 901/);
  });
});

describe('parseBai2 refuses broken files, naming the line', () => {
  it.each(files)('%s cut short at every record and inside every record', (name) => {
    const text = fixture(name);
    const lines = text.split(/(?<=\n)/);
    const recordEnds: number[] = [];
    const insideRecords: number[] = [];
    let offset = 0;
    lines.slice(0, -1).forEach((line) => {
      recordEnds.push(offset + line.length);
      insideRecords.push(offset + Math.ceil(line.length / 2));
      offset += line.length;
    });
    expectRefusedWhenCut(parseBai2, text, recordEnds, /truncated/);
    expectRefusedWhenCut(parseBai2, text, insideRecords);
  });

  it('a bad amount, a bad date, a missing trailer, a bad funds type, garbage', () => {
    const spec = fixture('bai-spec-example_sample2.txt');
    let error = expectBankFileError(() =>
      parseBai2(spec.replace('16,115,450000,S', '16,115,45O000,S')),
    );
    expect(error.where).toEqual({ line: 5, column: 8 });
    error = expectBankFileError(() =>
      parseBai2(spec.replace('16,115,450000,S', '16,115,4500.00,S')),
    );
    expect(error.where.line).toBe(5);
    error = expectBankFileError(() =>
      parseBai2(spec.replace('02,031001234,122099999,1,040620', '02,031001234,122099999,1,041320')),
    );
    expect(error.where).toEqual({ line: 2, column: 26 });
    error = expectBankFileError(() => parseBai2(spec.replace('49,9150000,4/\n', '')));
    expect(error.where.line).toBe(6);
    expect(error.message).toMatch(/03 record where 16 or 49 belongs/);
    error = expectBankFileError(() =>
      parseBai2(spec.replace('16,115,450000,S', '16,115,450000,Q')),
    );
    expect(error.where.line).toBe(5);
    error = expectBankFileError(() =>
      parseBai2(spec.replace('03,0123456789,,010', '03,0123456789,XYZ,010')),
    );
    expect(error.where.line).toBe(3);
    error = expectBankFileError(() => parseBai2(spec.replace('49,4000000,5/', 'garbage')));
    expect(error.where.line).toBe(11);
    error = expectBankFileError(() => parseBai2(`88,orphan\n${spec}`));
    expect(error.where.line).toBe(1);
    error = expectBankFileError(() => parseBai2(`${spec}\n01,again/`));
    expect(error.where.line).toBe(32);
    expectBankFileError(() => parseBai2(''), /line 1/);
  });

  it.each(files)(
    '%s with a character changed or deleted anywhere: read, or refused with a line',
    (name) => {
      const text = fixture(name);
      // A fixed linear congruential sequence: the same mutations on every run.
      let seed = 20261205;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const replacements = ['X', '9', ',', '/', ':', '-', '?', ' ', '\n', ''];
      for (let index = 0; index < 400; index += 1) {
        const at = Math.floor(random() * text.length);
        const replacement = replacements[Math.floor(random() * replacements.length)]!;
        const mutated = text.slice(0, at) + replacement + text.slice(at + 1);
        expectReadOrRefused(parseBai2, mutated, `at ${at}`, /line \d+/);
      }
    },
  );

  it('refuses a line past the length limit and accepts one at it', () => {
    const atLimit = 'x'.repeat(bankFileLimits.lineLengthMax);
    expect(() => checkFileLimits(atLimit)).not.toThrow();
    expect(() => checkFileLimits(`${atLimit}x`)).toThrow(BankFileError);
    const longText = `16,165,500,,,,${'y'.repeat(bankFileLimits.lineLengthMax)}`;
    expectBankFileError(() => parseBai2(longText), /line 1/);
  });
});

describe('parseBai2 fuzzed', () => {
  // fast-check with a fixed seed: the same damages on every run, and a failure shrinks to the
  // smallest one that shows it.
  it.each(files)(
    '%s with random bytes flipped, deleted, inserted, slices duplicated, lines swapped or cut: read keeping the contract, or refused naming a line',
    (name) => {
      const outcome = fuzzParser(parseBai2, fixture(name), { pattern: /^line \d+/ });
      expect(outcome.refused).toBeGreaterThan(0);
    },
  );
});
