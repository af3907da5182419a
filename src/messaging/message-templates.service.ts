import type { Actor } from '../core/actor.js';
import { daysBetween, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { isId } from '../core/ids.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import {
  builtInTemplates,
  checkTemplate,
  renderMessage,
  type MessageContext,
  type MessageTemplate,
  type RenderedMessage,
} from './message-template.js';
import {
  customerForMessage,
  deleteTemplateRow,
  findTemplateRow,
  listTemplateRows,
  mailSettingsOf,
  openInvoicesOf,
  reminderRecipients,
  unappliedCreditsOf,
  upsertTemplateRow,
  type StoredTemplate,
} from './outbox.sql.js';

/**
 * The organization's message templates: the built-in ones, each of which it may override, and
 * templates of its own under new keys (for the steps of its policies). Deleting an override
 * brings the built-in text back; deleting a template of its own removes it.
 */
export interface MessageTemplateEntry extends MessageTemplate {
  /** Whether the organization has its own text for this key. */
  readonly customized: boolean;
  /** Whether Settle ships a text for this key (to which deleting the override returns). */
  readonly builtIn: boolean;
  readonly updatedAt: Date | null;
}

function entryOf(
  key: string,
  stored: StoredTemplate | undefined,
): MessageTemplateEntry | undefined {
  const builtIn = builtInTemplates[key];
  if (stored) return { ...stored, customized: true, builtIn: builtIn !== undefined };
  if (builtIn) return { ...builtIn, customized: false, builtIn: true, updatedAt: null };
  return undefined;
}

const keyPattern = /^[a-z0-9_]{1,40}$/;

export function checkKey(key: string, field = 'key'): string {
  if (!keyPattern.test(key)) {
    throw new AppError(
      'invalid',
      'template_key_invalid',
      'A template key is 1 to 40 lower-case letters, digits or _.',
      field,
    );
  }
  return key;
}

/** The text a message with this key is written from, for the collections run: the organization's, else the built-in. */
export async function resolveMessageTemplate(
  db: Db,
  orgId: string,
  key: string,
): Promise<MessageTemplate | undefined> {
  if (!keyPattern.test(key)) return undefined;
  const entry = entryOf(key, await findTemplateRow(db, orgId, key));
  return (
    entry && {
      key: entry.key,
      subject: entry.subject,
      bodyText: entry.bodyText,
      bodyHtml: entry.bodyHtml,
    }
  );
}

/** Built-ins merged with the organization's templates, by key. */
export async function listMessageTemplates(
  database: Database,
  actor: Actor,
): Promise<MessageTemplateEntry[]> {
  const stored = new Map(
    (await listTemplateRows(database.db, actor.orgId)).map((row) => [row.key, row]),
  );
  const keys = [...new Set([...Object.keys(builtInTemplates), ...stored.keys()])].sort();
  return keys.map((key) => entryOf(key, stored.get(key))!);
}

/** Codes: template_key_invalid, message_template_not_found. */
export async function getMessageTemplate(
  database: Database,
  actor: Actor,
  key: string,
): Promise<MessageTemplateEntry> {
  const entry = entryOf(checkKey(key), await findTemplateRow(database.db, actor.orgId, key));
  if (!entry) throw AppError.notFound('message_template', 'key');
  return entry;
}

export interface TemplateText {
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
}

function auditView(template: MessageTemplate | undefined) {
  return (
    template && {
      key: template.key,
      subject: template.subject,
      body_text: template.bodyText,
      body_html: template.bodyHtml,
    }
  );
}

/**
 * Saves the organization's text for a key, checked first. Codes: template_key_invalid and those of
 * checkTemplate (template_syntax_invalid, template_variable_unknown, … naming subject, body_text
 * or body_html).
 */
export async function saveMessageTemplate(
  database: Database,
  actor: Actor,
  key: string,
  text: TemplateText,
): Promise<MessageTemplateEntry> {
  const template = unwrap(
    checkTemplate({
      key: checkKey(key),
      subject: text.subject.trim(),
      bodyText: text.bodyText,
      bodyHtml: text.bodyHtml,
    }),
  );
  return database.transaction(async ({ db }) => {
    const before = await findTemplateRow(db, actor.orgId, key, { forUpdate: true });
    await upsertTemplateRow(db, actor.orgId, template);
    const after = (await findTemplateRow(db, actor.orgId, key))!;
    await recordAudit(db, actor, [
      {
        action: 'message_template.updated',
        entityType: 'message_template',
        entityId: null,
        before: auditView(before),
        after: auditView(after),
      },
    ]);
    return entryOf(key, after)!;
  });
}

