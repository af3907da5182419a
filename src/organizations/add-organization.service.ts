import { AppError } from '../core/errors.js';
import type { Db } from '../platform/db/database.js';
import { insertOrganization, slugExists } from './organization.sql.js';

/**
 * Adds an organization with its document sequences, inside the caller's transaction (auth's
 * createOrganization, which also creates the first owner). A slug that was asked for must be
 * free; a slug derived from the name gets the end of the id when it is taken. Returns the slug.
 * Codes: organization_slug_taken.
 */
export async function addOrganization(
  db: Db,
  org: {
    id: string;
    slug: string;
    slugGiven: boolean;
    name: string;
    baseCurrency: string;
    timeZone: string;
  },
): Promise<string> {
  let slug = org.slug;
  if (await slugExists(db, slug)) {
    if (org.slugGiven)
      throw new AppError(
        'conflict',
        'organization_slug_taken',
        `The slug "${slug}" is taken.`,
        'slug',
      );
    slug = `${slug}-${org.id.slice(-6)}`;
  }
  await insertOrganization(db, {
    id: org.id,
    slug,
    name: org.name,
    baseCurrency: org.baseCurrency,
    timeZone: org.timeZone,
  });
  return slug;
}
