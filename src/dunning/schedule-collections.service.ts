import type { Actor } from '../core/actor.js';
import { listOrganizations } from '../organizations/find-organization.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import type { Database } from '../platform/db/database.js';
import { startPeriodic, type Periodic } from '../platform/jobs/periodic.js';
import { collectionsRunThrough } from './collections-run.sql.js';
import { deliverAllDue } from '../messaging/deliver-outbox.service.js';
import { runCollections, runDue } from './run-collections.service.js';

function systemActor(orgId: string): Actor {
  return { orgId, type: 'system', id: null, name: 'collections scheduler', role: 'owner' };
}

export type CollectionsScheduler = Periodic;

/**
 * Runs the collections once a day by itself inside the server: every minute it runs the day for
 * each organization whose last run is before its today (in its time zone), then delivers what is
 * due in the outbox. A server that was down runs once for today when it comes back; the policy
 * decides per invoice so that days missed never send a burst of reminders. Several servers on one
 * database are safe: a run holds the organization's collections lock and rechecks what was done.
 */
export function startCollectionsScheduler(
  database: Database,
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onRun?: (orgId: string, description: string) => void;
  } = {},
): CollectionsScheduler {
  return startPeriodic(
    async (stopped) => {
      for (const organization of await listOrganizations(database.db)) {
        if (stopped()) return;
        const today = await organizationToday(database.db, organization.id);
        if (!runDue(await collectionsRunThrough(database.db, organization.id), today)) continue;
        const result = await runCollections(database, systemActor(organization.id), {
          today,
          triggeredBy: 'scheduler',
        });
        options.onRun?.(organization.id, result.description);
      }
      if (!stopped()) await deliverAllDue(database);
    },
    { intervalMs: options.intervalMs ?? 60_000, onError: options.onError },
  );
}
