import { AppError } from '../core/errors.js';
import { findCustomer } from '../customers/find-customer.service.js';
import { findSellerRow } from '../organizations/find-organization.service.js';
import type { Db } from '../platform/db/database.js';
import { buyerFromCustomer, buyerJson, sellerFromOrganization, sellerJson } from './parties.js';

/**
 * The seller and the buyer as they are now, as JSON to freeze onto a document being issued.
 */
export async function partiesNow(db: Db, orgId: string, customerId: string) {
  const customer = await findCustomer(db, orgId, customerId);
  if (!customer) throw AppError.notFound('customer');
  return {
    seller: sellerJson(sellerFromOrganization(await findSellerRow(db, orgId))),
    buyer: buyerJson(buyerFromCustomer(customer)),
  };
}
