import { calendarDateAt, type CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import {
  findOrganization as findOrganizationRow,
  listOrganizations as listOrganizationRows,
  organizationTimeZone,
  sellerRow,
} from './organization.sql.js';
import { now as clockNow } from '../core/clock.js';

/** Today in the organization's time zone: the default date of documents and applications. */
export async function organizationToday(
  db: Db,
  orgId: string,
  now: Date = clockNow(),
): Promise<CalendarDate> {
  return calendarDateAt(now, await organizationTimeZone(db, orgId));
}

/** The organization with this id or slug, or undefined. */
export async function findOrganization(db: Db, idOrSlug: string) {
  return findOrganizationRow(db, idOrSlug);
}

/** Every organization of the database, oldest first: for the scheduler and the CLI's default. */
export async function listOrganizations(db: Db) {
  return listOrganizationRows(db);
}

/** The organization's master data as a seller, as an issued document freezes it. */
export async function findSellerRow(db: Db, orgId: string) {
  return sellerRow(db, orgId);
}
