import { AppError } from '../core/errors.js';
import type { Db } from '../platform/db/database.js';
import { findUser as findUserRow, findUserByEmail as findUserRowByEmail } from './user.sql.js';

// How the other areas read users (a task's assignee, a goal's owner, a customer's collector):
// they join the caller's transaction and never read the users table themselves.

/** The organization's user with this id, or undefined. */
export async function findUser(db: Db, orgId: string, id: string) {
  return findUserRow(db, orgId, id);
}

/** The organization's user with this e-mail (any case), or undefined. */
export async function findUserByEmail(db: Db, orgId: string, email: string) {
  return findUserRowByEmail(db, orgId, email);
}

/**
 * The user with this e-mail, for commands that name people by e-mail. Codes: `code` (by default
 * user_not_found), on `field`.
 */
export async function requireUserByEmail(
  db: Db,
  orgId: string,
  email: string,
  field: string,
  code = 'user_not_found',
) {
  const user = await findUserRowByEmail(db, orgId, email);
  if (!user)
    throw new AppError(
      'not_found',
      code,
      `No user of this organization has the e-mail "${email}".`,
      field,
    );
  return user;
}
