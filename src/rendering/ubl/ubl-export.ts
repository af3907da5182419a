import type { IssuedDocument } from '../../invoicing/issued-document.js';
import { checkUblXsd } from './check-ubl-xsd.js';
import { ublOf } from './ubl-invoice.js';

/**
 * The e-invoice as it may leave Settle: written by `ublOf` (which refuses what EN 16931 cannot
 * express) and then checked against the UBL 2.1 schema, so that a document the receiver's access
 * point would reject is never sent. Both failures are `AppError('invalid', …)`.
 */
export async function exportUbl(doc: IssuedDocument): Promise<string> {
  const xml = ublOf(doc);
  await checkUblXsd(xml);
  return xml;
}

/** The file name the e-invoice is attached or downloaded under ("INV-2026-0042.xml"). */
export function ublFileName(doc: IssuedDocument): string {
  const safe = doc.number.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${safe === '' ? doc.id : safe}.xml`;
}
