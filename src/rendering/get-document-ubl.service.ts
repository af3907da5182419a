import type { Actor } from '../core/actor.js';
import { findIssuedDocument } from '../invoicing/find-invoice.service.js';
import type { Database } from '../platform/db/database.js';
import type { RenderedKind } from './rendering.sql.js';
import { exportUbl, ublFileName } from './ubl/ubl-export.js';

/**
 * The UBL 2.1 e-invoice (Peppol BIS Billing 3.0) of an issued invoice or credit note, checked
 * against the UBL 2.1 schema before it is handed out. Codes: those of findIssuedDocument and of
 * the EN 16931 refusals (en16931-requirements.ts), ubl_schema_invalid.
 */
export async function getDocumentUbl(
  database: Database,
  actor: Actor,
  kind: RenderedKind,
  id: string,
): Promise<{ fileName: string; xml: string }> {
  const doc = await database.transaction(async ({ db }) =>
    findIssuedDocument(db, actor.orgId, kind, id),
  );
  return { fileName: ublFileName(doc), xml: await exportUbl(doc) };
}
