import { onInvoiceIssued } from '../invoicing/invoice-hooks.js';
import { queueInvoiceEmail } from './queue-invoice-email.service.js';

/** An invoice issued with `send` (the default) is e-mailed to the customer with its PDF. */
export function registerMessagingHooks(): void {
  onInvoiceIssued('messaging.send_invoice', async (db, actor, issued) =>
    issued.send ? (await queueInvoiceEmail(db, actor, issued.invoiceId)).notices : [],
  );
}
