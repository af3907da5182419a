import { sql } from 'kysely';
import { now } from '../core/clock.js';
import { openInvoiceStatuses } from '../ledger/invoice-status.js';
import type { Db, Tx } from '../platform/db/database.js';
import {
  paginate,
  sortKeySelection,
  type PageRequest,
  type SortSpec,
} from '../platform/db/pagination.js';
import type { OutboxStatus } from './outbox.js';

/**
 * The SQL of e-mail: the outbox, the organization's templates and mail settings, and what a
 * message about a customer needs to know (recipients, open invoices, unapplied credit).
 *
 * Delivery runs for every organization at once, so the claim of due messages is the one query
 * here not scoped by org_id (unless a pass is for one organization); every row it returns carries
 * its org_id, and each later query is scoped by it.
 */

/**
 * A file a message carries: a stored document, or an issued invoice's or credit note's PDF or
 * e-invoice, which delivery renders (or takes from the store) when the message goes out, so that
 * the transaction that queued it never waits for a rendering.
 */
export interface OutboxAttachment {
  readonly documentId: string | null;
  readonly renders: AttachmentRendering | null;
  readonly fileName: string;
  readonly contentType: string;
}

export interface AttachmentRendering {
  readonly sourceType: 'invoice' | 'credit_note';
  readonly sourceId: string;
  readonly format: 'pdf' | 'ubl';
}

export interface NewOutboxMessage {
  id: string;
  orgId: string;
  customerId: string | null;
  runId: string | null;
  kind: string;
  templateKey: string | null;
  toAddresses: string[];
  replyTo: string | null;
  subject: string;
  /**
   * The bodies, or null for a message rendered from its template and renderContext when it is
   * read or sent (a collections run's, queued by the thousand).
   */
  bodyText: string | null;
  bodyHtml: string | null;
  attachments: OutboxAttachment[];
  invoiceIds: string[];
  /** What the message was rendered from (storedContext), to render it again when it is sent. */
  renderContext?: object | null;
}

function attachmentsJson(attachments: readonly OutboxAttachment[]): string {
  return JSON.stringify(
    attachments.map((item) => ({
      document_id: item.documentId,
      ...(item.renders
        ? {
            renders: {
              source_type: item.renders.sourceType,
              source_id: item.renders.sourceId,
              format: item.renders.format,
            },
          }
        : {}),
      file_name: item.fileName,
      content_type: item.contentType,
    })),
  );
}

/**
 * Writes messages in the caller's transaction, so that they exist if and only if the step that
 * caused them committed. A message with no recipient is kept as held (no_recipient): shown, not
 * sent, until a recipient is added and it is retried.
 */
export async function insertOutboxMessages(
  db: Db,
  messages: readonly NewOutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  // Due now by Settle's clock rather than the database's default, which the clock's shift (in
  // tests) does not move: delivery compares it with the same clock.
  const dueAt = now();
  await db
    .insertInto('outbox_messages')
    .values(
      messages.map((message) => ({
        org_id: message.orgId,
        id: message.id,
        customer_id: message.customerId,
        run_id: message.runId,
        kind: message.kind,
        template_key: message.templateKey,
        to_addresses: message.toAddresses,
        reply_to: message.replyTo,
        subject: message.subject,
        body_text: message.bodyText,
        body_html: message.bodyHtml,
        attachments: attachmentsJson(message.attachments),
        invoice_ids: message.invoiceIds,
        next_attempt_at: dueAt,
        render_context:
          message.renderContext === undefined || message.renderContext === null
            ? null
            : JSON.stringify(message.renderContext),
        ...(message.toAddresses.length === 0
          ? { status: 'held', status_reason: 'no_recipient' }
          : {}),
      })),
    )
    .execute();
}

