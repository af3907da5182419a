import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseCurrency } from '../core/money.js';
import { unwrap } from '../core/errors.js';
import { addOrganization } from '../organizations/add-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { generatePassword, hashPassword } from '../platform/auth/password.js';
import type { Database } from '../platform/db/database.js';
import { normalizeEmail } from './credentials.js';
import { insertUser } from './user.sql.js';

export interface CreateOrganizationInput {
  readonly name: string;
  readonly slug?: string | undefined;
  readonly baseCurrency: string;
  readonly timeZone?: string | undefined;
  readonly ownerEmail: string;
  readonly ownerName?: string | undefined;
  /** Generated and returned once when absent. */
  readonly ownerPassword?: string | undefined;
}

export interface CreatedOrganization {
  readonly orgId: string;
  readonly slug: string;
  readonly ownerId: string;
  readonly ownerEmail: string;
  /** Present only when it was generated: shown once, never stored in clear. */
  readonly generatedPassword: string | null;
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'org'
  );
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates an organization with its document sequences and first owner.
 * Codes: organization_name_required, currency_unknown, time_zone_invalid, email_invalid,
 * organization_slug_taken.
 */
export async function createOrganization(
  database: Database,
  input: CreateOrganizationInput,
  createdBy: Pick<Actor, 'type' | 'name'> = { type: 'system', name: 'system' },
): Promise<CreatedOrganization> {
  const name = input.name.trim();
  if (!name)
    throw new AppError(
      'invalid',
      'organization_name_required',
      'The organization needs a name.',
      'name',
    );
  const currency = unwrap(parseCurrency(input.baseCurrency, 'base_currency'));
  const timeZone = input.timeZone ?? 'UTC';
  if (!validTimeZone(timeZone))
    throw new AppError(
      'invalid',
      'time_zone_invalid',
      `"${timeZone}" is not a time zone.`,
      'time_zone',
    );
  const email = normalizeEmail(input.ownerEmail);
  if (!email)
    throw new AppError(
      'invalid',
      'email_invalid',
      `"${input.ownerEmail}" is not an e-mail address.`,
      'owner_email',
    );
  const generatedPassword = input.ownerPassword === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.ownerPassword ?? generatedPassword!);
  const orgId = newId();
  const ownerId = newId();
  const slug = await database.transaction(async ({ db }) => {
    const slug = await addOrganization(db, {
      id: orgId,
      slug: input.slug ?? slugify(name),
      slugGiven: Boolean(input.slug),
      name,
      baseCurrency: currency,
      timeZone,
    });
    await insertUser(db, {
      orgId,
      id: ownerId,
      email,
      name: input.ownerName ?? 'Owner',
      role: 'owner',
      passwordHash,
      kind: 'person',
      createdBy: null,
    });
    const actor: Actor = {
      orgId,
      type: createdBy.type,
      id: null,
      name: createdBy.name,
      role: 'owner',
    };
    await recordAudit(db, actor, [
      {
        action: 'organization.created',
        entityType: 'organization',
        entityId: orgId,
        after: { name, slug, currency, timeZone },
      },
      {
        action: 'user.created',
        entityType: 'user',
        entityId: ownerId,
        after: { email, role: 'owner' },
      },
    ]);
    return slug;
  });
  return { orgId, slug, ownerId, ownerEmail: email, generatedPassword };
}
