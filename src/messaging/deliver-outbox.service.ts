import { getDocumentPdf } from '../rendering/get-document-pdf.service.js';
import { getDocumentUbl } from '../rendering/get-document-ubl.service.js';
import type { Actor } from '../core/actor.js';
import { assert } from '../core/assert.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  defaultSender,
  errorText,
  isPermanentFailure,
  openMailer,
  parseSmtpUrl,
  senderDomain,
  type Mailer,
} from '../platform/mail/smtp.js';
import {
  documentContents,
  findOutboxMessage,
  findTemplateRow,
  holdMessages,
  listOutboxRows,
  lockDueMessages,
  mailSettingsOf,
  markSending,
  markStaleSendingUncertain,
  recordFailed,
  recordRetry,
  recordSent,
  releaseHeldForSettings,
  reminderRecipients,
  requeueMessage,
  updateRenderedMessage,
  type MailSettings,
  type OutboxMessage,
} from './outbox.sql.js';
import { outboxStatuses, type OutboxStatus } from './outbox.js';
import { now as clockNow } from '../core/clock.js';
import {
  builtInTemplates,
  contextFromStored,
  renderMessage,
  type MessageContext,
  type RenderedMessage,
} from './message-template.js';

/**
 * Delivers the outbox: messages written in the same transaction as the step that caused them are
 * sent here, afterwards, with retries, and never twice.
 *
 * - A pass claims due messages in a short transaction (`FOR UPDATE SKIP LOCKED`, so two senders
 *   never take the same one) and marks them 'sending' with the attempt number; it commits before
 *   anything is sent, and sends outside any transaction.
 * - The outcome is recorded against that attempt: sent; pending again after a backoff (1 min,
 *   5 min, 30 min, 2 h, 12 h) when the server refused for now (4xx) or could not be reached;
 *   failed after limits.mailAttemptsMax attempts, or at once when the server refused for good (5xx).
 * - A message still 'sending' 10 minutes after its claim belongs to a sender that stopped, perhaps
 *   after the server accepted it: it becomes 'uncertain' and is never sent again by itself. A
 *   person re-queues it with POST /outbox/{id}/retry, accepting the risk of a second copy.
 * - Without SMTP settings (the organization's smtp_url, else SMTP_URL) a message is 'held':
 *   kept and shown, not sent. Every pass first puts held messages back in line for organizations
 *   that have settings by then, so setting an SMTP URL (or starting with SMTP_URL) is enough.
 */
export interface DeliveryOptions {
  readonly orgId?: string;
  readonly now?: () => Date;
  readonly limit?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  failed: number;
  held: number;
}

const minute = 60_000;
/** The wait after each failed attempt: after the first, one minute; after the fifth, twelve hours. */
export const retryBackoffMs: readonly number[] = [
  1 * minute,
  5 * minute,
  30 * minute,
  120 * minute,
  720 * minute,
];
export const sendingStaleAfterMs = 10 * minute;
/** Messages sent side by side within a pass. */
const sendersPerPass = 4;

/** When to try again after attempt `attempt` failed, or null when it was the last one allowed. */
export function nextAttemptAt(attempt: number, now: Date): Date | null {
  if (attempt >= limits.mailAttemptsMax) return null;
  const wait = retryBackoffMs[Math.min(attempt, retryBackoffMs.length) - 1]!;
  return new Date(now.getTime() + wait);
}

/** SMTP_URL, checked: a wrong one is an operator's mistake worth stopping for. */
function environmentSmtpUrl(env: NodeJS.ProcessEnv): string | null {
  const value = env.SMTP_URL?.trim();
  if (!value) return null;
  return unwrap(parseSmtpUrl(value, 'SMTP_URL'));
}

function batchSize(limit: number | undefined): number {
  const value = limit ?? limits.mailBatchMax;
  if (!Number.isInteger(value) || value < 1 || value > limits.mailBatchMax) {
    throw new AppError(
      'invalid',
      'limit_invalid',
      `A delivery pass sends 1 to ${limits.mailBatchMax} messages.`,
      'limit',
    );
  }
  return value;
}

interface Claim {
  readonly claimed: OutboxMessage[];
  readonly held: number;
  readonly settings: Map<string, MailSettings>;
}

