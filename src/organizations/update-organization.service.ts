import type { Actor } from '../core/actor.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import {
  checkedOrganizationName,
  checkedTimeZone,
  type OrganizationChanges,
} from './organization.js';
import { organizationSettingsRow, updateOrganizationRow } from './organization.sql.js';

/**
 * Renames the organization or moves it to another time zone (which moves its "today", the
 * default date of documents and of the daily collections run). The base currency is not
 * changed here: documents and reports are already kept in it.
 * Codes: organization_name_required, text_too_long, time_zone_invalid.
 */
export async function updateOrganization(
  database: Database,
  actor: Actor,
  changes: OrganizationChanges,
) {
  const name = changes.name === undefined ? undefined : checkedOrganizationName(changes.name);
  const timeZone = changes.timeZone === undefined ? undefined : checkedTimeZone(changes.timeZone);
  return database.transaction(async ({ db }) => {
    const before = await organizationSettingsRow(db, actor.orgId, { forUpdate: true });
    const after = { name: name ?? before.name, timeZone: timeZone ?? before.time_zone };
    if (after.name === before.name && after.timeZone === before.time_zone) return before;
    await updateOrganizationRow(db, actor.orgId, after);
    await recordAudit(db, actor, [
      {
        action: 'organization.updated',
        entityType: 'organization',
        entityId: actor.orgId,
        before: { name: before.name, time_zone: before.time_zone },
        after: { name: after.name, time_zone: after.timeZone },
      },
    ]);
    return { ...before, name: after.name, time_zone: after.timeZone };
  });
}
