import type { MailSettingsReport } from './mail-settings.service.js';
import type { MessageTemplateEntry } from './message-templates.service.js';
import type { OutboxMessageWithBodies } from './deliver-outbox.service.js';
import type { OutboxMessage } from './outbox.sql.js';

/** The outbox, templates and mail settings as the API and `settle outbox --format json` give them. */
export function outboxMessageView(message: OutboxMessage) {
  return {
    id: message.id,
    customer_id: message.customerId,
    run_id: message.runId,
    kind: message.kind,
    template_key: message.templateKey,
    to: [...message.toAddresses],
    reply_to: message.replyTo,
    subject: message.subject,
    attachments: message.attachments.map((item) => ({
      document_id: item.documentId,
      renders: item.renders && {
        source_type: item.renders.sourceType,
        source_id: item.renders.sourceId,
        format: item.renders.format,
      },
      file_name: item.fileName,
      content_type: item.contentType,
    })),
    invoice_ids: [...message.invoiceIds],
    status: message.status,
    status_reason: message.statusReason,
    attempts: message.attempts,
    next_attempt_at: message.status === 'pending' ? message.nextAttemptAt.toISOString() : null,
    sent_at: message.sentAt === null ? null : message.sentAt.toISOString(),
    smtp_message_id: message.smtpMessageId,
    last_error: message.lastError,
    created_at: message.createdAt.toISOString(),
  };
}

export function outboxMessageDetailView(message: OutboxMessageWithBodies) {
  return {
    ...outboxMessageView(message),
    body_text: message.bodyText,
    body_html: message.bodyHtml,
  };
}

export function messageTemplateView(entry: MessageTemplateEntry) {
  return {
    key: entry.key,
    subject: entry.subject,
    body_text: entry.bodyText,
    body_html: entry.bodyHtml,
    customized: entry.customized,
    built_in: entry.builtIn,
    updated_at: entry.updatedAt === null ? null : entry.updatedAt.toISOString(),
  };
}

export function mailSettingsView(settings: MailSettingsReport) {
  const details = settings.companyDetails;
  return {
    smtp_url: settings.smtpUrl,
    smtp_source: settings.smtpSource,
    mail_from: settings.mailFrom,
    company_details: {
      name: details.name,
      email: details.email,
      phone: details.phone,
      address: details.address,
      bank_details: details.bankDetails,
    },
    portal_url: settings.portalUrl,
  };
}
