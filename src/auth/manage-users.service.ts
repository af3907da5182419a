import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { hashPassword } from '../platform/auth/password.js';
import type { Database } from '../platform/db/database.js';
import { apiTokenPrefix, newSecret, normalizeEmail, passwordLengthMin, secretHash } from './credentials.js';
import { isRole } from './roles.js';
import { emailTaken, findUser, insertApiToken, insertUser, revokeApiToken } from './user.sql.js';

/**
 * Adds a user to the actor's organization.
 * Codes: email_invalid, role_invalid, password_too_short, user_email_taken, role_not_grantable.
 */
export async function createUser(
  database: Database,
  actor: Actor,
  input: { email: string; name: string; role: string; password: string },
) {
  const email = normalizeEmail(input.email);
  if (!email) throw new AppError('invalid', 'email_invalid', `"${input.email}" is not an e-mail address.`, 'email');
  if (!isRole(input.role)) throw new AppError('invalid', 'role_invalid', `"${input.role}" is not a role.`, 'role');
  if (input.role === 'owner' && actor.role !== 'owner') {
    throw new AppError('forbidden', 'role_not_grantable', 'Only an owner can add another owner.', 'role');
  }
  if (input.password.length < passwordLengthMin) {
    throw new AppError('invalid', 'password_too_short', `A password has at least ${passwordLengthMin} characters.`, 'password');
  }
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  return database.transaction(async ({ db }) => {
    if (await emailTaken(db, actor.orgId, email)) {
      throw new AppError('conflict', 'user_email_taken', `A user with ${email} exists.`, 'email');
    }
    await insertUser(db, { orgId: actor.orgId, id, email, name: input.name.trim() || email, role: input.role, passwordHash });
    await recordAudit(db, actor, [{ action: 'user.created', entityType: 'user', entityId: id, after: { email, role: input.role } }]);
    return (await findUser(db, actor.orgId, id))!;
  });
}

/** Creates an API token acting as the actor's user; the secret is returned once. */
export async function createApiToken(database: Database, actor: Actor, input: { name: string; userId?: string | undefined }) {
  const userId = input.userId ?? actor.id;
  if (!userId) throw new AppError('invalid', 'user_required', 'Name the user the token acts as.', 'user_id');
  if (userId !== actor.id && actor.role !== 'owner' && actor.role !== 'admin') {
    throw new AppError('forbidden', 'forbidden', 'Only owners and admins create tokens for other users.', 'user_id');
  }
  const name = input.name.trim();
  if (!name) throw new AppError('invalid', 'token_name_required', 'The token needs a name.', 'name');
  const secret = newSecret(apiTokenPrefix);
  const id = newId();
  return database.transaction(async ({ db }) => {
    const user = await findUser(db, actor.orgId, userId);
    if (!user) throw AppError.notFound('user', 'user_id');
    await insertApiToken(db, { orgId: actor.orgId, id, userId, name, prefix: secret.slice(0, 10), hash: secretHash(secret) });
    await recordAudit(db, actor, [{ action: 'api_token.created', entityType: 'api_token', entityId: id, after: { name, userId } }]);
    return { id, name, userId, token: secret };
  });
}

export async function revokeToken(database: Database, actor: Actor, tokenId: string) {
  return database.transaction(async ({ db }) => {
    const revoked = await revokeApiToken(db, actor.orgId, tokenId);
    if (!revoked) throw AppError.notFound('api_token');
    await recordAudit(db, actor, [{ action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId }]);
    return revoked;
  });
}
