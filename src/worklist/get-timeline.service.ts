import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { isId } from '../core/ids.js';
import { findCustomer } from '../customers/find-customer.service.js';
import type { Database } from '../platform/db/database.js';
import { pageLimit } from '../platform/db/pagination.js';
import { moneyText } from './work-queue.js';
import { timelineRows, type TimelinePosition, type TimelineRow } from './timeline.sql.js';
import type { TimelineType } from './timeline.js';

export interface TimelineEntry {
  readonly at: Date;
  readonly type: TimelineType;
  readonly summary: string;
  readonly refs: Readonly<Record<string, string | readonly string[]>>;
}

export interface TimelineQuery {
  readonly limit?: number | undefined;
  /** Only events recorded before this instant (ISO 8601). */
  readonly before?: string | undefined;
  /** next_cursor of the previous page. */
  readonly cursor?: string | undefined;
}

/** Summaries quote free text up to this length; the full text is one request away through refs. */
const quoteLengthMax = 160;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > quoteLengthMax ? `${flat.slice(0, quoteLengthMax - 1)}…` : flat;
}

function amountOf(row: TimelineRow): string {
  return row.amount_minor === null || row.currency === null
    ? ''
    : moneyText(row.amount_minor, row.currency);
}

const words = (code: string | null) => (code ?? '').replace(/_/g, ' ');
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The sentence a person reads for each type of event; the columns' meaning per type is in timeline.sql.ts. */
const summaries: Readonly<Record<TimelineType, (row: TimelineRow) => string>> = {
  message: (row) =>
    `E-mail "${quote(row.label ?? '')}" to ${row.detail || 'no recipient'}: ${words(row.status)}` +
    (row.relay_message_id === null ? '' : ` (Message-ID ${row.relay_message_id})`),
  step: (row) =>
    `Collection step ${row.label} (${words(row.kind)}) ${row.status} for invoice ${row.number ?? '—'}`,
  task_created: (row) =>
    `${capitalised(words(row.kind))} task "${quote(row.label ?? '')}" due ${row.on_date}, ${row.detail === null ? 'unassigned' : `for ${row.detail}`}` +
    (row.status === 'manual' ? '' : ` (from ${words(row.status)})`),
  task_completed: (row) =>
    `${capitalised(words(row.kind))} task done${row.status === null ? '' : `: ${words(row.status)}`} — "${quote(row.label ?? '')}"` +
    (row.detail === null ? '' : `: ${quote(row.detail)}`),
  note: (row) => `Note${row.detail === null ? '' : ` by ${row.detail}`}: ${quote(row.label ?? '')}`,
  promise: (row) => `Promise to pay ${amountOf(row)} by ${row.on_date}: ${words(row.status)}`,
  dispute: (row) =>
    `Dispute on invoice ${row.number ?? '—'}${row.amount_minor === null ? '' : ` for ${amountOf(row)}`} (${words(row.kind)}): ${words(row.status)}`,
  payment_plan: (row) =>
    `Payment plan for ${amountOf(row)} from ${row.on_date}: ${words(row.status)}`,
  placement: (row) =>
    `Placed with ${row.label} (${words(row.kind)}): ${amountOf(row)} on ${row.on_date}, ${words(row.status)}`,
  invoice_issued: (row) =>
    `${row.kind === 'standard' || row.kind === null ? 'Invoice' : `${capitalised(words(row.kind))} invoice`} ${row.number ?? ''} issued: ${amountOf(row)} due ${row.on_date}`,
  payment_received: (row) =>
    `Payment of ${amountOf(row)} received on ${row.on_date}${row.label === null ? '' : ` (reference ${row.label})`}`,
};

const refNames: Readonly<Record<TimelineType, string>> = {
  message: 'message_id',
  step: 'step_id',
  task_created: 'task_id',
  task_completed: 'task_id',
  note: 'note_id',
  promise: 'promise_id',
  dispute: 'dispute_id',
  payment_plan: 'payment_plan_id',
  placement: 'placement_id',
  invoice_issued: 'invoice_id',
  payment_received: 'payment_id',
};

/** A row as an entry: its summary and the ids it refers to. */
export function timelineEntry(row: TimelineRow): TimelineEntry {
  const refs: Record<string, string | readonly string[]> = { [refNames[row.type]]: row.id };
  if (row.type !== 'invoice_issued' && row.invoice_ids.length > 0)
    refs.invoice_ids = row.invoice_ids;
  // The relay's id is what a mail server's log or a customer's "we never got it" is traced by.
  if (row.relay_message_id !== null) refs.relay_message_id = row.relay_message_id;
  return { at: new Date(row.at), type: row.type, summary: summaries[row.type](row), refs };
}

function encodeCursor(row: TimelineRow): string {
  return Buffer.from(JSON.stringify([row.at_key, row.type, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): TimelinePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3) {
      const [atKey, type, id] = value as unknown[];
      if (
        typeof atKey === 'string' &&
        typeof type === 'string' &&
        typeof id === 'string' &&
        isId(id)
      )
        return { atKey, type, id };
    }
  } catch {
    // Fall through to the error below.
  }
  throw new AppError(
    'invalid',
    'cursor_invalid',
    'The cursor is not one this API returned.',
    'cursor',
  );
}

function parseBefore(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) {
    throw new AppError(
      'invalid',
      'before_invalid',
      `"${text}" is not an instant such as 2026-11-23T10:00:00Z.`,
      'before',
    );
  }
  return at;
}

/**
 * A customer's timeline, newest first: messages, collection steps, tasks created and done, notes,
 * promises, disputes, payment plans, agency placements, invoices issued and payments received.
 * Codes: customer_not_found, limit_invalid, before_invalid, cursor_invalid.
 */
export async function getTimeline(
  database: Database,
  actor: Actor,
  customerId: string,
  query: TimelineQuery = {},
) {
  const limit = pageLimit(query.limit);
  const before = query.before === undefined ? undefined : parseBefore(query.before);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const customer = isId(customerId)
    ? await findCustomer(database.db, actor.orgId, customerId)
    : undefined;
  if (!customer) throw AppError.notFound('customer', 'id');
  const rows = await timelineRows(database.db, actor.orgId, customer.id, { limit, before, after });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(timelineEntry),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export function timelineEntryView(entry: TimelineEntry) {
  const refs: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(entry.refs))
    refs[name] = typeof value === 'string' ? value : [...value];
  return { at: entry.at.toISOString(), type: entry.type, summary: entry.summary, refs };
}
