// How other areas read the applications of a document (an invoice's payments and credits, what a
// payment or credit note was applied to) and which invoices of a customer are open. Each joins the caller's transaction or connection.
export {
  applicationsOfInvoice,
  applicationsOfSource,
  hasApplications,
  netApplicationsOfSource,
  openInvoiceIdsOfCustomer,
} from './ledger.sql.js';
