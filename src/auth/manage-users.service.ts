import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { isId, newId } from '../core/ids.js';
import { now } from '../core/clock.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { generatePassword, hashPassword, verifyPassword } from '../platform/auth/password.js';
import type { Database, Db } from '../platform/db/database.js';
import { requireUserByEmail } from './find-user.service.js';
import {
  apiTokenPrefix,
  newSecret,
  normalizeEmail,
  passwordLengthMin,
  secretHash,
} from './credentials.js';
import { isRole, type Role } from '../core/roles.js';
import {
  countEnabledOwners,
  deleteUserSessions,
  emailTaken,
  findApiToken,
  findUser,
  insertApiToken,
  insertUser,
  listApiTokens,
  listUsers,
  lockUsers,
  passwordHashOf,
  revokeApiToken,
  revokeUserTokens,
  updateUser,
} from './user.sql.js';

export type UserKind = 'person' | 'service';

function checkPassword(password: string, field: string): void {
  if (password.length < passwordLengthMin) {
    throw new AppError(
      'invalid',
      'password_too_short',
      `A password has at least ${passwordLengthMin} characters.`,
      field,
    );
  }
}

/** Only an owner hands out, takes away or acts on the owner role: an admin stays below owners. */
function requireOwnerFor(actor: Actor, what: string, field?: string): void {
  if (actor.role !== 'owner')
    throw new AppError('forbidden', 'owner_required', `Only an owner can ${what}.`, field);
}

/**
 * Adds a user to the actor's organization: a person, who signs in with a password, or a service
 * user, a program's identity with no password that acts only through API tokens its owner makes.
 * Codes: email_invalid, role_invalid, password_too_short, password_required, user_email_taken,
 * owner_required.
 */
