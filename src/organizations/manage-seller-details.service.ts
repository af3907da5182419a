import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { findStoredFile, insertStoredFile } from '../platform/files/stored-files.sql.js';
import { sellerRow, setLogoDocument, updateSellerRow } from './organization.sql.js';
import {
  changedSellerMasterData,
  sellerMasterDataOf,
  type SellerMasterData,
  type SellerMasterDataChanges,
} from './seller-details.js';

/** The organization's master data as a seller, with whether it has a logo. */
export async function getSellerDetails(database: Database, actor: Actor) {
  const row = await sellerRow(database.db, actor.orgId);
  return { ...sellerMasterDataOf(row), hasLogo: row.logo_document_id !== null };
}

/**
 * Changes what the organization's invoices say about it. Documents already issued keep what they
 * said (their parties are frozen at issue). Codes: the checks of seller-details.ts.
 */
export async function updateSellerDetails(
  database: Database,
  actor: Actor,
  changes: SellerMasterDataChanges,
) {
  return database.transaction(async ({ db }) => {
    const row = await sellerRow(db, actor.orgId, { forUpdate: true });
    const before = sellerMasterDataOf(row);
    const after = changedSellerMasterData(before, changes);
    await updateSellerRow(db, actor.orgId, after);
    await recordAudit(db, actor, [
      {
        action: 'organization.seller_details_updated',
        entityType: 'organization',
        entityId: actor.orgId,
        before,
        after,
      },
    ]);
    return { ...after, hasLogo: row.logo_document_id !== null };
  });
}

/**
 * Fills in, inside the caller's transaction, the seller details that `missing` finds lacking
 * (the demo company's, for a demo), leaving whatever the organization already set.
 */
export async function fillMissingSellerDetails(
  db: Db,
  actor: Actor,
  missing: (current: SellerMasterData, organizationName: string) => SellerMasterDataChanges,
): Promise<void> {
  const row = await sellerRow(db, actor.orgId, { forUpdate: true });
  const before = sellerMasterDataOf(row);
  const changes = missing(before, row.name);
  if (Object.keys(changes).length === 0) return;
  const after = changedSellerMasterData(before, changes);
  await updateSellerRow(db, actor.orgId, after);
  await recordAudit(db, actor, [
    {
      action: 'organization.seller_details_updated',
      entityType: 'organization',
      entityId: actor.orgId,
      before,
      after,
    },
  ]);
}

export const logoBytesMax = 1024 * 1024;

/** PNG or JPEG, told by their first bytes rather than by what the upload claims. */
function imageTypeOf(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((byte, index) => bytes[index] === byte)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * Sets the logo printed at the top of invoices and letters; null removes it. A document already
 * issued keeps the logo it was rendered with. Codes: logo_too_large, logo_not_an_image.
 */
export async function setLogo(database: Database, actor: Actor, bytes: Uint8Array | null) {
  let contentType: 'image/png' | 'image/jpeg' | null = null;
  if (bytes !== null) {
    if (bytes.length > logoBytesMax) {
      throw new AppError(
        'invalid',
        'logo_too_large',
        `The logo is ${bytes.length} bytes; at most ${logoBytesMax} (1 MB).`,
        'logo',
      );
    }
    contentType = imageTypeOf(bytes);
    if (contentType === null) {
      throw new AppError(
        'invalid',
        'logo_not_an_image',
        'The logo is a PNG or JPEG image.',
        'logo',
      );
    }
  }
  return database.transaction(async ({ db }) => {
    const row = await sellerRow(db, actor.orgId, { forUpdate: true });
    let documentId: string | null = null;
    if (bytes !== null && contentType !== null) {
      documentId = newId();
      await insertStoredFile(db, actor.orgId, {
        id: documentId,
        customerId: null,
        kind: 'logo',
        fileName: contentType === 'image/png' ? 'logo.png' : 'logo.jpg',
        contentType,
        content: bytes,
        createdBy: actor.id,
      });
    }
    await setLogoDocument(db, actor.orgId, documentId);
    await recordAudit(db, actor, [
      {
        action: documentId ? 'organization.logo_set' : 'organization.logo_removed',
        entityType: 'organization',
        entityId: actor.orgId,
        before: { logo_document_id: row.logo_document_id },
        after: { logo_document_id: documentId },
      },
    ]);
    return { hasLogo: documentId !== null };
  });
}

/** The current logo's bytes, or undefined. */
export async function getLogo(database: Database, actor: Actor) {
  const row = await sellerRow(database.db, actor.orgId);
  if (row.logo_document_id === null) return undefined;
  return findStoredFile(database.db, actor.orgId, row.logo_document_id);
}
