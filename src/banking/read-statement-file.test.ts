import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import type { BankFile } from './formats/bank-statement.js';
import {
  damagesArbitrary,
  expectContractKept,
  mutateBytes,
} from './formats/parser-test-support.js';
import { decodeStatementBytes, readStatementFile } from './read-statement-file.js';

function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(`../../test/fixtures/bank/${path}`, import.meta.url));
}

/** An OFX 1.x file written for the test, its header's ENCODING and CHARSET as given. */
function ofx1(header: { encoding: string; charset: string }, payer: string, memo: string): string {
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    `ENCODING:${header.encoding}`,
    `CHARSET:${header.charset}`,
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '',
    '<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>',
    '<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>DE89370400440532013000<ACCTTYPE>CHECKING</BANKACCTFROM>',
    '<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240105<TRNAMT>1250.00<FITID>F1',
    `<NAME>${payer}<MEMO>${memo}</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
    '',
  ].join('\r\n');
}

function firstLine(file: ReturnType<typeof readStatementFile>) {
  return file.statements[0]!.lines[0]!;
}

function expectRefused(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bank_file_invalid');
    expect((error as AppError).field).toBe('file');
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected the file to be refused with ${pattern}`);
}

/** Text as windows-1252 bytes: Latin-1 for the characters below 0x100, 0x80 for "€". */
function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((character) => {
      if (character === '€') return 0x80;
      const code = character.codePointAt(0)!;
      if (code > 0xff) throw new Error(`"${character}" is not written in the test's windows-1252`);
      return code;
    }),
  );
}

describe('readStatementFile decodes a file as it declares', () => {
  it('reads an OFX 1.x file in windows-1252 by its CHARSET:1252 header', () => {
    const bytes = windows1252(
      ofx1({ encoding: 'USASCII', charset: '1252' }, 'Müller GmbH', 'Rechnung 7 über 1250 €'),
    );
    expect(bytes.includes(0xfc)).toBe(true);
    expect(bytes.includes(0x80)).toBe(true);
    // What reading every file as UTF-8 did: the payer's "ü" became U+FFFD.
    expect(firstLine(readStatementFile(bytes.toString('utf8'), {})).payerName).toBe(
      'M\ufffdller GmbH',
    );
    const line = firstLine(readStatementFile(bytes, {}));
    expect(line.payerName).toBe('Müller GmbH');
    expect(line.remittance.unstructured).toEqual(['Rechnung 7 über 1250 €']);
  });

  it('reads CHARSET:ISO-8859-1 as Latin-1, and ENCODING:UTF-8 or CHARSET:NONE as UTF-8', () => {
    const latin1 = windows1252(
      ofx1({ encoding: 'USASCII', charset: 'ISO-8859-1' }, 'Søren Ærø', 'Façade'),
    );
    expect(firstLine(readStatementFile(latin1, {})).payerName).toBe('Søren Ærø');
    for (const header of [
      { encoding: 'UTF-8', charset: 'CSUNICODE' },
      { encoding: 'UTF-8', charset: 'NONE' },
      { encoding: 'USASCII', charset: 'NONE' },
    ]) {
      const utf8 = Buffer.from(ofx1(header, 'Müller GmbH', 'Straße'), 'utf8');
      expect(firstLine(readStatementFile(utf8, {})), header.charset).toMatchObject({
        payerName: 'Müller GmbH',
        remittance: { unstructured: ['Straße'] },
      });
    }
  });

  it('still reads a UTF-8 OFX 2.x file with "ü" right, and every real file as before', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
      '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>',
      '<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF>',
      '<BANKACCTFROM><BANKID>1</BANKID><ACCTID>2</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>',
      '<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED>',
      '<TRNAMT>10.00</TRNAMT><FITID>F1</FITID><NAME>Müller über Zürich</NAME></STMTTRN>',
      '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    ].join('\n');
    const bytes = Buffer.from(xml, 'utf8');
    expect(firstLine(readStatementFile(bytes, {})).payerName).toBe('Müller über Zürich');
    expect(decodeStatementBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toBe(xml);
    for (const path of [
      'camt053/siauliu-bankas-lt_camt053.001.02.xml',
      'camt054/fffs-finland_camt054.001.02_sample.xml',
      'ofx/ofxparse_suncorp.ofx',
      'ofx/ofxparse_checking.ofx',
      'mt940/postfinance-ch.txt',
      'bai2/citi-gb_example.bai2',
    ]) {
      const raw = fixtureBytes(path);
      expect(decodeStatementBytes(raw), path).toBe(raw.toString('utf8'));
    }
  });

  it('reads a camt file whose XML declaration says ISO-8859-1 in that encoding', () => {
    const text = fixtureBytes('camt053/genkgo_camt053.001.08.xml')
      .toString('utf8')
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('<Nm>NAME NAME</Nm>', '<Nm>Müller & Söhne</Nm>'.replace('&', '&amp;'));
    expect(text).toContain('Müller');
    const bytes = windows1252(text);
    expect(firstLine(readStatementFile(bytes, {})).payerName).toBe('Müller & Söhne');
    const single = text.replace('encoding="ISO-8859-1"', "encoding='latin1'");
    expect(firstLine(readStatementFile(windows1252(single), {})).payerName).toBe('Müller & Söhne');
  });

  it('decodes all of windows-1252, where Node 20 reads 0x80-0x9F as ISO-8859-1', () => {
    const header = ofx1({ encoding: 'USASCII', charset: '1252' }, 'X', 'HIGH-HALF');
    const bytes = Buffer.concat([
      Buffer.from(header.slice(0, header.indexOf('HIGH-HALF')), 'latin1'),
      Buffer.from([0x80, 0x84, 0x93, 0x94, 0x96, 0x8a, 0x9f, 0xe9]),
      Buffer.from(header.slice(header.indexOf('HIGH-HALF') + 9), 'latin1'),
    ]);
    expect(firstLine(readStatementFile(bytes, {})).remittance.unstructured).toEqual(['€„“”–ŠŸé']);
  });

  it('refuses an encoding it does not read, naming where the file declares it', () => {
    const camt = fixtureBytes('camt053/genkgo_camt053.001.08.xml')
      .toString('utf8')
      .replace('encoding="UTF-8"', 'encoding="Shift_JIS"');
    expectRefused(
      () => readStatementFile(Buffer.from(camt, 'utf8'), {}),
      /^The file cannot be read: line 1, column 31, <\?xml>: the XML declaration says encoding="Shift_JIS"; Settle reads UTF-8/,
    );
    expectRefused(
      () =>
        readStatementFile(windows1252(ofx1({ encoding: 'USASCII', charset: '850' }, 'A', 'B')), {}),
      /^The file cannot be read: line 6, column 1: the OFX header says CHARSET:850; Settle reads 1252, ISO-8859-1 and NONE/,
    );
    expectRefused(
      () =>
        readStatementFile(windows1252(ofx1({ encoding: 'EBCDIC', charset: 'NONE' }, 'A', 'B')), {}),
      /^The file cannot be read: line 5, column 1: the OFX header says ENCODING:EBCDIC/,
    );
  });
});

