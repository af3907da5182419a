import type { Actor } from '../core/actor.js';
import type { Database } from '../platform/db/database.js';
import { listPeople as listPeopleRows } from './user.sql.js';

/**
 * The organization's people, for everyone who has to pick one (the collector of a report, the
 * assignee of a task): their name and role, not their e-mail or anything else of the users list,
 * which stays with owners and admins. Service users are not people and are left out.
 */
export async function listPeople(database: Database, actor: Actor) {
  return listPeopleRows(database.db, actor.orgId);
}
