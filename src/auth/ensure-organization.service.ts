import { createOrganization, type CreatedOrganization } from './create-organization.service.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { findOrganization, listOrganizations } from '../organizations/find-organization.service.js';

/**
 * The organization a command or server acts for: the one named (by slug or id), or, when none is
 * named, the single organization of an embedded install, created with its first owner on first
 * use. With several organizations and none named, the caller must choose.
 * Codes: organization_not_found, organization_required.
 */
export async function ensureOrganization(
  database: Database,
  nameOrId: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ id: string; name: string; created: CreatedOrganization | null }> {
  if (nameOrId) {
    const organization = await findOrganization(database.db, nameOrId);
    if (!organization)
      throw new AppError(
        'not_found',
        'organization_not_found',
        `No organization "${nameOrId}".`,
        'org',
      );
    return { id: organization.id, name: organization.name, created: null };
  }
  const organizations = await listOrganizations(database.db);
  if (organizations.length === 1)
    return { id: organizations[0]!.id, name: organizations[0]!.name, created: null };
  if (organizations.length > 1) {
    throw new AppError(
      'invalid',
      'organization_required',
      `This database holds ${organizations.length} organizations: name one with --org (${organizations.map((o) => o.slug).join(', ')}).`,
      'org',
    );
  }
  const name = env.SETTLE_ORG_NAME ?? 'My Company';
  const created = await createOrganization(database, {
    name,
    baseCurrency: env.SETTLE_CURRENCY ?? 'EUR',
    timeZone: env.SETTLE_TIME_ZONE ?? 'UTC',
    ownerEmail: env.SETTLE_OWNER_EMAIL ?? 'owner@settle.local',
    ownerName: 'Owner',
  });
  return { id: created.orgId, name, created };
}