describe('readStatementFile on damaged bytes', () => {
  const files: [string, Buffer][] = [
    [
      'an OFX 1.x file in windows-1252',
      windows1252(ofx1({ encoding: 'USASCII', charset: '1252' }, 'Müller', 'über')),
    ],
    ['an OFX 2.x file', fixtureBytes('ofx/ofxparse_suncorp.ofx')],
    ['a camt.053 file', fixtureBytes('camt053/siauliu-bankas-lt_camt053.001.02.xml')],
    ['a camt.054 file', fixtureBytes('camt054/postfinance-ch_camt054.001.04_qr-batch.xml')],
    ['an MT940 file', fixtureBytes('mt940/postfinance-ch.txt')],
    ['a BAI2 file', fixtureBytes('bai2/bai-spec-example_sample2.txt')],
  ];

  // The damage reaches the headers and declarations too: decoding, then recognising the format,
  // then parsing, each must end in a BankFile that keeps the contract or one AppError on `file`.
  it.each(files)(
    '%s: read keeping the contract, or refused as an AppError on the file',
    (_, bytes) => {
      let refused = 0;
      fc.assert(
        fc.property(damagesArbitrary, (draws) => {
          let file: BankFile;
          try {
            file = readStatementFile(mutateBytes(bytes, draws), {});
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            expect(['bank_file_invalid', 'bank_file_format_unknown']).toContain(error.code);
            expect(error.field).toBe('file');
            refused += 1;
            return;
          }
          expectContractKept(file);
        }),
        { seed: 14, numRuns: 200 },
      );
      expect(refused).toBeGreaterThan(0);
    },
  );
});
