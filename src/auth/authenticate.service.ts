import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import { hashPassword, verifyPassword } from '../platform/auth/password.js';
import type { Database } from '../platform/db/database.js';
import { newSecret, normalizeEmail, secretHash, sessionTokenPrefix } from './credentials.js';
import { isRole } from '../core/roles.js';
import {
  deleteSession,
  findLoginCandidates,
  findSessionPrincipal,
  findTokenPrincipal,
  insertSession,
} from './user.sql.js';
import { now as clockNow } from '../core/clock.js';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

function asRole(role: string) {
  if (!isRole(role)) throw new Error(`unknown role ${role} in the database`);
  return role;
}

export async function actorForApiToken(database: Database, token: string): Promise<Actor | null> {
  const principal = await findTokenPrincipal(database.db, secretHash(token));
  if (!principal) return null;
  return {
    orgId: principal.org_id,
    type: 'token',
    id: principal.user_id,
    name: principal.name,
    role: asRole(principal.role),
  };
}

export async function actorForSession(
  database: Database,
  token: string,
  now: Date,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const principal = await findSessionPrincipal(database.db, secretHash(token), now);
  if (!principal) return null;
  return {
    actor: {
      orgId: principal.org_id,
      type: 'user',
      id: principal.user_id,
      name: principal.name,
      role: asRole(principal.role),
    },
    csrfToken: principal.csrf_token,
  };
}

/**
 * A hash of a random password, verified when no account matches, so that an unknown e-mail costs
 * the same Argon2 work as a known one: the answer's timing does not tell which e-mails exist.
 */
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(newSecret('decoy_'));
  return decoyHash;
}

/**
 * Checks an e-mail and password and opens a server-side session. An unknown e-mail, a wrong
 * password and a disabled user get the same answer after the same work, so that logging in cannot
 * probe which accounts exist. An e-mail in several organizations is checked against each at once
 * (in parallel, so no slower); only when the password is right for more than one is the caller
 * asked to name the organization, which tells nothing to someone without the password.
 * Codes: login_failed, organization_required.
 */
export async function logIn(
  database: Database,
  input: { email: string; password: string; organization?: string | undefined },
  now: Date,
) {
  const email = normalizeEmail(input.email) ?? '';
  const candidates = (await findLoginCandidates(database.db, email)).filter(
    (candidate) =>
      candidate.disabled_at === null &&
      candidate.password_hash !== null &&
      (!input.organization ||
        candidate.slug === input.organization ||
        candidate.org_id === input.organization),
  );
  const hashes =
    candidates.length === 0
      ? [await decoy()]
      : candidates.map((candidate) => candidate.password_hash!);
  const valid = await Promise.all(hashes.map((hash) => verifyPassword(hash, input.password)));
  const matching = candidates.filter((_, index) => valid[index]);
  if (matching.length > 1) {
    throw new AppError(
      'invalid',
      'organization_required',
      'This e-mail belongs to several organizations: name one.',
      'organization',
    );
  }
  const candidate = matching[0];
  if (!candidate)
    throw new AppError('unauthenticated', 'login_failed', 'The e-mail or password is wrong.');
  const token = newSecret(sessionTokenPrefix);
  const csrfToken = newSecret('');
  const id = newId();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  const actor: Actor = {
    orgId: candidate.org_id,
    type: 'user',
    id: candidate.id,
    name: candidate.name,
    role: asRole(candidate.role),
  };
  await database.transaction(async ({ db }) => {
    await insertSession(db, {
      orgId: candidate.org_id,
      id,
      userId: candidate.id,
      hash: secretHash(token),
      csrfToken,
      expiresAt,
    });
    await recordAudit(db, actor, [
      { action: 'session.created', entityType: 'session', entityId: id },
    ]);
  });
  return { token, csrfToken, expiresAt, actor };
}

/**
 * Ends a session; an unknown or expired token is not an error (logging out twice is fine). A live
 * session ends only with its CSRF token, so that another site cannot sign the user out.
 * Codes: csrf_token_invalid.
 */
export async function logOut(
  database: Database,
  token: string,
  csrfToken: string | undefined,
): Promise<void> {
  const session = await actorForSession(database, token, clockNow());
  if (session && csrfToken !== session.csrfToken) {
    throw new AppError(
      'forbidden',
      'csrf_token_invalid',
      'The X-CSRF-Token header is missing or wrong.',
      'X-CSRF-Token',
    );
  }
  await database.transaction(async ({ db }) => {
    await deleteSession(db, secretHash(token));
    if (session)
      await recordAudit(db, session.actor, [
        { action: 'session.ended', entityType: 'session', entityId: null },
      ]);
  });
}