async function claimDueMessages(
  database: Database,
  now: () => Date,
  limit: number,
  orgId: string | undefined,
  envUrl: string | null,
): Promise<Claim> {
  return database.transaction(async ({ db }) => {
    await markStaleSendingUncertain(db, new Date(now().getTime() - sendingStaleAfterMs), orgId);
    await releaseHeldForSettings(db, orgId, envUrl !== null);
    const due = await lockDueMessages(db, now(), limit, orgId);
    const settings = await mailSettingsOf(
      db,
      due.map((key) => key.orgId),
    );
    const unsendable = due.filter((key) => (settings.get(key.orgId)?.smtpUrl ?? envUrl) === null);
    await holdMessages(db, unsendable, 'no_smtp_settings');
    const claimed = await markSending(
      db,
      due.filter((key) => !unsendable.includes(key)),
      now(),
    );
    return { claimed, held: unsendable.length, settings };
  });
}

type Outcome = 'sent' | 'retried' | 'failed';

interface Sender {
  readonly database: Database;
  readonly now: () => Date;
  readonly envUrl: string | null;
  readonly settings: Map<string, MailSettings>;
  readonly mailers: Map<string, Mailer>;
}

function mailerFor(sender: Sender, url: string): Mailer {
  let mailer = sender.mailers.get(url);
  if (!mailer) {
    mailer = openMailer(url);
    sender.mailers.set(url, mailer);
  }
  return mailer;
}

async function recordFailure(
  sender: Sender,
  message: OutboxMessage,
  error: unknown,
): Promise<Outcome> {
  const db = sender.database.db;
  const retryAt = isPermanentFailure(error) ? null : nextAttemptAt(message.attempts, sender.now());
  if (retryAt === null) {
    await recordFailed(
      db,
      message,
      message.attempts,
      isPermanentFailure(error) ? 'rejected' : 'attempts_exhausted',
      errorText(error),
    );
    return 'failed';
  }
  await recordRetry(db, message, message.attempts, retryAt, errorText(error));
  return 'retried';
}

/**
 * The message rendered now from its stored context, with the template and the mail settings of
 * this moment; null for a message without a stored context (a one-off, or older), which goes as
 * it was written.
 */
async function renderedNow(
  db: Db,
  message: OutboxMessage,
  settings: MailSettings,
): Promise<RenderedMessage | null> {
  if (message.renderContext === null || message.templateKey === null) return null;
  const template =
    (await findTemplateRow(db, message.orgId, message.templateKey)) ??
    builtInTemplates[message.templateKey];
  if (template === undefined) return null;
  const details = settings.companyDetails;
  const context: MessageContext = {
    ...contextFromStored(message.renderContext),
    company: {
      name: details.name ?? settings.organizationName,
      email: details.email ?? settings.mailFrom ?? null,
      phone: details.phone,
      address: details.address,
      bankDetails: details.bankDetails,
    },
    portalUrl: settings.portalUrl,
  };
  return renderMessage(template, context);
}

function storedBodies(message: OutboxMessage): RenderedMessage {
  // The table's check keeps a message without its bodies renderable.
  assert(message.bodyText !== null, `outbox message ${message.id} has neither bodies nor context`);
  return { subject: message.subject, text: message.bodyText, html: message.bodyHtml ?? '' };
}

/**
 * The message as it goes out now: rendered again (renderedNow), so that a message queued before
 * the settings existed (or before the bank details or payment link were filled in) carries them,
 * and one queued without its bodies gets them. What is sent is what the outbox then shows.
 */
async function currentRendering(
  db: Db,
  message: OutboxMessage,
  settings: MailSettings,
): Promise<{ subject: string; text: string; html: string | null }> {
  const rendered = await renderedNow(db, message, settings);
  if (rendered === null) return { ...storedBodies(message), html: message.bodyHtml };
  if (
    rendered.subject !== message.subject ||
    rendered.text !== message.bodyText ||
    rendered.html !== message.bodyHtml
  ) {
    await updateRenderedMessage(db, message, rendered);
  }
  return rendered;
}

/**
 * The bytes of each attachment: stored documents as they are, and an issued document's PDF or
 * e-invoice rendered now (the PDF once, then from the store, so every retry sends the same bytes).
 * A missing document or one that can no longer be rendered is named in the error.
 */