function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/**
 * Writes many messages with COPY, in the caller's transaction, with the same rows as
 * insertOutboxMessages: a collections run queues thousands, which a multi-row INSERT sends as
 * parameters to be parsed and bound. The messages are read as the COPY sends them, so an iterable
 * that makes each message when asked for it makes the next ones while the server stores the first
 * (PostgreSQL).
 */
export async function copyOutboxMessages(
  tx: Tx,
  messages: Iterable<NewOutboxMessage>,
): Promise<void> {
  if (Array.isArray(messages) && messages.length === 0) return;
  const dueAt = now();
  await tx.copy(
    'outbox_messages',
    [
      'org_id',
      'id',
      'customer_id',
      'run_id',
      'kind',
      'template_key',
      'to_addresses',
      'reply_to',
      'subject',
      'body_text',
      'body_html',
      'attachments',
      'invoice_ids',
      'next_attempt_at',
      'render_context',
      'status',
      'status_reason',
    ],
    mapped(messages, (message) => {
      const held = message.toAddresses.length === 0;
      return [
        message.orgId,
        message.id,
        message.customerId,
        message.runId,
        message.kind,
        message.templateKey,
        message.toAddresses,
        message.replyTo,
        message.subject,
        message.bodyText,
        message.bodyHtml,
        attachmentsJson(message.attachments),
        message.invoiceIds,
        dueAt,
        message.renderContext === undefined || message.renderContext === null
          ? null
          : JSON.stringify(message.renderContext),
        held ? 'held' : 'pending',
        held ? 'no_recipient' : null,
      ];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the outbox

export interface OutboxMessage {
  readonly orgId: string;
  readonly id: string;
  readonly customerId: string | null;
  readonly runId: string | null;
  readonly kind: string;
  readonly templateKey: string | null;
  readonly toAddresses: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  /** Null until a message queued without its bodies is sent (see NewOutboxMessage), and in a list. */
  readonly bodyText: string | null;
  readonly bodyHtml: string | null;
  readonly attachments: readonly OutboxAttachment[];
  readonly invoiceIds: readonly string[];
  readonly status: OutboxStatus;
  readonly statusReason: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly claimedAt: Date | null;
  readonly sentAt: Date | null;
  readonly smtpMessageId: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  /** Stored context (storedContext) when the message can be rendered again; null otherwise. */
  readonly renderContext: unknown;
}

const outboxColumns = [
  'org_id',
  'id',
  'customer_id',
  'run_id',
  'kind',
  'template_key',
  'to_addresses',
  'reply_to',
  'subject',
  'body_text',
  'body_html',
  'attachments',
  'invoice_ids',
  'status',
  'status_reason',
  'attempts',
  'next_attempt_at',
  'claimed_at',
  'sent_at',
  'smtp_message_id',
  'last_error',
  'created_at',
  'render_context',
] as const;

/** The list leaves the bodies out: they can be large, and a list shows subjects. */
const summaryColumns = outboxColumns.filter(
  (column) => column !== 'body_text' && column !== 'body_html' && column !== 'render_context',
);

type OutboxRow = {
  org_id: string;
  id: string;
  customer_id: string | null;
  run_id: string | null;
  kind: string;
  template_key: string | null;
  to_addresses: string[];
  reply_to: string | null;
  subject: string;
  body_text?: string | null;
  body_html?: string | null;
  attachments: unknown;
  invoice_ids: string[];
  status: string;
  status_reason: string | null;
  attempts: number;
  next_attempt_at: Date;
  claimed_at: Date | null;
  sent_at: Date | null;
  smtp_message_id: string | null;
  last_error: string | null;
  created_at: Date;
  render_context?: unknown;
};

function attachmentsOf(value: unknown): OutboxAttachment[] {
  const items = (Array.isArray(value) ? value : []) as {
    document_id: string | null;
    renders?: { source_type: 'invoice' | 'credit_note'; source_id: string; format: 'pdf' | 'ubl' };
    file_name: string;
    content_type: string;
  }[];
  return items.map((item) => ({
    documentId: item.document_id ?? null,
    renders: item.renders
      ? {
          sourceType: item.renders.source_type,
          sourceId: item.renders.source_id,
          format: item.renders.format,
        }
      : null,
    fileName: item.file_name,
    contentType: item.content_type,
  }));
}

function outboxMessageOf(row: OutboxRow): OutboxMessage {
  return {
    orgId: row.org_id,
    id: row.id,
    customerId: row.customer_id,
    runId: row.run_id,
    kind: row.kind,
    templateKey: row.template_key,
    toAddresses: row.to_addresses,
    replyTo: row.reply_to,
    subject: row.subject,
    bodyText: row.body_text ?? null,
    bodyHtml: row.body_html ?? null,
    attachments: attachmentsOf(row.attachments),
    invoiceIds: row.invoice_ids,
    status: row.status as OutboxStatus,
    statusReason: row.status_reason,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    claimedAt: row.claimed_at === null ? null : new Date(row.claimed_at),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    smtpMessageId: row.smtp_message_id,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    renderContext: row.render_context ?? null,
  };
}

export async function findOutboxMessage(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OutboxMessage | undefined> {
  let query = db
    .selectFrom('outbox_messages')
    .select(outboxColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : outboxMessageOf(row as OutboxRow);
}

export interface OutboxFilter {
  readonly status?: OutboxStatus | undefined;
  readonly customerId?: string | undefined;
}

// Ids are UUIDv7, so the id alone orders messages by creation; as text, because the cursor keeps
// the sort key as text (a created_at cursor would lose its microseconds to a JavaScript Date).
const outboxSort: SortSpec = {
  expression: 'outbox_messages.id::text',
  idColumn: 'outbox_messages.id',
  cast: 'text',
};

/** Newest first; without the bodies. */
export async function listOutboxRows(
  db: Db,
  orgId: string,
  filter: OutboxFilter,
  page: PageRequest,
) {
  let query = db
    .selectFrom('outbox_messages')
    .select(summaryColumns)
    .select(sortKeySelection(outboxSort))
    .where('org_id', '=', orgId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  const result = await paginate(query, outboxSort, { ...page, descending: true });
  return {
    items: result.items.map((row) => outboxMessageOf(row as OutboxRow)),
    nextCursor: result.nextCursor,
  };
}

// ---------------------------------------------------------------------------------------------
// Delivery

export interface MessageKey {
  readonly orgId: string;
  readonly id: string;
}

function byOrganization<T extends MessageKey>(keys: readonly T[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) groups.set(key.orgId, [...(groups.get(key.orgId) ?? []), key.id]);
  return groups;
}

/**
 * A message left in 'sending' since before `staleBefore` was claimed by a sender that stopped,
 * perhaps after the server had accepted it: it becomes uncertain, and only a person re-sends it.
 */
export async function markStaleSendingUncertain(
  db: Db,
  staleBefore: Date,
  orgId: string | undefined,
): Promise<number> {
  let query = db
    .updateTable('outbox_messages')
    .set({ status: 'uncertain', status_reason: 'sender_stopped' })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', staleBefore);
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Puts back in line the messages held for want of SMTP settings, for organizations that now have
 * them (every organization when `everyOrganization`: SMTP_URL is set).
 */
export async function releaseHeldForSettings(
  db: Db,
  orgId: string | undefined,
  everyOrganization: boolean,
): Promise<number> {
  let query = db
    .updateTable('outbox_messages')
    .set({ status: 'pending', status_reason: null })
    .where('status', '=', 'held')
    .where('status_reason', '=', 'no_smtp_settings');
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  if (!everyOrganization) {
    query = query.where('org_id', 'in', (eb) =>
      eb.selectFrom('organizations').select('id').where('smtp_url', 'is not', null),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Locks due pending messages, skipping those another sender has locked. */
export async function lockDueMessages(
  db: Db,
  now: Date,
  limit: number,
  orgId: string | undefined,
): Promise<MessageKey[]> {
  let query = db
    .selectFrom('outbox_messages')
    .select(['org_id', 'id'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now);
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  const rows = await query
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({ orgId: row.org_id, id: row.id }));
}

export async function holdMessages(
  db: Db,
  keys: readonly MessageKey[],
  reason: string,
): Promise<void> {
  for (const [orgId, ids] of byOrganization(keys)) {
    await db
      .updateTable('outbox_messages')
      .set({ status: 'held', status_reason: reason })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  }
}

/** Claims locked messages for this sender: the attempt number it records its outcome against. */
export async function markSending(
  db: Db,
  keys: readonly MessageKey[],
  now: Date,
): Promise<OutboxMessage[]> {
  const claimed: OutboxMessage[] = [];
  for (const [orgId, ids] of byOrganization(keys)) {
    const rows = await db
      .updateTable('outbox_messages')
      .set((eb) => ({
        status: 'sending',
        status_reason: null,
        claimed_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      // The rows are locked by this transaction; the condition is there should that ever change.
      .where('status', '=', 'pending')
      .returning(outboxColumns)
      .execute();
    claimed.push(...rows.map((row) => outboxMessageOf(row as OutboxRow)));
  }
  return claimed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * An outcome is recorded only against the claim it belongs to (same attempt number). A message
 * that went uncertain while its slow sender was still at work is still recorded as sent: it was.
 */
function claimedBy(db: Db, message: MessageKey, attempt: number) {
  return db
    .updateTable('outbox_messages')
    .where('org_id', '=', message.orgId)
    .where('id', '=', message.id)
    .where('attempts', '=', attempt)
    .where('status', 'in', ['sending', 'uncertain']);
}

export async function recordSent(
  db: Db,
  message: MessageKey,
  attempt: number,
  sentAt: Date,
  smtpMessageId: string,
): Promise<void> {
  await claimedBy(db, message, attempt)
    .set({
      status: 'sent',
      status_reason: null,
      sent_at: sentAt,
      smtp_message_id: smtpMessageId,
      last_error: null,
    })
    .execute();
}

export async function recordRetry(
  db: Db,
  message: MessageKey,
  attempt: number,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await claimedBy(db, message, attempt)
    .set({
      status: 'pending',
      status_reason: 'retrying',
      next_attempt_at: nextAttemptAt,
      last_error: error,
    })
    .execute();
}

export async function recordFailed(
  db: Db,
  message: MessageKey,
  attempt: number,
  reason: string,
  error: string,
): Promise<void> {
  await claimedBy(db, message, attempt)
    .set({ status: 'failed', status_reason: reason, last_error: error })
    .execute();
}

/** Back in line now with a fresh count of attempts; recipients replaced when given. */
export async function requeueMessage(
  db: Db,
  message: MessageKey,
  now: Date,
  toAddresses?: readonly string[],
): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({
      status: 'pending',
      status_reason: null,
      attempts: 0,
      next_attempt_at: now,
      claimed_at: null,
      ...(toAddresses === undefined ? {} : { to_addresses: [...toAddresses] }),
    })
    .where('org_id', '=', message.orgId)
    .where('id', '=', message.id)
    .execute();
}

export async function documentContents(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, Uint8Array>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'content'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.content]));
}

// ---------------------------------------------------------------------------------------------
// Mail settings

export interface CompanyDetails {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly bankDetails: string | null;
}

export interface MailSettings {
  readonly organizationName: string;
  readonly smtpUrl: string | null;
  readonly mailFrom: string | null;
  readonly companyDetails: CompanyDetails;
  readonly portalUrl: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function companyDetailsOf(value: unknown): CompanyDetails {
  const details = (value ?? {}) as Record<string, unknown>;
  return {
    name: text(details.name),
    email: text(details.email),
    phone: text(details.phone),
    address: text(details.address),
    bankDetails: text(details.bank_details),
  };
}

export async function mailSettingsOf(
  db: Db,
  orgIds: readonly string[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<string, MailSettings>> {
  if (orgIds.length === 0) return new Map();
  let query = db
    .selectFrom('organizations')
    .select(['id', 'name', 'smtp_url', 'mail_from', 'company_details', 'portal_url'])
    .where('id', 'in', [...new Set(orgIds)]);
  if (options.forUpdate) query = query.forUpdate();
  const rows = await query.execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        organizationName: row.name,
        smtpUrl: row.smtp_url,
        mailFrom: row.mail_from,
        companyDetails: companyDetailsOf(row.company_details),
        portalUrl: row.portal_url,
      },
    ]),
  );
}

export async function updateMailSettingsRow(
  db: Db,
  orgId: string,
  settings: Omit<MailSettings, 'organizationName'>,
): Promise<void> {
  const details = settings.companyDetails;
  await db
    .updateTable('organizations')
    .set({
      smtp_url: settings.smtpUrl,
      mail_from: settings.mailFrom,
      portal_url: settings.portalUrl,
      company_details: JSON.stringify({
        name: details.name,
        email: details.email,
        phone: details.phone,
        address: details.address,
        bank_details: details.bankDetails,
      }),
    })
    .where('id', '=', orgId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Templates

export interface StoredTemplate {
  readonly key: string;
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
  readonly updatedAt: Date;
}

function storedTemplateOf(row: {
  key: string;
  subject: string;
  body_text: string;
  body_html: string;
  updated_at: Date;
}): StoredTemplate {
  return {
    key: row.key,
    subject: row.subject,
    bodyText: row.body_text,
    bodyHtml: row.body_html,
    updatedAt: new Date(row.updated_at),
  };
}

/** Keeps the text a message was rendered to when it was sent, so the outbox shows what went out. */
export async function updateRenderedMessage(
  db: Db,
  message: { orgId: string; id: string },
  rendered: { subject: string; text: string; html: string },
): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ subject: rendered.subject, body_text: rendered.text, body_html: rendered.html })
    .where('org_id', '=', message.orgId)
    .where('id', '=', message.id)
    .execute();
}

export async function listTemplateRows(db: Db, orgId: string): Promise<StoredTemplate[]> {
  const rows = await db
    .selectFrom('message_templates')
    .select(['key', 'subject', 'body_text', 'body_html', 'updated_at'])
    .where('org_id', '=', orgId)
    .orderBy('key')
    .execute();
  return rows.map(storedTemplateOf);
}

export async function findTemplateRow(
  db: Db,
  orgId: string,
  key: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredTemplate | undefined> {
  let query = db
    .selectFrom('message_templates')
    .select(['key', 'subject', 'body_text', 'body_html', 'updated_at'])
    .where('org_id', '=', orgId)
    .where('key', '=', key);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : storedTemplateOf(row);
}

export async function upsertTemplateRow(
  db: Db,
  orgId: string,
  template: { key: string; subject: string; bodyText: string; bodyHtml: string },
): Promise<void> {
  const values = {
    subject: template.subject,
    body_text: template.bodyText,
    body_html: template.bodyHtml,
  };
  await db
    .insertInto('message_templates')
    .values({ org_id: orgId, key: template.key, ...values })
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'key']).doUpdateSet({ ...values, updated_at: now() }),
    )
    .execute();
}

export async function deleteTemplateRow(db: Db, orgId: string, key: string): Promise<void> {
  await db
    .deleteFrom('message_templates')
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// What a message about a customer needs

type Recipient = { name: string; email: string };

/**
 * The customer's contacts with an address that `chosen` picks, the role `firstRole` first, then in
 * the order they were added.
 */
async function contactsWithAddress(
  db: Db,
  orgId: string,
  customerId: string,
  chosen: 'receives_reminders' | 'billing_or_payable',
  firstRole: 'accounts_payable' | 'billing',
): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('contacts')
    .select(['name', 'email'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('email', 'is not', null)
    .$if(chosen === 'receives_reminders', (query) => query.where('receives_reminders', '=', true))
    .$if(chosen === 'billing_or_payable', (query) =>
      query.where('role', 'in', ['billing', 'accounts_payable']),
    )
    .orderBy(sql`case when role = ${firstRole} then 0 else 1 end`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ name: row.name, email: row.email! }));
}

/** The addresses of the contacts who receive reminders: accounts payable first. */
export function reminderRecipients(db: Db, orgId: string, customerId: string) {
  return contactsWithAddress(db, orgId, customerId, 'receives_reminders', 'accounts_payable');
}

/**
 * Who receives the customer's invoices: its billing and accounts-payable contacts with an
 * address; when it has none, the contacts who receive reminders, since they are who pays.
 */
export async function invoiceRecipients(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<Recipient[]> {
  const billing = await contactsWithAddress(db, orgId, customerId, 'billing_or_payable', 'billing');
  return billing.length > 0 ? billing : reminderRecipients(db, orgId, customerId);
}

/** Whether the customer asked for the e-invoice with its invoice e-mails. */
export async function customerWantsUbl(db: Db, orgId: string, customerId: string) {
  const row = await db
    .selectFrom('customers')
    .select('send_ubl')
    .where('org_id', '=', orgId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  return row?.send_ubl ?? false;
}

export async function customerForMessage(db: Db, orgId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .leftJoin('users', (join) =>
      join
        .onRef('users.org_id', '=', 'customers.org_id')
        .onRef('users.id', '=', 'customers.collector_id'),
    )
    .select([
      'customers.id',
      'customers.ref',
      'customers.name',
      'customers.legal_name',
      'users.name as collector_name',
      'users.email as collector_email',
    ])
    .where('customers.org_id', '=', orgId)
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
}

export async function openInvoicesOf(db: Db, orgId: string, customerId: string) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'issued_on', 'due_on', 'currency', 'total_minor', 'open_minor'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', openInvoiceStatuses)
    .where('open_minor', '>', 0n)
    .orderBy('due_on')
    .orderBy('number')
    .execute();
}

/** Credit notes and payments with something left to apply, the way the ledger derives it. */
export async function unappliedCreditsOf(db: Db, orgId: string, customerId: string) {
  const result = await sql<{
    kind: 'credit_note' | 'payment';
    reference: string;
    date: string;
    currency: string;
    unapplied_minor: bigint;
  }>`
    select * from (
      select 'credit_note' as kind, c.number as reference, c.issued_on as date, c.currency,
        (c.total_minor
          - coalesce((select sum(a.amount_minor) from applications a where a.org_id = c.org_id and a.source_id = c.id and a.source_type = 'credit_note'), 0)
          - coalesce((select sum(r.amount_minor) from refunds r where r.org_id = c.org_id and r.source_id = c.id), 0))::int8 as unapplied_minor
      from credit_notes c where c.org_id = ${orgId} and c.customer_id = ${customerId}
      union all
      select 'payment', coalesce(p.reference, p.received_on::text), p.received_on, p.currency,
        (p.amount_minor
          - coalesce((select sum(a.amount_minor) from applications a where a.org_id = p.org_id and a.source_id = p.id and a.source_type = 'payment'), 0)
          - coalesce((select sum(r.amount_minor) from refunds r where r.org_id = p.org_id and r.source_id = p.id), 0))::int8
      from payments p where p.org_id = ${orgId} and p.customer_id = ${customerId}
        and not exists (select 1 from payment_reversals v where v.org_id = p.org_id and v.payment_id = p.id)
    ) credits
    where unapplied_minor > 0
    order by date, reference`.execute(db);
  return result.rows;
}
