import { describe, expect, it } from 'vitest';
import { BankFileError, bankFileLimits, type BankFile } from './bank-statement.js';
import {
  parseCsvStatement,
  validateCsvMapping,
  type CsvStatementMapping,
} from './csv-statement.js';
import {
  expectBankFileError,
  expectReadOrRefused,
  millisecondsToRun,
  expectSameWithEveryLineEnding,
} from './parser-test-support.js';

/*
 * No bank's CSV export could be copied byte for byte (test/fixtures/bank/SOURCES.md), so the
 * exports below are written for this test, each after the layout of a kind of bank it names.
 */

/** Written for the test after a German bank's export: preamble, ';', DD.MM.YYYY, "1.250,00". */
const germanExport = [
  '"Kontonummer:";"DE89 3704 0044 0532 0130 00 / Girokonto";',
  '"Von:";"01.03.2024";',
  '"Bis:";"31.03.2024";',
  '"Kontostand vom 31.03.2024:";"12.345,67 EUR";',
  '',
  '"Buchungstag";"Wertstellung";"Buchungstext";"Auftraggeber / Begünstigter";"Verwendungszweck";"Kontonummer";"BLZ";"Betrag (EUR)";"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz";',
  '"04.03.2024";"04.03.2024";"Gutschrift";"Müller & Söhne GmbH";"RE-2024-0815 Vielen Dank";"DE44 5001 0517 5407 3249 31";"INGDDEFFXXX";"1.250,00";"";"";"E2E-4711";',
  '"05.03.2024";"05.03.2024";"Lastschrift";"Stadtwerke Köln";"Abschlag März',
  'Kundennr. 123";"DE02120300000000202051";"BYLADEM1001";"-89,90";"DE98ZZZ09999999999";"MR-1";"";',
  '"06.03.2024";"07.03.2024";"Gutschrift";"Schmidt, Anna";"RE-2024-0816";"DE12500105170648489890";"INGDDEFFXXX";"12.000,5";"";"";"";',
  '',
].join('\n');

const germanMapping: CsvStatementMapping = {
  delimiter: ';',
  hasHeader: true,
  skipLines: 5,
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  columns: {
    bookingDate: 'Buchungstag',
    valueDate: 'Wertstellung',
    amount: 'Betrag (EUR)',
    payerName: 'Auftraggeber / Begünstigter',
    payerAccount: 'Kontonummer',
    payerBic: 'BLZ',
    reference: 'Kundenreferenz',
    remittance: ['Verwendungszweck', 'Mandatsreferenz'],
    transactionCode: 'Buchungstext',
  },
  currency: 'EUR',
  account: { iban: 'DE89 3704 0044 0532 0130 00' },
};

/** Written for the test after a US bank's export: ',', MM/DD/YYYY, separate Debit and Credit. */
const usExport = [
  'Date,Description,Debit,Credit,Balance,Check or Slip #,Currency',
  '01/02/2024,"ACH CREDIT ACME CORP INV 1001",,"1,500.00","11,500.00",,USD',
  '01/03/2024,CHECK 1234,250.00,,"11,250.00",1234,USD',
  '01/15/2024,"WIRE TRANSFER FROM GLOBEX, LTD ""INV-1002""",,"2,000.00","13,250.00",,USD',
  '01/31/2024,MONTHLY SERVICE FEE,-12.00,,"13,238.00",,USD',
].join('\r\n');

const usMapping: CsvStatementMapping = {
  delimiter: ',',
  hasHeader: true,
  dateFormat: 'MM/DD/YYYY',
  decimalSeparator: '.',
  thousandsSeparator: ',',
  columns: {
    bookingDate: 'Date',
    debit: 'Debit',
    credit: 'Credit',
    currency: 'Currency',
    reference: 'Check or Slip #',
    remittance: ['Description'],
  },
  account: { number: '000123456789' },
};

/** Written for the test: no header, tabs, ISO dates and a direction column. */
const tabExport =
  '2024-02-01\t2024-02-01\tCRDT\t100.00\tEUR\tJohn Doe\tRF18539007547034\n' +
  '2024-02-02\t2024-02-03\tdbit\t20\tCHF\tBank fee\t\n';

