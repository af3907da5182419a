import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { buyerFromCustomer, sellerFromOrganization } from '../invoicing/parties.js';
import { findSellerRow } from '../organizations/find-organization.service.js';
import type { Database } from '../platform/db/database.js';
import { findStoredFile } from '../platform/files/stored-files.sql.js';
import { getStatement, type StatementRequest } from './get-statement.service.js';
import { statementPdf } from './statement-pdf.js';

export interface StatementPdf {
  readonly fileName: string;
  readonly content: Uint8Array;
}

/**
 * A customer's statement of account as a PDF, on the organization's letterhead as it stands now
 * (the seller's master data and logo, the customer's billing address), the same an invoice issued
 * today would carry. Not stored: a statement is read again whenever it is asked for. Codes: those
 * of getStatement.
 */
export async function getStatementPdf(
  database: Database,
  actor: Actor,
  request: StatementRequest,
): Promise<StatementPdf> {
  const statement = await getStatement(database, actor, request);
  const letterhead = await database.transaction(async ({ db }) => {
    const customer = await findCustomer(db, actor.orgId, statement.customer.id);
    if (!customer) throw AppError.notFound('customer');
    const seller = sellerFromOrganization(await findSellerRow(db, actor.orgId));
    const logo = seller.logoDocumentId
      ? await findStoredFile(db, actor.orgId, seller.logoDocumentId)
      : undefined;
    return { seller, buyer: buyerFromCustomer(customer), logo: logo?.content ?? null };
  });
  const ref = statement.customer.ref.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    fileName: `statement-${ref}-${statement.to}.pdf`,
    content: await statementPdf(statement, letterhead),
  };
}
