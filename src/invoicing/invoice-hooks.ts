import type { Actor } from '../core/actor.js';
import type { Db } from '../platform/db/database.js';

/** An invoice just issued, inside the transaction that issued it. */
export interface InvoiceIssued {
  readonly invoiceId: string;
  readonly customerId: string;
  /** Whether the person or program that issued it asked for it to be sent to the customer. */
  readonly send: boolean;
}

/** Returns what it did, in a sentence each, for the person who issued the invoice. */
export type InvoiceIssuedHook = (
  db: Db,
  actor: Actor,
  issued: InvoiceIssued,
) => Promise<readonly string[]>;

// Invoicing sits below messaging: sending the invoice that was just issued is messaging's work,
// registered here as a hook (src/server/register-hooks.ts) and run in the issuing transaction, so
// that the e-mail is queued if and only if the invoice is issued. Only queued: the PDF is rendered
// and the mail sent by the outbox's delivery, outside that transaction.
const hooks = new Map<string, InvoiceIssuedHook>();

/** Registers (or replaces) the hook named `name`; registering twice is harmless. */
export function onInvoiceIssued(name: string, hook: InvoiceIssuedHook): void {
  hooks.set(name, hook);
}

export function invoiceIssuedHookNames(): string[] {
  return [...hooks.keys()].sort();
}

export async function runInvoiceIssuedHooks(
  db: Db,
  actor: Actor,
  issued: InvoiceIssued,
): Promise<string[]> {
  const notices: string[] = [];
  for (const hook of hooks.values()) notices.push(...(await hook(db, actor, issued)));
  return notices;
}

/** A credit note just made, inside the transaction that made it. */
export interface CreditNoteIssued {
  readonly creditNoteId: string;
  readonly customerId: string;
}

export type CreditNoteIssuedHook = (
  db: Db,
  actor: Actor,
  issued: CreditNoteIssued,
) => Promise<void>;

const creditNoteHooks = new Map<string, CreditNoteIssuedHook>();

/** Registers (or replaces) the hook named `name`, run in the transaction that makes a credit note. */
export function onCreditNoteIssued(name: string, hook: CreditNoteIssuedHook): void {
  creditNoteHooks.set(name, hook);
}

export function creditNoteIssuedHookNames(): string[] {
  return [...creditNoteHooks.keys()].sort();
}

export async function runCreditNoteIssuedHooks(
  db: Db,
  actor: Actor,
  issued: CreditNoteIssued,
): Promise<void> {
  for (const hook of creditNoteHooks.values()) await hook(db, actor, issued);
}
