import { Type } from '@sinclair/typebox';
import { limits } from '../core/limits.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit, sessionCookie } from '../platform/http/authentication.js';
import { errorResponses, IdParams, ref, Id } from '../platform/http/schemas.js';
import { logIn, logOut, sessionLifetimeMs } from './authenticate.service.js';
import { createApiToken, createUser, revokeToken } from './manage-users.service.js';
import { roles } from './roles.js';
import { listApiTokens, listUsers } from './user.sql.js';

const UserSchema = Type.Object(
  {
    id: ref(Id),
    email: Type.String(),
    name: Type.String(),
    role: Type.String({ enum: [...roles] }),
    created_at: Type.String({ format: 'date-time' }),
    disabled_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'User' },
);

const ApiTokenSchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    user_id: ref(Id),
    token_prefix: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
    revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiToken' },
);

const MeSchema = Type.Object(
  { organization_id: ref(Id), user_id: Type.Union([ref(Id), Type.Null()]), name: Type.String(), role: Type.String(), via: Type.String() },
  { $id: 'Me' },
);

function userView(row: { id: string; email: string; name: string; role: string; created_at: Date; disabled_at: Date | null }) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    created_at: new Date(row.created_at).toISOString(),
    disabled_at: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
  };
}

export async function authRoutes({ app, database }: RouteContext) {
  app.post('/auth/login', {
    config: { rateLimit: { max: limits.loginAttemptsPerMinute, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'Log in: opens a session cookie and returns its CSRF token',
      body: Type.Object(
        { email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1000 }), organization: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({ csrf_token: Type.String(), expires_at: Type.String({ format: 'date-time' }), me: ref(MeSchema) }),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const session = await logIn(database, request.body, new Date());
    reply.setCookie(sessionCookie, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.protocol === 'https',
      maxAge: sessionLifetimeMs / 1000,
    });
    const actor = session.actor;
    return {
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt.toISOString(),
      me: { organization_id: actor.orgId, user_id: actor.id, name: actor.name, role: actor.role, via: 'session' },
    };
  });

  app.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'Log out: ends the session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await logOut(database, token);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/me', {
    preHandler: permit(database, 'read'),
    schema: { tags: ['auth'], summary: 'Who the caller is', response: { 200: ref(MeSchema), ...errorResponses } },
  }, async (request) => {
    const actor = actorOf(request);
    return { organization_id: actor.orgId, user_id: actor.id, name: actor.name, role: actor.role, via: actor.type };
  });

  app.get('/users', {
    preHandler: permit(database, 'users.manage'),
    schema: { tags: ['auth'], summary: 'List users', response: { 200: Type.Object({ items: Type.Array(ref(UserSchema)) }), ...errorResponses } },
  }, async (request) => ({ items: (await listUsers(database.db, actorOf(request).orgId)).map(userView) }));

  app.post('/users', {
    preHandler: permit(database, 'users.manage'),
    schema: {
      tags: ['auth'],
      summary: 'Add a user',
      body: Type.Object(
        {
          email: Type.String({ maxLength: 320 }),
          name: Type.String({ maxLength: 200 }),
          role: Type.String({ enum: [...roles] }),
          password: Type.String({ minLength: 1, maxLength: 1000 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: ref(UserSchema), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(userView(await createUser(database, actorOf(request), request.body))));

  app.get('/api-tokens', {
    preHandler: permit(database, 'tokens.manage'),
    schema: { tags: ['auth'], summary: 'List API tokens (never their secrets)', response: { 200: Type.Object({ items: Type.Array(ref(ApiTokenSchema)) }), ...errorResponses } },
  }, async (request) => {
    const actor = actorOf(request);
    const rows = await listApiTokens(database.db, actor.orgId);
    const visible = actor.role === 'owner' || actor.role === 'admin' ? rows : rows.filter((row) => row.user_id === actor.id);
    return {
      items: visible.map((row) => ({
        ...row,
        created_at: new Date(row.created_at).toISOString(),
        revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
      })),
    };
  });

  app.post('/api-tokens', {
    preHandler: permit(database, 'tokens.manage'),
    schema: {
      tags: ['auth'],
      summary: 'Create an API token; the secret is returned once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), user_id: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: ref(Id), name: Type.String(), user_id: ref(Id), token: Type.String() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const created = await createApiToken(database, actorOf(request), { name: request.body.name, userId: request.body.user_id });
    return reply.status(201).send({ id: created.id, name: created.name, user_id: created.userId, token: created.token });
  });

  app.delete('/api-tokens/:id', {
    preHandler: permit(database, 'tokens.manage'),
    schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await revokeToken(database, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}

export const authSchemas = [UserSchema, ApiTokenSchema, MeSchema];
