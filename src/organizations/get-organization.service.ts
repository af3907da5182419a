import type { Actor } from '../core/actor.js';
import type { Database } from '../platform/db/database.js';
import { organizationSettingsRow } from './organization.sql.js';

/** The caller's organization: its name, slug, base currency and time zone. */
export async function getOrganizationSettings(database: Database, actor: Actor) {
  return organizationSettingsRow(database.db, actor.orgId);
}