const tabMapping: CsvStatementMapping = {
  delimiter: '\t',
  hasHeader: false,
  dateFormat: 'YYYY-MM-DD',
  decimalSeparator: '.',
  columns: {
    bookingDate: 0,
    valueDate: 1,
    direction: 2,
    amount: 3,
    currency: 4,
    payerName: 5,
    reference: 6,
  },
  directionValues: { credit: ['CRDT'], debit: ['DBIT'] },
};

function sums(file: BankFile): Record<string, { credit: bigint; debit: bigint }> {
  const result: Record<string, { credit: bigint; debit: bigint }> = {};
  for (const line of file.statements.flatMap((statement) => statement.lines)) {
    const entry = (result[line.currency] ??= { credit: 0n, debit: 0n });
    entry[line.direction] += line.amountMinor;
  }
  return result;
}

describe('parseCsvStatement', () => {
  it('reads a German export with a preamble, a multi-line cell and "1.250,00" amounts', () => {
    const file = parseCsvStatement(germanExport, germanMapping);
    expect(file.format).toBe('csv');
    expect(file.warnings).toEqual([]);
    expect(file.statements).toHaveLength(1);
    const [statement] = file.statements;
    expect(statement!.account).toEqual({
      iban: 'DE89370400440532013000',
      number: null,
      bic: null,
      bankCode: null,
    });
    expect(statement!.currency).toBe('EUR');
    expect(statement!.lines).toHaveLength(3);
    // 1.250,00 + 12.000,5 in, 89,90 out
    expect(sums(file)).toEqual({ EUR: { credit: 1325050n, debit: 8990n } });
    const [first, second, third] = statement!.lines;
    expect(first).toEqual({
      position: 1,
      valueDate: '2024-03-04',
      bookingDate: '2024-03-04',
      amountMinor: 125000n,
      currency: 'EUR',
      direction: 'credit',
      status: 'booked',
      reversal: false,
      payerName: 'Müller & Söhne GmbH',
      payerAccount: 'DE44500105175407324931',
      payerBic: 'INGDDEFFXXX',
      references: { bankRef: 'E2E-4711' },
      ref: 'E2E-4711',
      remittance: { structured: [], unstructured: ['RE-2024-0815 Vielen Dank'] },
      transactionCode: 'Gutschrift',
      additionalInfo: null,
    });
    expect(second).toMatchObject({
      direction: 'debit',
      amountMinor: 8990n,
      references: {},
      ref: 'DE89370400440532013000/2024-03-05/2',
      remittance: { unstructured: ['Abschlag März\nKundennr. 123', 'MR-1'] },
    });
    expect(third).toMatchObject({
      bookingDate: '2024-03-06',
      valueDate: '2024-03-07',
      payerName: 'Schmidt, Anna',
      amountMinor: 1200050n,
      ref: 'DE89370400440532013000/2024-03-06/3',
    });
  });

  it('reads a US export with separate debit and credit columns and quoted "1,500.00"', () => {
    const file = parseCsvStatement(usExport, usMapping);
    const [statement] = file.statements;
    expect(statement!.account.number).toBe('000123456789');
    expect(statement!.currency).toBe('USD');
    expect(statement!.lines).toHaveLength(4);
    // 1,500.00 + 2,000.00 in; 250.00 + 12.00 out
    expect(sums(file)).toEqual({ USD: { credit: 350000n, debit: 26200n } });
    expect(statement!.lines.map((line) => line.bookingDate)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-15',
      '2024-01-31',
    ]);
    expect(statement!.lines.map((line) => line.ref)).toEqual([
      '000123456789/2024-01-02/1',
      '1234',
      '000123456789/2024-01-15/3',
      '000123456789/2024-01-31/4',
    ]);
    expect(statement!.lines[2]!.remittance.unstructured).toEqual([
      'WIRE TRANSFER FROM GLOBEX, LTD "INV-1002"',
    ]);
    expect(statement!.lines[0]!.valueDate).toBeNull();
  });

  it('reads a headerless tab-separated export by column index with a direction column', () => {
    const file = parseCsvStatement(tabExport, tabMapping);
    const [statement] = file.statements;
    expect(statement!.currency).toBeNull();
    expect(sums(file)).toEqual({
      EUR: { credit: 10000n, debit: 0n },
      CHF: { credit: 0n, debit: 2000n },
    });
    expect(statement!.lines[0]).toMatchObject({ ref: 'RF18539007547034', payerName: 'John Doe' });
    expect(statement!.lines[1]).toMatchObject({
      valueDate: '2024-02-03',
      direction: 'debit',
      ref: 'account/2024-02-02/2',
    });
  });

  it('reads every date format', () => {
    const cases = [
      ['YYYY-MM-DD', '2024-02-29'],
      ['DD.MM.YYYY', '29.02.2024'],
      ['DD.MM.YY', '29.02.24'],
      ['DD/MM/YYYY', '29/02/2024'],
      ['MM/DD/YYYY', '02/29/2024'],
      ['YYYYMMDD', '20240229'],
    ] as const;
    for (const [dateFormat, written] of cases) {
      const file = parseCsvStatement(`${written};1.00\n`, {
        delimiter: ';',
        hasHeader: false,
        dateFormat,
        decimalSeparator: '.',
        columns: { bookingDate: 0, amount: 1 },
        currency: 'EUR',
      });
      expect(file.statements[0]!.lines[0]!.bookingDate, dateFormat).toBe('2024-02-29');
    }
  });

  it('reads amounts written in a trailing-minus, parenthesised or bare-decimal way', () => {
    const amounts = ['12,50-', '(1 000,00)', ',5', '+3', '1 234,00'];
    const file = parseCsvStatement(amounts.map((amount) => `01.01.2024;"${amount}"`).join('\n'), {
      delimiter: ';',
      hasHeader: false,
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
      thousandsSeparator: ' ',
      columns: { bookingDate: 0, amount: 1 },
      currency: 'EUR',
    });
    expect(
      file.statements[0]!.lines.map((line) =>
        line.direction === 'debit' ? -line.amountMinor : line.amountMinor,
      ),
    ).toEqual([-1250n, -100000n, 50n, 300n, 123400n]);
  });

  it('gives the same result with LF, CRLF and CR-only endings, and with a byte order mark', () => {
    for (const [text, mapping] of [
      [germanExport, germanMapping],
      [usExport, usMapping],
      [tabExport, tabMapping],
    ] as const) {
      const parse = (csv: string) => parseCsvStatement(csv, mapping);
      expectSameWithEveryLineEnding(parse, text);
      expect(parse(`\ufeff${text}`)).toEqual(parse(text));
    }
  });
});