async function attachmentContents(
  sender: Sender,
  message: OutboxMessage,
): Promise<{ contents: Uint8Array[] } | { error: string; reason: string }> {
  const db = sender.database.db;
  const stored = await documentContents(
    db,
    message.orgId,
    message.attachments.flatMap((item) => (item.documentId === null ? [] : [item.documentId])),
  );
  const actor = deliveryActor(message.orgId);
  const contents: Uint8Array[] = [];
  for (const item of message.attachments) {
    if (item.renders !== null) {
      try {
        const { sourceType, sourceId, format } = item.renders;
        contents.push(
          format === 'pdf'
            ? (await getDocumentPdf(sender.database, actor, sourceType, sourceId)).content
            : new TextEncoder().encode(
                (await getDocumentUbl(sender.database, actor, sourceType, sourceId)).xml,
              ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return {
          reason: 'attachment_unrenderable',
          error: `${item.fileName} could not be made: ${error.message}`,
        };
      }
      continue;
    }
    const content = item.documentId === null ? undefined : stored.get(item.documentId);
    if (content === undefined) {
      return {
        reason: 'attachment_missing',
        error: `The document ${item.documentId} (${item.fileName}) does not exist.`,
      };
    }
    contents.push(content);
  }
  return { contents };
}

function deliveryActor(orgId: string): Actor {
  return { orgId, type: 'system', id: null, name: 'outbox delivery', role: 'owner' };
}

async function sendOne(sender: Sender, message: OutboxMessage): Promise<Outcome> {
  const db = sender.database.db;
  const settings = sender.settings.get(message.orgId)!;
  const url = (settings.smtpUrl ?? sender.envUrl)!;
  const attached = await attachmentContents(sender, message);
  if ('error' in attached) {
    // Sending again cannot bring a document back, nor make a refused one renderable.
    await recordFailed(db, message, message.attempts, attached.reason, attached.error);
    return 'failed';
  }
  const body = await currentRendering(db, message, settings);
  const from =
    settings.mailFrom ??
    defaultSender(settings.companyDetails.name ?? settings.organizationName, url);
  // The same Message-ID on every attempt, so that a receiving system can recognise a copy.
  const messageId = `<${message.id}@${senderDomain(from)}>`;
  try {
    await mailerFor(sender, url).send({
      messageId,
      from,
      to: message.toAddresses,
      replyTo: message.replyTo,
      subject: body.subject,
      text: body.text,
      html: body.html,
      attachments: message.attachments.map((item, index) => ({
        fileName: item.fileName,
        contentType: item.contentType,
        content: attached.contents[index]!,
      })),
    });
  } catch (error) {
    return recordFailure(sender, message, error);
  }
  await recordSent(db, message, message.attempts, sender.now(), messageId);
  return 'sent';
}

/** Runs one delivery pass; returns what became of the messages it took. */
export async function deliverOutbox(
  database: Database,
  options: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const now = options.now ?? clockNow;
  const envUrl = environmentSmtpUrl(options.env ?? process.env);
  const claim = await claimDueMessages(
    database,
    now,
    batchSize(options.limit),
    options.orgId,
    envUrl,
  );
  const counts: DeliveryCounts = { sent: 0, retried: 0, failed: 0, held: claim.held };
  const sender: Sender = { database, now, envUrl, settings: claim.settings, mailers: new Map() };
  let next = 0;
  const work = async () => {
    while (next < claim.claimed.length) {
      const message = claim.claimed[next++]!;
      counts[await sendOne(sender, message)] += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(sendersPerPass, claim.claimed.length) }, work));
  } finally {
    for (const mailer of sender.mailers.values()) mailer.close();
  }
  return counts;
}

/** Passes until nothing is due now, for `settle outbox deliver` and the end of a collections run. */
export async function deliverAllDue(
  database: Database,
  options: DeliveryOptions = {},
): Promise<DeliveryCounts> {
  const total: DeliveryCounts = { sent: 0, retried: 0, failed: 0, held: 0 };
  for (;;) {
    const counts = await deliverOutbox(database, options);
    for (const key of Object.keys(total) as (keyof DeliveryCounts)[]) total[key] += counts[key];
    if (counts.sent + counts.retried + counts.failed + counts.held === 0) return total;
  }
}

// ---------------------------------------------------------------------------------------------
// The outbox as people see it

/** A delivery pass for the actor's organization. Codes: smtp_url_invalid (field SMTP_URL). */
export async function deliverOrganizationOutbox(
  database: Database,
  actor: Actor,
): Promise<DeliveryCounts> {
  return deliverOutbox(database, { orgId: actor.orgId });
}

