// Document numbers for bulk loads: after invoices or credit notes arrive with their own numbers
// (an import, the demo), the sequence moves past the highest so the next one issued is new.
export { advanceSequencePast } from './invoice.sql.js';
