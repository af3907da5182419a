import { createHash } from 'node:crypto';
import type { Actor } from '../core/actor.js';
import { newId } from '../core/ids.js';
import { findIssuedDocument } from '../invoicing/find-invoice.service.js';
import type { IssuedDocument } from '../invoicing/issued-document.js';
import type { Database } from '../platform/db/database.js';
import { findStoredFile, insertStoredFile } from '../platform/files/stored-files.sql.js';
import { renderIssuedDocumentPdf } from './pdf/invoice-pdf.js';
import { findRendering, insertRendering, type RenderedKind } from './rendering.sql.js';

export interface DocumentPdf {
  readonly fileName: string;
  readonly content: Uint8Array;
  readonly sha256: string;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function pdfFileName(doc: Pick<IssuedDocument, 'number' | 'id'>): string {
  const safe = doc.number.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${safe === '' ? doc.id : safe}.pdf`;
}

/** Renders the document as it stands, with the logo it was issued with. */
export async function renderDocument(database: Database, orgId: string, doc: IssuedDocument) {
  const logo = doc.seller.logoDocumentId
    ? await findStoredFile(database.db, orgId, doc.seller.logoDocumentId)
    : undefined;
  return renderIssuedDocumentPdf(doc, { logo: logo?.content ?? null });
}

/**
 * The PDF of an issued invoice or credit note: rendered once and kept, with the SHA-256 of its
 * bytes, and served from the store after that. Rendering runs outside any transaction (it takes
 * tens of milliseconds, and a transaction that issues an invoice must not wait for it); when two
 * callers render the same document at once, the first one stored is the one both get. Codes:
 * those of findIssuedDocument.
 */
export async function getDocumentPdf(
  database: Database,
  actor: Actor,
  kind: RenderedKind,
  id: string,
): Promise<DocumentPdf> {
  // Reading the document may freeze its parties (an imported invoice), so it is a transaction.
  const { doc, stored } = await database.transaction(async ({ db }) => ({
    doc: await findIssuedDocument(db, actor.orgId, kind, id),
    stored: await findRendering(db, actor.orgId, kind, id),
  }));
  if (stored) return { fileName: stored.file_name, content: stored.content, sha256: stored.sha256 };
  const content = await renderDocument(database, actor.orgId, doc);
  const sha256 = sha256Of(content);
  const fileName = pdfFileName(doc);
  return database
    .transaction(async ({ db }) => {
      const documentId = newId();
      await insertStoredFile(db, actor.orgId, {
        id: documentId,
        customerId: null,
        kind: kind === 'invoice' ? 'invoice_pdf' : 'credit_note_pdf',
        fileName,
        contentType: 'application/pdf',
        content,
        createdBy: actor.id,
      });
      if (await insertRendering(db, actor.orgId, { kind, id, documentId, sha256 })) {
        return { fileName, content, sha256 };
      }
      // Another caller stored it meanwhile: theirs is the document; this copy is not kept.
      throw new RenderedMeanwhile();
    })
    .catch(async (error: unknown) => {
      if (!(error instanceof RenderedMeanwhile)) throw error;
      const first = (await findRendering(database.db, actor.orgId, kind, id))!;
      return { fileName: first.file_name, content: first.content, sha256: first.sha256 };
    });
}

class RenderedMeanwhile extends Error {}