export interface OutboxQuery {
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Messages, newest first, without their bodies. Codes: outbox_status_invalid, customer_id_invalid, limit_invalid, cursor_invalid. */
export async function listOutbox(database: Database, actor: Actor, query: OutboxQuery = {}) {
  if (query.status !== undefined && !(outboxStatuses as readonly string[]).includes(query.status)) {
    throw new AppError(
      'invalid',
      'outbox_status_invalid',
      `The status is one of ${outboxStatuses.join(', ')}.`,
      'status',
    );
  }
  if (query.customerId !== undefined && !isId(query.customerId)) {
    throw new AppError(
      'invalid',
      'customer_id_invalid',
      `"${query.customerId}" is not a customer id.`,
      'customer_id',
    );
  }
  return listOutboxRows(
    database.db,
    actor.orgId,
    { status: query.status as OutboxStatus | undefined, customerId: query.customerId },
    { limit: query.limit, cursor: query.cursor },
  );
}

/** A message as a person reads it: with its bodies. */
export interface OutboxMessageWithBodies extends OutboxMessage {
  readonly bodyText: string;
}

/**
 * The message with its bodies: as stored, or for one queued without them (a collections run's),
 * rendered as delivery would send it now.
 */
async function withBodies(db: Db, message: OutboxMessage): Promise<OutboxMessageWithBodies> {
  if (message.bodyText !== null) return { ...message, bodyText: message.bodyText };
  const settings = (await mailSettingsOf(db, [message.orgId])).get(message.orgId)!;
  const rendered = (await renderedNow(db, message, settings)) ?? storedBodies(message);
  return {
    ...message,
    subject: rendered.subject,
    bodyText: rendered.text,
    bodyHtml: rendered.html,
  };
}

/** One message with its bodies. Codes: outbox_message_not_found. */
export async function getOutboxMessage(
  database: Database,
  actor: Actor,
  id: string,
): Promise<OutboxMessageWithBodies> {
  const message = isId(id) ? await findOutboxMessage(database.db, actor.orgId, id) : undefined;
  if (!message) throw AppError.notFound('outbox_message', 'id');
  return withBodies(database.db, message);
}

const retryable: readonly OutboxStatus[] = ['failed', 'held', 'uncertain'];

function deliveryState(message: OutboxMessage) {
  return {
    status: message.status,
    status_reason: message.statusReason,
    attempts: message.attempts,
    last_error: message.lastError,
    to: message.toAddresses,
  };
}

/** A message without recipients takes those the customer has now, if any. */
async function recipientsForRetry(db: Db, message: OutboxMessage): Promise<string[] | undefined> {
  if (message.toAddresses.length > 0) return undefined;
  const recipients =
    message.customerId === null
      ? []
      : await reminderRecipients(db, message.orgId, message.customerId);
  if (recipients.length === 0) {
    throw new AppError(
      'conflict',
      'outbox_no_recipient',
      'The customer has no contact with an e-mail address who receives reminders.',
      'id',
    );
  }
  return recipients.map((recipient) => recipient.email);
}

/**
 * Puts a failed, held or uncertain message back in line, with a fresh count of attempts; the next
 * delivery pass sends it. An uncertain message may then arrive twice: that is the person's call.
 * Codes: outbox_message_not_found, outbox_message_not_retryable, outbox_no_recipient.
 */
export async function retryOutboxMessage(
  database: Database,
  actor: Actor,
  id: string,
): Promise<OutboxMessageWithBodies> {
  return database.transaction(async ({ db }) => {
    const before = isId(id)
      ? await findOutboxMessage(db, actor.orgId, id, { forUpdate: true })
      : undefined;
    if (!before) throw AppError.notFound('outbox_message', 'id');
    if (!retryable.includes(before.status)) {
      throw new AppError(
        'conflict',
        'outbox_message_not_retryable',
        `A ${before.status} message cannot be retried; only ${retryable.join(', ')} ones.`,
        'id',
      );
    }
    const recipients = await recipientsForRetry(db, before);
    await requeueMessage(db, before, clockNow(), recipients);
    const after = (await findOutboxMessage(db, actor.orgId, before.id))!;
    await recordAudit(db, actor, [
      {
        action: 'outbox_message.retried',
        entityType: 'outbox_message',
        entityId: before.id,
        before: deliveryState(before),
        after: deliveryState(after),
      },
    ]);
    return withBodies(db, after);
  });
}
