import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorForApiToken, actorForSession } from './authenticate.service.js';
import { can, type Permission } from '../core/roles.js';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { now } from '../core/clock.js';

export const sessionCookie = 'settle_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Who is calling: an API token (`Authorization: Bearer stl_…`) or a session cookie. A request
 * that changes state with a session cookie must echo the session's CSRF token in
 * `X-CSRF-Token`, so that another site cannot make the browser send it.
 */
async function authenticate(database: Database, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await actorForApiToken(database, match[1]!) : null;
    if (!actor)
      throw new AppError(
        'unauthenticated',
        'token_invalid',
        'The API token is unknown or revoked.',
      );
    return actor;
  }
  const cookie = request.cookies[sessionCookie];
  if (cookie) {
    const session = await actorForSession(database, cookie, now());
    if (!session)
      throw new AppError(
        'unauthenticated',
        'session_expired',
        'The session has expired; log in again.',
      );
    if (!safeMethods.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(
        'forbidden',
        'csrf_token_invalid',
        'The X-CSRF-Token header is missing or wrong.',
        'X-CSRF-Token',
      );
    }
    return session.actor;
  }
  throw new AppError(
    'unauthenticated',
    'authentication_required',
    'Send an API token (Authorization: Bearer …) or log in.',
  );
}

export type PermitHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly permissions: readonly Permission[];
};

/**
 * A hook that lets the request through only for an actor whose role grants `permission`. Routes
 * name it as their preHandler; the server moves it before validation (see server.ts), so that a
 * caller without the right is told so before anything about its input, and writes its
 * permission into the OpenAPI document (x-permissions).
 */
export function permit(database: Database, permission: Permission): PermitHook {
  const hook = async (request: FastifyRequest, _reply: FastifyReply) => {
    request.actor ??= await authenticate(database, request);
    if (!can(request.actor.role, permission)) {
      throw new AppError(
        'forbidden',
        'forbidden',
        `The ${request.actor.role} role may not do this (${permission}).`,
      );
    }
  };
  return Object.assign(hook, { permissions: [permission] as const });
}

export function isPermitHook(value: unknown): value is PermitHook {
  return (
    typeof value === 'function' && Array.isArray((value as { permissions?: unknown }).permissions)
  );
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor)
    throw new AppError('unauthenticated', 'authentication_required', 'Not authenticated.');
  return request.actor;
}
