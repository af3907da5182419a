import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { exampleIssuedDocument } from '../../../test/support/issued-document-arbitrary.js';
import { exportUbl, ublFileName } from './ubl-export.js';
import { ublOf } from './ubl-invoice.js';

describe('exportUbl', () => {
  it('gives the checked UBL of a document', async () => {
    expect(await exportUbl(exampleIssuedDocument)).toBe(ublOf(exampleIssuedDocument));
  });

  it('passes on the refusal of a document EN 16931 cannot express', async () => {
    await expect(exportUbl({ ...exampleIssuedDocument, currency: 'BHD' })).rejects.toThrow(
      AppError,
    );
  });
});

describe('ublFileName', () => {
  it('is the document number, with characters unsafe in a file name replaced', () => {
    expect(ublFileName(exampleIssuedDocument)).toBe('INV-2026-0042.xml');
    expect(ublFileName({ ...exampleIssuedDocument, number: '2026/07 #3' })).toBe('2026_07_3.xml');
    expect(ublFileName({ ...exampleIssuedDocument, number: '../..' })).toBe(
      `${exampleIssuedDocument.id}.xml`,
    );
  });
});
