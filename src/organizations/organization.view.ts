import { calendarDateAt } from '../core/calendar-date.js';
import { now } from '../core/clock.js';

/** The organization as the API shows it. */
export function organizationView(row: {
  id: string;
  slug: string;
  name: string;
  base_currency: string;
  time_zone: string;
  created_at: Date | string;
}) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    base_currency: row.base_currency,
    time_zone: row.time_zone,
    created_at: new Date(row.created_at).toISOString(),
    today: calendarDateAt(now(), row.time_zone),
  };
}
