import type { Db } from '../platform/db/database.js';
import { now as clockNow } from '../core/clock.js';

export async function insertUser(
  db: Db,
  user: {
    orgId: string;
    id: string;
    email: string;
    name: string;
    role: string;
    passwordHash: string | null;
    kind: 'person' | 'service';
    createdBy: string | null;
  },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      org_id: user.orgId,
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
      kind: user.kind,
      created_by: user.createdBy,
    })
    .execute();
}

const userColumns = [
  'org_id',
  'id',
  'email',
  'name',
  'role',
  'kind',
  'created_by',
  'created_at',
  'disabled_at',
] as const;

/** The organization's people (not its service users), by name: whom a filter or a task can name. */
export async function listPeople(db: Db, orgId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'disabled_at'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'person')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function listUsers(db: Db, orgId: string) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

export async function findUser(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Users with this email across organizations, with their password hash, for logging in. */
export async function findLoginCandidates(db: Db, email: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'users.org_id',
      'users.id',
      'users.name',
      'users.role',
      'users.password_hash',
      'users.disabled_at',
      'organizations.slug',
    ])
    .where('users.email', '=', email)
    .execute();
}

/** The user by e-mail (as typed: case and spaces do not matter). */
export async function findUserByEmail(db: Db, orgId: string, email: string) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('org_id', '=', orgId)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

/** Locks the organization's users for a change that must keep at least one enabled owner. */
export async function lockUsers(db: Db, orgId: string): Promise<void> {
  await db.selectFrom('users').select('id').where('org_id', '=', orgId).forUpdate().execute();
}

export async function countEnabledOwners(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updateUser(
  db: Db,
  orgId: string,
  id: string,
  changes: { role?: string; name?: string; disabledAt?: Date | null; passwordHash?: string },
): Promise<void> {
  const set = {
    ...(changes.role === undefined ? {} : { role: changes.role }),
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.disabledAt === undefined ? {} : { disabled_at: changes.disabledAt }),
    ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
  };
  // Nothing to change is not an UPDATE: "UPDATE users SET WHERE …" is not SQL.
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function passwordHashOf(db: Db, orgId: string, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

/** Ends the user's sessions, all of them or all but the one with this token hash; returns how many ended. */
export async function deleteUserSessions(
  db: Db,
  orgId: string,
  userId: string,
  keepTokenHash?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('org_id', '=', orgId).where('user_id', '=', userId);
  if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Revokes every live token that acts as the user; returns how many. */
export async function revokeUserTokens(db: Db, orgId: string, userId: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: clockNow() })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findApiToken(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'created_by', 'revoked_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function emailTaken(db: Db, orgId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertApiToken(
  db: Db,
  token: {
    orgId: string;
    id: string;
    userId: string;
    name: string;
    prefix: string;
    hash: string;
    createdBy: string | null;
  },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      org_id: token.orgId,
      id: token.id,
      user_id: token.userId,
      name: token.name,
      token_prefix: token.prefix,
      token_hash: token.hash,
      created_by: token.createdBy,
    })
    .execute();
}

export async function listApiTokens(db: Db, orgId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'token_prefix', 'created_by', 'created_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

export async function revokeApiToken(db: Db, orgId: string, id: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: clockNow() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/** The live principal behind a token hash: the token must be unrevoked and its user enabled. */
export async function findTokenPrincipal(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', (join) =>
      join
        .onRef('users.org_id', '=', 'api_tokens.org_id')
        .onRef('users.id', '=', 'api_tokens.user_id'),
    )
    .select([
      'api_tokens.org_id',
      'api_tokens.id as token_id',
      'users.id as user_id',
      'users.name',
      'users.role',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  session: {
    orgId: string;
    id: string;
    userId: string;
    hash: string;
    csrfToken: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      org_id: session.orgId,
      id: session.id,
      user_id: session.userId,
      token_hash: session.hash,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findSessionPrincipal(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.org_id', '=', 'sessions.org_id').onRef('users.id', '=', 'sessions.user_id'),
    )
    .select([
      'sessions.org_id',
      'sessions.id as session_id',
      'sessions.csrf_token',
      'users.id as user_id',
      'users.name',
      'users.role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