describe('parseCsvStatement on bad files', () => {
  it('either reads an export mutated at many points or throws a BankFileError naming a line', () => {
    for (const [text, mapping] of [
      [germanExport, germanMapping],
      [usExport, usMapping],
      [tabExport, tabMapping],
    ] as const) {
      const mutations: ((at: number) => string)[] = [
        (at) => text.slice(0, at) + text.slice(at + 1),
        (at) => `${text.slice(0, at)}"${text.slice(at)}`,
        (at) => `${text.slice(0, at)}${mapping.delimiter}${text.slice(at)}`,
        (at) => `${text.slice(0, at)}x${text.slice(at + 1)}`,
        (at) => `${text.slice(0, at)}\n${text.slice(at)}`,
      ];
      let refused = 0;
      for (let at = 0; at < text.length; at += 3) {
        for (const mutate of mutations) {
          const outcome = expectReadOrRefused(
            (csv) => parseCsvStatement(csv, mapping),
            mutate(at),
            `mutated at ${at}`,
            /^line \d+/,
          );
          if (outcome === 'refused') refused++;
        }
      }
      expect(refused).toBeGreaterThan(0);
    }
  });

  it('names the line and header of a bad date, counting the line break inside a quoted cell', () => {
    const text = germanExport.replace('"06.03.2024"', '"32.03.2024"');
    expectBankFileError(
      () => parseCsvStatement(text, germanMapping),
      /^line 10, column 1: "Buchungstag" holds "32\.03\.2024", not a date in the form DD\.MM\.YYYY/,
    );
    for (const ending of ['\r\n', '\r']) {
      expectBankFileError(
        () => parseCsvStatement(text.replace(/\n/g, ending), germanMapping),
        /^line 10, column 1: "Buchungstag"/,
      );
    }
  });

  it('names a bad amount', () => {
    expectBankFileError(
      () => parseCsvStatement(germanExport.replace('"1.250,00"', '"1.250,0x"'), germanMapping),
      /^line 7, column 8: "Betrag \(EUR\)" holds "1\.250,0x", not an amount/,
    );
    expectBankFileError(
      () => parseCsvStatement(germanExport.replace('"1.250,00"', '"1250.00"'), germanMapping),
      /^line 7, column 8: "Betrag \(EUR\)" holds "1250\.00", whose thousands separator "\." does not/,
    );
    expectBankFileError(
      () => parseCsvStatement(usExport.replace('"1,500.00"', '"1.500,00"'), usMapping),
      /^line 2, column 4: "Credit" holds "1\.500,00", whose thousands separator "," does not/,
    );
    // The dot is the thousands separator here, so "1.250,001" has three decimals.
    expectBankFileError(
      () => parseCsvStatement(germanExport.replace('"1.250,00"', '"1.250,001"'), germanMapping),
      /^line 7, column 8: "Betrag \(EUR\)" holds "1\.250,001": "1250,001" has more decimals than EUR's 2/,
    );
    expectBankFileError(
      () => parseCsvStatement(germanExport.replace('"-89,90"', '""'), germanMapping),
      /^line 8, column 8: "Betrag \(EUR\)" is empty/,
    );
  });

  it('refuses a row of zero, found by fuzzing: the database holds no line of amount 0', () => {
    expectBankFileError(
      () => parseCsvStatement(germanExport.replace('"1.250,00"', '"0,00"'), germanMapping),
      /^line 7, column 8: "Betrag \(EUR\)" holds "0,00": a statement line moves money, this one none/,
    );
    expectBankFileError(
      () => parseCsvStatement(usExport.replace('"1,500.00"', '0'), usMapping),
      /^line 2, column 4: "Credit" holds "0": a statement line moves money/,
    );
  });

  it('refuses a cell of 99,700 digits and a letter at once, not after seconds of backtracking', () => {
    const cell = `${'1'.repeat(99_700)}x`;
    const text = germanExport.replace('"1.250,00"', cell);
    const took = millisecondsToRun(() =>
      expectBankFileError(
        () => parseCsvStatement(text, { ...germanMapping, thousandsSeparator: null }),
        /^line 7, column 8: .* not an amount/,
      ),
    );
    expect(took).toBeLessThan(1_000);
  });

  it('names an unknown currency', () => {
    expectBankFileError(
      () =>
        parseCsvStatement(
          usExport.replace('250.00,,"11,250.00",1234,USD', '250.00,,"11,250.00",1234,XYZ'),
          usMapping,
        ),
      /^line 3, column 7: "Currency" holds "XYZ", not an ISO 4217 currency code/,
    );
  });

  it('refuses rows filled both ways or not at all, and unknown directions', () => {
    expectBankFileError(
      () =>
        parseCsvStatement(
          usExport.replace('CHECK 1234,250.00,,', 'CHECK 1234,250.00,1.00,'),
          usMapping,
        ),
      /^line 3, column 3: "Debit" and "Credit" are both filled/,
    );
    expectBankFileError(
      () => parseCsvStatement(usExport.replace('CHECK 1234,250.00,,', 'CHECK 1234,,,'), usMapping),
      /^line 3, column 4: "Credit" and "Debit" are both empty/,
    );
    expectBankFileError(
      () => parseCsvStatement(tabExport.replace('dbit', 'DEBIT'), tabMapping),
      /^line 2, column 3: "column 3" holds "DEBIT", which is neither a credit \(CRDT\) nor a debit \(DBIT\)/,
    );
    expectBankFileError(
      () => parseCsvStatement(tabExport.replace('\t100.00', '\t-100.00'), tabMapping),
      /^line 1, column 4: "column 4" holds "-100\.00", negative on a credit row/,
    );
  });

  it('refuses a header without a mapped column, a short row and broken quoting', () => {
    expectBankFileError(
      () => parseCsvStatement(usExport.replace('Check or Slip #', 'Check'), usMapping),
      /^line 1: the header has no column "Check or Slip #"/,
    );
    expectBankFileError(
      () => parseCsvStatement(tabExport.replace('\t20\tCHF\tBank fee\t', ''), tabMapping),
      /^line 2, column 5: the row has 3 columns, so it has no column 5/,
    );
    // Cut inside the multi-line quoted cell: the quote never closes.
    const cut = germanExport.slice(0, germanExport.indexOf('Kundennr.'));
    expectBankFileError(
      () => parseCsvStatement(cut, germanMapping),
      /^line 8: the file is not valid CSV: Quote Not Closed/,
    );
    expectBankFileError(
      () => parseCsvStatement(usExport.replace('CHECK 1234,', '"CHECK" 1234,'), usMapping),
      /^line 3: the file is not valid CSV: Invalid Closing Quote/,
    );
    // Cut inside a row: its amount column is missing.
    const cutRow = usExport.slice(0, usExport.indexOf(',,"2,000.00"'));
    expectBankFileError(
      () => parseCsvStatement(cutRow, usMapping),
      /^line 4, column 7: the row has 2 columns, so it has no Currency/,
    );
    expectBankFileError(
      () => parseCsvStatement('', usMapping),
      /^line 1: the file has no header row/,
    );
  });

  it('refuses an invalid mapping', () => {
    expectBankFileError(
      () => parseCsvStatement(usExport, { ...usMapping, dateFormat: 'D/M/Y' as 'YYYYMMDD' }),
      /^the CSV mapping is invalid: dateFormat:/,
    );
  });

  it('accepts a line exactly at the line length limit and refuses one character more', () => {
    const row = (length: number) => {
      const start = '2024-01-01,1.00,';
      return start + 'x'.repeat(length - start.length);
    };
    const mapping: CsvStatementMapping = {
      delimiter: ',',
      hasHeader: false,
      dateFormat: 'YYYY-MM-DD',
      decimalSeparator: '.',
      columns: { bookingDate: 0, amount: 1, remittance: [2] },
      currency: 'EUR',
    };
    const atLimit = parseCsvStatement(
      `${row(20)}\n${row(bankFileLimits.lineLengthMax)}\n`,
      mapping,
    );
    expect(atLimit.statements[0]!.lines[1]!.remittance.unstructured[0]).toHaveLength(
      bankFileLimits.lineLengthMax - 16,
    );
    expectBankFileError(
      () => parseCsvStatement(`${row(20)}\n${row(bankFileLimits.lineLengthMax + 1)}\n`, mapping),
      /^line 2: the line is 100001 characters long/,
    );
  });
});