/**
 * Removes the organization's text: a built-in key is back to Settle's text, another key is gone.
 * Codes: template_key_invalid, message_template_not_found.
 */
export async function resetMessageTemplate(
  database: Database,
  actor: Actor,
  key: string,
): Promise<MessageTemplateEntry | null> {
  checkKey(key);
  return database.transaction(async ({ db }) => {
    const before = await findTemplateRow(db, actor.orgId, key, { forUpdate: true });
    if (!before) {
      if (builtInTemplates[key] === undefined) throw AppError.notFound('message_template', 'key');
      return entryOf(key, undefined)!;
    }
    await deleteTemplateRow(db, actor.orgId, key);
    await recordAudit(db, actor, [
      {
        action: 'message_template.reset',
        entityType: 'message_template',
        entityId: null,
        before: auditView(before),
        after: auditView(builtInTemplates[key]),
      },
    ]);
    return entryOf(key, undefined) ?? null;
  });
}

// ---------------------------------------------------------------------------------------------
// Preview

/**
 * What a message to a customer would say today: its open invoices (all of them, each with its
 * days past due), its unapplied credit, its first reminder contact and its collector.
 */
export async function messageContextFor(
  db: Db,
  orgId: string,
  customerId: string,
  today: CalendarDate,
): Promise<MessageContext | undefined> {
  const customer = await customerForMessage(db, orgId, customerId);
  if (!customer) return undefined;
  const [recipients, invoices, credits, settings] = await Promise.all([
    reminderRecipients(db, orgId, customerId),
    openInvoicesOf(db, orgId, customerId),
    unappliedCreditsOf(db, orgId, customerId),
    mailSettingsOf(db, [orgId]).then((all) => all.get(orgId)!),
  ]);
  const details = settings.companyDetails;
  return {
    today,
    customer: { ref: customer.ref, name: customer.name, legalName: customer.legal_name },
    contact: recipients[0] ? { name: recipients[0].name } : null,
    company: {
      name: details.name ?? settings.organizationName,
      email: details.email,
      phone: details.phone,
      address: details.address,
      bankDetails: details.bankDetails,
    },
    collector:
      customer.collector_name === null
        ? null
        : { name: customer.collector_name, email: customer.collector_email ?? '' },
    invoices: invoices.map((invoice) => ({
      number: invoice.number ?? '',
      issuedOn: invoice.issued_on ?? '',
      dueOn: invoice.due_on ?? '',
      currency: invoice.currency,
      totalMinor: invoice.total_minor,
      openMinor: invoice.open_minor,
      daysOverdue: invoice.due_on === null ? 0 : daysBetween(invoice.due_on as CalendarDate, today),
    })),
    credits: credits.map((credit) => ({
      kind: credit.kind,
      reference: credit.reference,
      date: credit.date,
      currency: credit.currency,
      unappliedMinor: BigInt(credit.unapplied_minor),
    })),
    portalUrl: settings.portalUrl,
  };
}

export interface PreviewRequest {
  readonly customerId: string;
  /** An unsaved text to try out; without it, the saved (or built-in) template. */
  readonly draft?: TemplateText | undefined;
}

export interface MessagePreview extends RenderedMessage {
  readonly to: readonly string[];
  readonly replyTo: string | null;
}

/**
 * Renders a template, or a draft of it, for a customer's real open invoices today. Codes:
 * template_key_invalid, message_template_not_found, customer_not_found, and those of checkTemplate
 * for a draft.
 */
export async function previewMessageTemplate(
  database: Database,
  actor: Actor,
  key: string,
  request: PreviewRequest,
): Promise<MessagePreview> {
  const template = request.draft
    ? unwrap(checkTemplate({ key: checkKey(key), ...request.draft }))
    : await getMessageTemplate(database, actor, key);
  const today = await organizationToday(database.db, actor.orgId);
  const context = isId(request.customerId)
    ? await messageContextFor(database.db, actor.orgId, request.customerId, today)
    : undefined;
  if (!context) throw AppError.notFound('customer', 'customer_id');
  const recipients = await reminderRecipients(database.db, actor.orgId, request.customerId);
  return {
    ...renderMessage(template, context),
    to: recipients.map((recipient) => recipient.email),
    replyTo: context.collector?.email || null,
  };
}
