import { onApplicationsPosted } from '../ledger/application-hooks.js';
import { openCommitmentsExist } from './commitments.sql.js';
import { reviewCommitmentsFulfilled } from './review-commitments.service.js';

/**
 * A promise is kept (or a plan completed) the moment money applied to the customer's invoices
 * covers it, dated as the money is, since that is the day the commitment was met. Most payers
 * have no open commitment: the test rides in the statement that writes the applications.
 */
export function registerCommitmentHooks(): void {
  onApplicationsPosted('commitments.fulfilled', {
    pending: openCommitmentsExist,
    run: async (db, actor, posted) => {
      await reviewCommitmentsFulfilled(db, actor, posted.appliedOn, posted.customerIds);
    },
  });
}
