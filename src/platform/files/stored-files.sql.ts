import type { Db } from '../db/database.js';

/**
 * Files Settle keeps (the `documents` table): logos, rendered invoice PDFs, dunning letters,
 * dispute evidence. The area that makes a file writes it; any area may read one it holds the id
 * of, always within the organization.
 */
export type StoredFileKind =
  'logo' | 'invoice_pdf' | 'credit_note_pdf' | 'statement_pdf' | 'letter' | 'evidence';

export interface StoredFile {
  readonly id: string;
  readonly customerId: string | null;
  readonly kind: StoredFileKind;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  readonly createdBy: string | null;
}

export async function insertStoredFile(db: Db, orgId: string, file: StoredFile): Promise<void> {
  await db
    .insertInto('documents')
    .values({
      org_id: orgId,
      id: file.id,
      customer_id: file.customerId,
      kind: file.kind,
      file_name: file.fileName,
      content_type: file.contentType,
      content: file.content,
      created_by: file.createdBy,
    })
    .execute();
}

/** The file with this id in the organization; with `kind`, only a file of that kind. */
export async function findStoredFile(
  db: Db,
  orgId: string,
  id: string,
  kind?: StoredFileKind,
): Promise<{ fileName: string; contentType: string; content: Uint8Array } | undefined> {
  let query = db
    .selectFrom('documents')
    .select(['file_name', 'content_type', 'content'])
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (kind !== undefined) query = query.where('kind', '=', kind);
  const row = await query.executeTakeFirst();
  return row && { fileName: row.file_name, contentType: row.content_type, content: row.content };
}
