import { calendarDateAt, type CalendarDate } from '../core/calendar-date.js';
import type { Db } from '../platform/db/database.js';
import { organizationTimeZone } from './organization.sql.js';
import { now as clockNow } from '../core/clock.js';

/** Today in the organization's time zone: the default date of documents and applications. */
export async function organizationToday(db: Db, orgId: string, now: Date = clockNow()): Promise<CalendarDate> {
  return calendarDateAt(now, await organizationTimeZone(db, orgId));
}
