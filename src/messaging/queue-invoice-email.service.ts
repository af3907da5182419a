import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { findInvoice, findIssuedDocument } from '../invoicing/find-invoice.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import { pdfFileName } from '../rendering/get-document-pdf.service.js';
import { ublFileName } from '../rendering/ubl/ubl-export.js';
import { ublOf } from '../rendering/ubl/ubl-invoice.js';
import { messageContextFor, resolveMessageTemplate } from './message-templates.service.js';
import { renderMessage, storedContext } from './message-template.js';
import {
  customerWantsUbl,
  insertOutboxMessages,
  invoiceRecipients,
  type OutboxAttachment,
} from './outbox.sql.js';

export interface QueuedInvoiceEmail {
  /** The outbox message, or null when the customer has no one to send it to. */
  readonly messageId: string | null;
  readonly to: readonly string[];
  /** In a sentence each: where it goes and with what, or why it does not go. */
  readonly notices: readonly string[];
}

/**
 * Queues the e-mail that brings an issued invoice to the customer's billing contacts, inside the
 * caller's transaction: the PDF attached (rendered by delivery, never here), and the UBL
 * e-invoice when the customer wants it and EN 16931 can express the invoice (when it cannot, the
 * mail goes with the PDF only and the notice says why). It goes through the outbox like every
 * message: delivered, retried without ever sending twice, and on the customer's timeline with
 * the relay's Message-ID. Codes: invoice_not_found, invoice_is_draft, invoice_is_void.
 */
export async function queueInvoiceEmail(
  db: Db,
  actor: Actor,
  invoiceId: string,
): Promise<QueuedInvoiceEmail> {
  const doc = await findIssuedDocument(db, actor.orgId, 'invoice', invoiceId);
  const customerId = (await findInvoice(db, actor.orgId, invoiceId))!.customer_id;
  const recipients = await invoiceRecipients(db, actor.orgId, customerId);
  if (recipients.length === 0) {
    return {
      messageId: null,
      to: [],
      notices: [
        `Invoice ${doc.number} was not e-mailed: the customer has no contact with an e-mail address.`,
      ],
    };
  }
  const attachments: OutboxAttachment[] = [
    {
      documentId: null,
      renders: { sourceType: 'invoice', sourceId: doc.id, format: 'pdf' },
      fileName: pdfFileName(doc),
      contentType: 'application/pdf',
    },
  ];
  const notices: string[] = [];
  if (await customerWantsUbl(db, actor.orgId, customerId)) {
    try {
      ublOf(doc);
      attachments.push({
        documentId: null,
        renders: { sourceType: 'invoice', sourceId: doc.id, format: 'ubl' },
        fileName: ublFileName(doc),
        contentType: 'application/xml',
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notices.push(`The e-invoice (UBL) is not attached: ${error.message}`);
    }
  }
  const today = await organizationToday(db, actor.orgId);
  const context = (await messageContextFor(db, actor.orgId, customerId, today))!;
  const template = (await resolveMessageTemplate(db, actor.orgId, 'invoice'))!;
  const invoiceContext = {
    ...context,
    contact: { name: recipients[0]!.name },
    invoices: context.invoices.filter((invoice) => invoice.number === doc.number),
  };
  const rendered = renderMessage(template, invoiceContext);
  const id = newId();
  const to = recipients.map((recipient) => recipient.email);
  await insertOutboxMessages(db, [
    {
      id,
      orgId: actor.orgId,
      customerId,
      runId: null,
      kind: 'invoice',
      templateKey: template.key,
      toAddresses: to,
      replyTo: context.collector?.email || null,
      subject: rendered.subject,
      bodyText: rendered.text,
      bodyHtml: rendered.html,
      attachments,
      invoiceIds: [doc.id],
      renderContext: storedContext(invoiceContext),
    },
  ]);
  await recordAudit(db, actor, [
    {
      action: 'message.queued',
      entityType: 'outbox_message',
      entityId: id,
      after: {
        customer_id: customerId,
        template_key: template.key,
        invoice_ids: [doc.id],
        to,
        attachments: attachments.map((item) => item.fileName),
      },
    },
  ]);
  const with_ = attachments.length === 2 ? 'its PDF and its e-invoice' : 'its PDF';
  return {
    messageId: id,
    to,
    notices: [
      `Invoice ${doc.number} will be e-mailed to ${to.join(', ')} with ${with_}.`,
      ...notices,
    ],
  };
}

/**
 * Sends an issued invoice again, as a person asks for it (the customer lost it, or a new contact
 * was added). An Idempotency-Key makes a retried click send it once. Codes: those of
 * queueInvoiceEmail, invoice_has_no_recipient, idempotency_key_reused.
 */
export async function resendInvoice(
  database: Database,
  actor: Actor,
  invoiceId: string,
  options: { idempotencyKey?: string | undefined } = {},
): Promise<QueuedInvoiceEmail> {
  return database.transaction((tx) =>
    idempotent(tx, actor, options.idempotencyKey, 'invoice.send', { invoiceId }, async () => {
      const queued = await queueInvoiceEmail(tx.db, actor, invoiceId);
      if (queued.messageId === null) {
        throw new AppError('conflict', 'invoice_has_no_recipient', queued.notices[0]!);
      }
      return queued;
    }),
  );
}
