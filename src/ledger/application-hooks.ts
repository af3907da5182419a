import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';

/** Money just applied to a customer's invoices, inside the transaction that applied it. */
export interface ApplicationsPosted {
  readonly appliedOn: CalendarDate;
  readonly customerIds: readonly string[];
}

export type ApplicationsPostedHook = (
  db: Db,
  actor: Actor,
  posted: ApplicationsPosted,
) => Promise<void>;

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

export async function runApplicationsPostedHooks(
  db: Db,
  actor: Actor,
  posted: ApplicationsPosted,
): Promise<void> {
  for (const hook of hooks.values()) await hook(db, actor, posted);
}
