// What other areas' use cases do to the ledger, inside their own transaction (they pass it as
// `db` or `tx`, and these never open one): post journal entries, lock invoices before applying
// money to them, append applications and recompute the balances they change. The ledger's SQL
// stays private to the ledger; this is the surface it offers.
export {
  asOpenInvoice,
  copyApplications,
  insertApplications,
  insertJournalEntries,
  journalEntriesWrites,
  existingInvoiceIds,
  lockOpenInvoices,
  recomputeInvoiceBalances,
  type ApplicationRow,
  type LockedInvoice,
} from './ledger.sql.js';