describe('validateCsvMapping', () => {
  it('accepts the mappings above, and their JSON round trip', () => {
    for (const mapping of [germanMapping, usMapping, tabMapping]) {
      expect(validateCsvMapping(JSON.parse(JSON.stringify(mapping)))).toEqual({
        ok: true,
        value: mapping,
      });
    }
  });

  it('names every bad field', () => {
    const result = validateCsvMapping({
      delimiter: '|',
      hasHeader: 'yes',
      dateFormat: 'D/M/Y',
      decimalSeparator: ',',
      thousandsSeparator: ',',
      columns: { bookingDate: -1, amount: 'Amount', credit: 3, colour: 1, remittance: 'Text' },
      currency: 'EURO',
      account: { iban: 'not an iban' },
      skipLines: 1.5,
    });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((error) => error.field);
    expect(fields).toEqual([
      'delimiter',
      'hasHeader',
      'skipLines',
      'dateFormat',
      'thousandsSeparator',
      'columns.colour',
      'columns.bookingDate',
      'columns.amount',
      'columns.remittance',
      'columns.amount',
      'currency',
      'account.iban',
    ]);
    expect(validateCsvMapping(null)).toMatchObject({ ok: false, errors: [{ field: 'mapping' }] });
    expect(validateCsvMapping({ ...usMapping, columns: { bookingDate: 'Date' } })).toMatchObject({
      ok: false,
      errors: [{ field: 'columns.amount' }, { field: 'currency' }],
    });
    expect(
      validateCsvMapping({ ...tabMapping, directionValues: { credit: ['C'], debit: ['c'] } }),
    ).toMatchObject({ ok: false, errors: [{ field: 'directionValues' }] });
    expect(
      validateCsvMapping({ ...usMapping, columns: { ...usMapping.columns, debit: undefined } }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'columns.debit' }],
    });
  });
});
