import type { RawBuilder } from 'kysely';
import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';

/** Money just applied to a customer's invoices, inside the transaction that applied it. */
export interface ApplicationsPosted {
  readonly appliedOn: CalendarDate;
  readonly customerIds: readonly string[];
}

export interface ApplicationsPostedHook {
  /**
   * SQL that is true when `run` may have something to do for these customers (an open promise, an
   * active plan). The statement that writes the applications evaluates it beside its writes, so
   * that a hook with nothing to do costs a payment no round trip of its own.
   */
  readonly pending: (orgId: string, customerIds: readonly string[]) => RawBuilder<boolean>;
  /** The work; safe to call when `pending` was not evaluated (it checks again itself). */
  readonly run: (db: Db, actor: Actor, posted: ApplicationsPosted) => Promise<void>;
}

// The ledger is a low floor: what a higher area must do when money lands (a promise kept, a plan
// completed) cannot be called from here without the ledger importing upwards. The higher area
// registers a hook instead, once per process, from the assembly (src/server/register-hooks.ts);
// the hook runs in the same transaction as the applications, so both commit or neither does.
const hooks = new Map<string, ApplicationsPostedHook>();

/** Registers (or replaces) the hook named `name`; registering twice is harmless. */
export function onApplicationsPosted(name: string, hook: ApplicationsPostedHook): void {
  hooks.set(name, hook);
}

/** The names of the registered hooks, for the check that every entry point registers them. */
export function applicationsPostedHookNames(): string[] {
  return [...hooks.keys()].sort();
}

/** Every hook's `pending` test for these customers, in the order runApplicationsPostedHooks takes. */
export function applicationsPostedProbes(
  orgId: string,
  customerIds: readonly string[],
): RawBuilder<boolean>[] {
  return [...hooks.values()].map((hook) => hook.pending(orgId, customerIds));
}

/**
 * Runs the hooks; `pending`, when given, is what applicationsPostedProbes' tests answered in the
 * statement that wrote the applications, and a hook whose test was false is skipped.
 */
export async function runApplicationsPostedHooks(
  db: Db,
  actor: Actor,
  posted: ApplicationsPosted,
  pending?: readonly boolean[],
): Promise<void> {
  for (const [index, hook] of [...hooks.values()].entries()) {
    if (pending?.[index] === false) continue;
    await hook.run(db, actor, posted);
  }
}