export async function createUser(
  database: Database,
  actor: Actor,
  input: {
    email: string;
    name: string;
    role: string;
    password?: string | undefined;
    kind?: UserKind | undefined;
  },
) {
  const kind = input.kind ?? 'person';
  const email = normalizeEmail(input.email);
  if (!email)
    throw new AppError(
      'invalid',
      'email_invalid',
      `"${input.email}" is not an e-mail address.`,
      'email',
    );
  if (!isRole(input.role))
    throw new AppError('invalid', 'role_invalid', `"${input.role}" is not a role.`, 'role');
  if (input.role === 'owner') {
    requireOwnerFor(actor, 'add another owner', 'role');
    if (kind === 'service')
      throw new AppError('invalid', 'role_invalid', 'A service user cannot be an owner.', 'role');
  }
  if (kind === 'service') {
    requireOwnerFor(actor, 'add a service user', 'kind');
    if (input.password !== undefined)
      throw new AppError(
        'invalid',
        'password_not_allowed',
        'A service user has no password: it acts through API tokens.',
        'password',
      );
  } else {
    if (input.password === undefined)
      throw new AppError(
        'invalid',
        'password_required',
        'A person needs a password to sign in.',
        'password',
      );
    checkPassword(input.password, 'password');
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const id = newId();
  return database.transaction(async ({ db }) => {
    if (await emailTaken(db, actor.orgId, email)) {
      throw new AppError('conflict', 'user_email_taken', `A user with ${email} exists.`, 'email');
    }
    await insertUser(db, {
      orgId: actor.orgId,
      id,
      email,
      name: input.name.trim() || email,
      role: input.role,
      passwordHash,
      kind,
      createdBy: actor.id,
    });
    await recordAudit(db, actor, [
      {
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { email, role: input.role, kind },
      },
    ]);
    return (await findUser(db, actor.orgId, id))!;
  });
}

/**
 * Creates an API token; the secret is returned once. A token acts as the user who makes it, with
 * that user's role, so that nobody can reach rights they do not have and the audit log names who
 * really acted. The one exception is a service user: its owner, the owner who created it, makes
 * its tokens, and the token records who made it.
 * Codes: token_for_other_user, user_not_found, token_name_required, user_required.
 */
export async function createApiToken(
  database: Database,
  actor: Actor,
  input: { name: string; userId?: string | undefined },
) {
  const userId = input.userId ?? actor.id;
  if (!userId)
    throw new AppError(
      'invalid',
      'user_required',
      'Name the service user the token acts as.',
      'user_id',
    );
  const name = input.name.trim();
  if (!name)
    throw new AppError('invalid', 'token_name_required', 'The token needs a name.', 'name');
  const secret = newSecret(apiTokenPrefix);
  const id = newId();
  return database.transaction(async ({ db }) => {
    const user = await findUser(db, actor.orgId, userId);
    if (!user) throw AppError.notFound('user', 'user_id');
    if (userId !== actor.id) {
      const ownService =
        user.kind === 'service' &&
        actor.role === 'owner' &&
        (actor.type === 'cli' || user.created_by === actor.id);
      if (!ownService) {
        throw new AppError(
          'forbidden',
          'token_for_other_user',
          'A token acts as the user who makes it; only the owner who created a service user makes tokens for it.',
          'user_id',
        );
      }
    }
    if (user.disabled_at !== null)
      throw new AppError('conflict', 'user_disabled', 'This user is disabled.', 'user_id');
    await insertApiToken(db, {
      orgId: actor.orgId,
      id,
      userId,
      name,
      prefix: secret.slice(0, 10),
      hash: secretHash(secret),
      createdBy: actor.id,
    });
    await recordAudit(db, actor, [
      {
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: id,
        after: { name, user_id: userId, user_kind: user.kind },
      },
    ]);
    return { id, name, userId, token: secret };
  });
}

/** Revokes a token: its own user's, or any as an owner. Codes: api_token_not_found, token_not_yours. */
export async function revokeToken(database: Database, actor: Actor, tokenId: string) {
  if (!isId(tokenId)) throw AppError.notFound('api_token', 'id');
  return database.transaction(async ({ db }) => {
    const token = await findApiToken(db, actor.orgId, tokenId);
    if (!token || token.revoked_at !== null) throw AppError.notFound('api_token');
    if (token.user_id !== actor.id && actor.role !== 'owner') {
      throw new AppError(
        'forbidden',
        'token_not_yours',
        "Only the token's user or an owner can revoke it.",
        'id',
      );
    }
    const revoked = await revokeApiToken(db, actor.orgId, tokenId);
    if (!revoked) throw AppError.notFound('api_token');
    await recordAudit(db, actor, [
      {
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: tokenId,
        before: { name: token.name, user_id: token.user_id },
      },
    ]);
    return revoked;
  });
}

async function targetUser(db: Db, actor: Actor, userId: string) {
  const user = await findUser(db, actor.orgId, userId);
  if (!user) throw AppError.notFound('user', 'id');
  // An admin manages everyone below owner; owners are managed by owners.
  if (user.role === 'owner') requireOwnerFor(actor, 'change an owner');
  return user;
}

/** Refuses a change that would leave the organization with no enabled owner. */
async function keepAnOwner(db: Db, orgId: string): Promise<void> {
  if ((await countEnabledOwners(db, orgId)) === 0) {
    throw new AppError(
      'conflict',
      'last_owner',
      'The organization must keep at least one enabled owner.',
      'id',
    );
  }
}

/**
 * Changes a user's role or name. The role takes effect on the user's next request (sessions and
 * tokens read the role from the user). Codes: user_not_found, owner_required, role_invalid, last_owner.
 */
export async function updateUserProfile(
  database: Database,
  actor: Actor,
  userId: string,
  changes: { role?: string | undefined; name?: string | undefined },
) {
  if (changes.role !== undefined && !isRole(changes.role))
    throw new AppError('invalid', 'role_invalid', `"${changes.role}" is not a role.`, 'role');
  const role = changes.role as Role | undefined;
  return database.transaction(async ({ db }) => {
    await lockUsers(db, actor.orgId);
    const before = await targetUser(db, actor, userId);
    // Nothing asked to change: the user as it is, and nothing in the audit log.
    if (role === undefined && changes.name === undefined)
      return (await findUser(db, actor.orgId, userId))!;
    if (role === 'owner') {
      requireOwnerFor(actor, 'make someone an owner', 'role');
      if (before.kind === 'service')
        throw new AppError('invalid', 'role_invalid', 'A service user cannot be an owner.', 'role');
    }
    const name = changes.name === undefined ? undefined : changes.name.trim() || before.email;
    await updateUser(db, actor.orgId, userId, { role, name });
    await keepAnOwner(db, actor.orgId);
    const after = (await findUser(db, actor.orgId, userId))!;
    await recordAudit(db, actor, [
      {
        action: 'user.updated',
        entityType: 'user',
        entityId: userId,
        before: { role: before.role, name: before.name },
        after: { role: after.role, name: after.name },
      },
    ]);
    return after;
  });
}

/**
 * Disables a user: at once its sessions end and its tokens are revoked, and it can no longer sign
 * in. Enabling it again restores sign-in, not the tokens. Codes: user_not_found, owner_required, last_owner.
 */
export async function setUserDisabled(
  database: Database,
  actor: Actor,
  userId: string,
  disabled: boolean,
) {
  return database.transaction(async ({ db }) => {
    await lockUsers(db, actor.orgId);
    const before = await targetUser(db, actor, userId);
    if (disabled === (before.disabled_at !== null))
      return { user: before, sessionsEnded: 0, tokensRevoked: 0 };
    await updateUser(db, actor.orgId, userId, { disabledAt: disabled ? now() : null });
    let sessionsEnded = 0;
    let tokensRevoked = 0;
    if (disabled) {
      await keepAnOwner(db, actor.orgId);
      sessionsEnded = await deleteUserSessions(db, actor.orgId, userId);
      tokensRevoked = await revokeUserTokens(db, actor.orgId, userId);
    }
    await recordAudit(db, actor, [
      {
        action: disabled ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: userId,
        after: disabled
          ? { sessions_ended: sessionsEnded, tokens_revoked: tokensRevoked }
          : undefined,
      },
    ]);
    return { user: (await findUser(db, actor.orgId, userId))!, sessionsEnded, tokensRevoked };
  });
}

/**
 * Sets another user's password, the one given or a generated one (returned once), and ends that
 * user's sessions. Codes: user_not_found, owner_required, password_too_short, service_user_has_no_password.
 */
export async function resetUserPassword(
  database: Database,
  actor: Actor,
  userId: string,
  input: { password?: string | undefined } = {},
) {
  const password = input.password ?? generatePassword();
  checkPassword(password, 'password');
  const passwordHash = await hashPassword(password);
  return database.transaction(async ({ db }) => {
    const user = await targetUser(db, actor, userId);
    if (user.kind === 'service')
      throw new AppError(
        'invalid',
        'service_user_has_no_password',
        'A service user has no password: it acts through API tokens.',
        'id',
      );
    await updateUser(db, actor.orgId, userId, { passwordHash });
    const sessionsEnded = await deleteUserSessions(db, actor.orgId, userId);
    await recordAudit(db, actor, [
      {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: userId,
        after: { sessions_ended: sessionsEnded },
      },
    ]);
    return { user, password: input.password === undefined ? password : null, sessionsEnded };
  });
}

/**
 * Changes the signed-in user's own password, given the current one; the user's other sessions end,
 * the one making the change stays. Codes: password_wrong, password_too_short, user_required.
 */
export async function changeOwnPassword(
  database: Database,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; currentSessionToken?: string | undefined },
) {
  if (actor.id === null)
    throw new AppError(
      'invalid',
      'user_required',
      'Only a signed-in user has a password to change.',
    );
  const userId = actor.id;
  checkPassword(input.newPassword, 'new_password');
  const stored = await passwordHashOf(database.db, actor.orgId, userId);
  if (stored === null || !(await verifyPassword(stored, input.currentPassword))) {
    throw new AppError(
      'invalid',
      'password_wrong',
      'The current password is wrong.',
      'current_password',
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  return database.transaction(async ({ db }) => {
    await updateUser(db, actor.orgId, userId, { passwordHash });
    const keep =
      input.currentSessionToken === undefined ? undefined : secretHash(input.currentSessionToken);
    const sessionsEnded = await deleteUserSessions(db, actor.orgId, userId, keep);
    await recordAudit(db, actor, [
      {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: userId,
        after: { other_sessions_ended: sessionsEnded },
      },
    ]);
    return { sessionsEnded };
  });
}

/** The user with this e-mail, for the CLI, whose options name people by e-mail. Codes: user_not_found. */
export async function userByEmail(database: Database, actor: Actor, email: string, field: string) {
  return requireUserByEmail(database.db, actor.orgId, email, field);
}

export async function listUsersOf(database: Database, actor: Actor) {
  return listUsers(database.db, actor.orgId);
}

/** The organization's tokens for owners and admins; one's own for everyone else. */
export async function listTokensOf(database: Database, actor: Actor) {
  const rows = await listApiTokens(database.db, actor.orgId);
  return actor.role === 'owner' || actor.role === 'admin'
    ? rows
    : rows.filter((row) => row.user_id === actor.id);
}
