import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { exampleIssuedDocument } from '../../../test/support/issued-document-arbitrary.js';
import { checkUblXsd } from './check-ubl-xsd.js';
import { ublOf } from './ubl-invoice.js';

const fixtures = new URL('../../../test/fixtures/ubl/', import.meta.url);
const fixtureNames = readdirSync(fixtures).filter((name) => /\.xml$/i.test(name));

async function schemaError(xml: string): Promise<AppError> {
  try {
    await checkUblXsd(xml);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('checkUblXsd accepted the document');
}

describe('checkUblXsd', () => {
  it('accepts all 8 UBL examples, invoices and credit notes', async () => {
    expect(fixtureNames).toHaveLength(8);
    for (const name of fixtureNames) {
      await expect(checkUblXsd(readFileSync(new URL(name, fixtures), 'utf8')), name).resolves.toBe(
        undefined,
      );
    }
  });

  it('names the misplaced element and its line', async () => {
    const xml = ublOf(exampleIssuedDocument);
    // DueDate after InvoiceTypeCode: the XSD's sequence puts it before.
    const broken = xml
      .replace(/\s*<cbc:DueDate>[^<]*<\/cbc:DueDate>/, '')
      .replace(
        /(<cbc:InvoiceTypeCode>380<\/cbc:InvoiceTypeCode>)/,
        '$1\n  <cbc:DueDate>2026-04-30</cbc:DueDate>',
      );
    const error = await schemaError(broken);
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('ubl_schema_invalid');
    const line = broken.split('\n').findIndex((text) => text.includes('<cbc:DueDate>')) + 1;
    expect(error.message).toContain(`line ${line}:`);
    expect(error.message).toContain('DueDate');
    expect((error.details as { problems: string[] }).problems).toHaveLength(1);
  });

  it('refuses an amount without its currency', async () => {
    const xml = ublOf(exampleIssuedDocument);
    const broken = xml.replace(/<cbc:PayableAmount currencyID="EUR">/, '<cbc:PayableAmount>');
    expect(broken).not.toBe(xml);
    const error = await schemaError(broken);
    expect(error.message).toContain('PayableAmount');
    expect(error.message).toContain('currencyID');
  });

  it('refuses an element UBL does not know', async () => {
    const xml = ublOf(exampleIssuedDocument);
    const error = await schemaError(
      xml.replace('<cbc:Note>', '<cbc:Remark>x</cbc:Remark><cbc:Note>'),
    );
    expect(error.message).toContain('Remark');
  });

  it('refuses XML that is not well-formed, and XML that is not UBL', async () => {
    expect((await schemaError('<Invoice><cbc:ID>')).code).toBe('ubl_schema_invalid');
    const foreign = await schemaError('<?xml version="1.0"?><Invoice xmlns="urn:example"/>');
    expect(foreign.message).toContain('{urn:example}Invoice');
  });

  it('checks document after document with the schema it compiled once', async () => {
    // Speed is bench:invoices-out's to measure; this holds the cached validator to its word.
    const xml = ublOf(exampleIssuedDocument);
    for (let i = 0; i < 20; i++) await checkUblXsd(xml);
    const broken = xml.replace('<cbc:Note>', '<cbc:Remark>x</cbc:Remark><cbc:Note>');
    expect((await schemaError(broken)).message).toContain('Remark');
    await checkUblXsd(xml);
  });
});
