import { onCreditNoteIssued, onInvoiceIssued } from '../invoicing/invoice-hooks.js';
import { queueRendering } from './rendering.sql.js';

/**
 * An invoice or credit note, once issued, is queued for its PDF in the issuing transaction; the
 * rendering job renders it afterwards (schedule-rendering.service.ts), never inside it.
 */
export function registerRenderingHooks(): void {
  onInvoiceIssued('rendering.queue_invoice_pdf', async (db, actor, issued) => {
    await queueRendering(db, actor.orgId, 'invoice', issued.invoiceId);
    return [];
  });
  onCreditNoteIssued('rendering.queue_credit_note_pdf', (db, actor, issued) =>
    queueRendering(db, actor.orgId, 'credit_note', issued.creditNoteId),
  );
}
