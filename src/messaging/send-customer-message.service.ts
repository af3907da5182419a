import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { idempotent } from '../platform/idempotency/idempotency.sql.js';
import {
  checkKey,
  messageContextFor,
  resolveMessageTemplate,
} from './message-templates.service.js';
import { renderMessage, storedContext } from './message-template.js';
import { insertOutboxMessages, reminderRecipients } from './outbox.sql.js';

export interface CustomerMessageRequest {
  readonly templateKey: string;
}

/**
 * Queues a one-off e-mail to a customer's reminder contacts, written from a template for its open
 * invoices today, as a collector sends it between two runs. It goes through the outbox like every
 * message (so it is delivered, retried and shown on the customer's timeline the same way) and is
 * kept with what it was rendered from, so that it goes out with the mail settings of the moment it
 * is sent. An Idempotency-Key makes a retried click send it once. Returns the message's id. Codes:
 * template_key_invalid, message_template_not_found, customer_not_found, idempotency_key_reused.
 */
export async function sendCustomerMessage(
  database: Database,
  actor: Actor,
  customerId: string,
  request: CustomerMessageRequest,
  options: { idempotencyKey?: string | undefined } = {},
): Promise<string> {
  const key = checkKey(request.templateKey, 'template_key');
  return database.transaction((tx) =>
    idempotent(
      tx,
      actor,
      options.idempotencyKey,
      'customer_message.send',
      { customerId, templateKey: key },
      async () => {
        const { db } = tx;
        const template = await resolveMessageTemplate(db, actor.orgId, key);
        if (!template) throw AppError.notFound('message_template', 'template_key');
        const today = await organizationToday(db, actor.orgId);
        const context = isId(customerId)
          ? await messageContextFor(db, actor.orgId, customerId, today)
          : undefined;
        if (!context) throw AppError.notFound('customer', 'id');
        const recipients = await reminderRecipients(db, actor.orgId, customerId);
        const rendered = renderMessage(template, context);
        const id = newId();
        await insertOutboxMessages(db, [
          {
            id,
            orgId: actor.orgId,
            customerId,
            runId: null,
            kind: 'one_off',
            templateKey: template.key,
            toAddresses: recipients.map((recipient) => recipient.email),
            replyTo: context.collector?.email || null,
            subject: rendered.subject,
            bodyText: rendered.text,
            bodyHtml: rendered.html,
            attachments: [],
            invoiceIds: [],
            renderContext: storedContext(context),
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
              to: recipients.map((recipient) => recipient.email),
              subject: rendered.subject,
            },
          },
        ]);
        return id;
      },
    ),
  );
}
