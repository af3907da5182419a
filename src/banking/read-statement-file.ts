import { AppError } from '../core/errors.js';
import { parseBai2 } from './formats/bai2.js';
import {
  BankFileError,
  splitLines,
  type BankFile,
  type StatementFormat,
} from './formats/bank-statement.js';
import { parseCamt } from './formats/camt.js';
import { parseCsvStatement, type CsvStatementMapping } from './formats/csv-statement.js';
import { detectStatementFormat } from './formats/detect-format.js';
import { parseMt940 } from './formats/mt940.js';
import { parseOfx } from './formats/ofx.js';

/**
 * Reads a statement file in whichever format it is in: the one the caller names, else the one
 * its first bytes show. A CSV export has no signature and needs the bank account's column
 * mapping. Whatever is wrong with the file comes back as one AppError on the field `file`,
 * naming the line and column (or element) where the parser stopped. Give it the file's bytes:
 * only they can be decoded in the character set the file declares (decodeStatementBytes).
 */
export function readStatementFile(
  file: string | Uint8Array,
  options: { format?: StatementFormat | undefined; csvMapping?: CsvStatementMapping | null },
): BankFile {
  const text = typeof file === 'string' ? file : decodeStatementBytes(file);
  const format = options.format ?? detectStatementFormat(text);
  if (format === null) {
    throw new AppError(
      'invalid',
      'bank_file_format_unknown',
      'The file is not a camt.053, camt.054, MT940, BAI2 or OFX statement; for a CSV export, choose the format "csv" and the bank account whose column mapping reads it.',
      'file',
    );
  }
  try {
    switch (format) {
      case 'camt.053':
      case 'camt.054':
        return parseCamt(text);
      case 'mt940':
        return parseMt940(text);
      case 'bai2':
        return parseBai2(text);
      case 'ofx':
        return parseOfx(text);
      case 'csv':
        if (!options.csvMapping) {
          throw new AppError(
            'invalid',
            'bank_csv_mapping_missing',
            'A CSV statement needs a column mapping: give one, or a bank account that has one saved.',
            'csv_mapping',
          );
        }
        return parseCsvStatement(text, options.csvMapping);
    }
  } catch (error) {
    if (error instanceof BankFileError) {
      throw new AppError(
        'invalid',
        'bank_file_invalid',
        `The ${format} file cannot be read: ${error.message}`,
        'file',
      );
    }
    throw error;
  }
}

/**
 * A statement file's bytes as text, in the character set the file declares: an OFX 1.x header's
 * ENCODING and CHARSET (windows-1252 is common: read as UTF-8, "Müller" would come out with
 * U+FFFD in place of the "ü"), an XML declaration's `encoding` (camt, OFX 2.x), a UTF-16 byte
 * order mark; else UTF-8, which MT940, BAI2 and CSV exports neither declare nor need to.
 */
export function decodeStatementBytes(bytes: Uint8Array): string {
  try {
    return decodeAsFileSays(bytes);
  } catch (error) {
    if (error instanceof BankFileError) {
      throw new AppError(
        'invalid',
        'bank_file_invalid',
        `The file cannot be read: ${error.message}`,
        'file',
      );
    }
    throw error;
  }
}

/**
 * Labels as TextDecoder (the WHATWG Encoding Standard) reads them. It reads ISO-8859-1 as
 * windows-1252, which differs only in 0x80-0x9F: control characters no statement holds in
 * ISO-8859-1, and "€", "Š", "‰" in files that say ISO-8859-1 and were written on Windows.
 */
const xmlEncodings: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
};

/** OFX 1.x CHARSET values (with ENCODING:USASCII): the code page, or ISO-8859-1. */
const ofxCharsets: Readonly<Record<string, string>> = {
  '1252': 'windows-1252',
  'WINDOWS-1252': 'windows-1252',
  'ISO-8859-1': 'windows-1252',
  '8859-1': 'windows-1252',
  LATIN1: 'windows-1252',
};

function decodeAsFileSays(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes, 'utf-16be');
  // What a declaration can say is ASCII in every encoding read here, so a byte-wise look at the
  // head finds it before anything is decoded.
  const head = Buffer.from(bytes.subarray(0, 4_096))
    .toString('latin1')
    .replace(/^\xef\xbb\xbf/, '');
  const start = head.replace(/^\s+/, '');
  if (/^OFXHEADER\s*:/i.test(start)) return decode(bytes, ofxEncoding(head));
  const declaration = /^<\?xml\s[^?]*?encoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(start);
  if (declaration) {
    const raw = declaration[1] ?? declaration[2] ?? '';
    const declared = raw.trim();
    const label = xmlEncodings[declared.toLowerCase()];
    if (label === undefined) {
      // Where the value begins: past the closing quote and the value, back from the match's end.
      const at = head.length - start.length + declaration[0].length - raw.length - 1;
      throw new BankFileError(
        `the XML declaration says encoding="${declared}"; Settle reads UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and windows-1252.`,
        { ...positionOf(head, at), element: '?xml' },
      );
    }
    return decode(bytes, label);
  }
  return decode(bytes, 'utf-8');
}

function ofxEncoding(head: string): string {
  const header: Record<string, { value: string; at: number }> = {};
  const bodyStart = head.indexOf('<');
  const pair = /([A-Za-z]+)[ \t]*:[ \t]*(\S*)/g;
  const headerText = bodyStart < 0 ? head : head.slice(0, bodyStart);
  for (let match = pair.exec(headerText); match; match = pair.exec(headerText)) {
    header[match[1]!.toUpperCase()] = { value: match[2]!.toUpperCase(), at: match.index };
  }
  const encoding = header.ENCODING;
  if (encoding === undefined || encoding.value === 'UTF-8' || encoding.value === 'UNICODE') {
    return 'utf-8';
  }
  if (encoding.value !== 'USASCII') {
    throw new BankFileError(
      `the OFX header says ENCODING:${encoding.value}; Settle reads USASCII (with CHARSET 1252, ISO-8859-1 or NONE) and UTF-8.`,
      positionOf(head, encoding.at),
    );
  }
  const charset = header.CHARSET;
  // USASCII with no code page: the text should be ASCII, and UTF-8 reads ASCII unchanged.
  if (charset === undefined || charset.value === 'NONE' || charset.value === '') return 'utf-8';
  const label = ofxCharsets[charset.value];
  if (label === undefined) {
    throw new BankFileError(
      `the OFX header says CHARSET:${charset.value}; Settle reads 1252, ISO-8859-1 and NONE.`,
      positionOf(head, charset.at),
    );
  }
  return label;
}

function decode(bytes: Uint8Array, label: string): string {
  if (label === 'windows-1252') return decodeWindows1252(bytes);
  // Not fatal: a stray byte becomes U+FFFD where it is, and the parser names the line if it matters.
  return new TextDecoder(label).decode(bytes);
}

/**
 * windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes it as ISO-8859-1 (tested),
 * so "€" (0x80), "–" (0x96) and the typographic quotes came out as control characters.
 */
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (character) => windows1252High[character.charCodeAt(0) - 0x80]!);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = splitLines(text.slice(0, offset));
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
