// How other areas read invoices and credit notes (a dispute's invoice, a non-payment reason's, the
// credit note a refund comes from), joining the caller's transaction or connection.
export { findInvoice, type InvoiceRow } from './invoice.sql.js';
export { findCreditNote, unappliedOfCreditNote, type CreditNoteRow } from './credit-note.sql.js';
export { invoicesByNumberPrefix } from './invoice.sql.js';
export { findInvoiceByNumber } from './invoice.sql.js';
export { creditNoteIdByNumber } from './credit-note.sql.js';
export { findIssuedDocument } from './get-issued-document.service.js';
