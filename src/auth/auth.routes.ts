import { Type } from '@sinclair/typebox';
import { limits } from '../core/limits.js';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit, sessionCookie } from './permit.routes.js';
import { errorResponses, IdParams, ref, Id } from '../platform/http/schemas.js';
import { actorForSession, logIn, logOut, sessionLifetimeMs } from './authenticate.service.js';
import {
  changeOwnPassword,
  createApiToken,
  createUser,
  listTokensOf,
  listUsersOf,
  resetUserPassword,
  revokeToken,
  setUserDisabled,
  updateUserProfile,
  type UserKind,
} from './manage-users.service.js';
import { listPeople } from './list-people.service.js';
import { roles } from '../core/roles.js';
import { now } from '../core/clock.js';

const UserSchema = Type.Object(
  {
    id: ref(Id),
    email: Type.String(),
    name: Type.String(),
    role: Type.String({ enum: [...roles] }),
    kind: Type.String({
      enum: ['person', 'service'],
      description:
        'A person signs in with a password; a service user acts only through API tokens.',
    }),
    created_at: Type.String({ format: 'date-time' }),
    disabled_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'User' },
);

const PersonSchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    role: Type.String({ enum: [...roles] }),
    disabled: Type.Boolean(),
  },
  { $id: 'Person' },
);

const ApiTokenSchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    user_id: ref(Id),
    token_prefix: Type.String(),
    created_by: Type.Union([ref(Id), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiToken' },
);

const MeSchema = Type.Object(
  {
    organization_id: ref(Id),
    user_id: Type.Union([ref(Id), Type.Null()]),
    name: Type.String(),
    role: Type.String(),
    via: Type.String(),
    csrf_token: Type.Optional(
      Type.String({
        description:
          "GET /me with a session cookie only: the session's CSRF token, so that a new tab of the web app can send changes too",
      }),
    ),
  },
  { $id: 'Me' },
);

function userView(row: {
  id: string;
  email: string;
  name: string;
  role: string;
  kind: string;
  created_at: Date;
  disabled_at: Date | null;
}) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    kind: row.kind,
    created_at: new Date(row.created_at).toISOString(),
    disabled_at: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
  };
}

export async function authRoutes({ app, database }: RouteContext) {
  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: limits.loginAttemptsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in: opens a session cookie and returns its CSRF token',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            password: Type.String({ maxLength: 1000 }),
            organization: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            csrf_token: Type.String(),
            expires_at: Type.String({ format: 'date-time' }),
            me: ref(MeSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const session = await logIn(database, request.body, now());
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
        me: {
          organization_id: actor.orgId,
          user_id: actor.id,
          name: actor.name,
          role: actor.role,
          via: 'session',
        },
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log out: ends the session (send its X-CSRF-Token)',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      const csrf = request.headers['x-csrf-token'];
      if (token) await logOut(database, token, typeof csrf === 'string' ? csrf : undefined);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['auth'],
        summary: 'Who the caller is',
        response: { 200: ref(MeSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // Only this origin can read the answer (no CORS), so handing the token to a new tab of the
      // app keeps what the token protects against: another site sending changes in the user's name.
      const cookie = request.headers.authorization ? undefined : request.cookies[sessionCookie];
      const session = cookie ? await actorForSession(database, cookie, now()) : null;
      return {
        organization_id: actor.orgId,
        user_id: actor.id,
        name: actor.name,
        role: actor.role,
        via: actor.type,
        ...(session ? { csrf_token: session.csrfToken } : {}),
      };
    },
  );

  app.get(
    '/users',
    {
      preHandler: permit(database, 'users.manage'),
      schema: {
        tags: ['auth'],
        summary: 'List users',
        response: { 200: Type.Object({ items: Type.Array(ref(UserSchema)) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listUsersOf(database, actorOf(request))).map(userView) }),
  );

  app.get(
    '/people',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['auth'],
        summary: 'List the people of the organization',
        description:
          'Name and role of every person (not service users), by name: for choosing a collector, ' +
          "an assignee or a goal's owner. Every role may read it; the users list stays with owners and admins.",
        response: {
          200: Type.Object({ items: Type.Array(ref(PersonSchema)) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: (await listPeople(database, actorOf(request))).map((person) => ({
        id: person.id,
        name: person.name,
        role: person.role,
        disabled: person.disabled_at !== null,
      })),
    }),
  );

  app.post(
    '/users',
    {
      preHandler: permit(database, 'users.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Add a user',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            name: Type.String({ maxLength: 200 }),
            role: Type.String({ enum: [...roles] }),
            kind: Type.Optional(
              Type.String({
                enum: ['person', 'service'],
                description:
                  'person (default) or service: a program, with no password, that an owner gives API tokens',
              }),
            ),
            password: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 1000,
                description: 'required for a person, refused for a service user',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(UserSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { kind, ...rest } = request.body;
      return reply.status(201).send(
        userView(
          await createUser(database, actorOf(request), {
            ...rest,
            kind: kind as UserKind | undefined,
          }),
        ),
      );
    },
  );

  app.patch(
    '/users/:id',
    {
      preHandler: permit(database, 'users.manage'),
      schema: {
        tags: ['auth'],
        summary: "Change a user's role or name (owners only for the owner role)",
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Optional(Type.String({ enum: [...roles] })),
            name: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(UserSchema), ...errorResponses },
      },
    },
    async (request) =>
      userView(
        await updateUserProfile(database, actorOf(request), request.params.id, request.body),
      ),
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/users/:id/${action}`,
      {
        preHandler: permit(database, 'users.manage'),
        schema: {
          tags: ['auth'],
          summary: disabled
            ? 'Disable a user: ends its sessions and revokes its API tokens at once'
            : 'Enable a disabled user again (its revoked tokens stay revoked)',
          params: IdParams,
          response: {
            200: Type.Object({
              user: ref(UserSchema),
              sessions_ended: Type.Integer(),
              tokens_revoked: Type.Integer(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const result = await setUserDisabled(
          database,
          actorOf(request),
          request.params.id,
          disabled,
        );
        return {
          user: userView(result.user),
          sessions_ended: result.sessionsEnded,
          tokens_revoked: result.tokensRevoked,
        };
      },
    );
  }

  app.post(
    '/users/:id/reset-password',
    {
      preHandler: permit(database, 'users.manage'),
      schema: {
        tags: ['auth'],
        summary:
          "Reset another user's password and end its sessions; without a password one is generated and returned once",
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            user_id: ref(Id),
            password: Type.Union([Type.String(), Type.Null()]),
            sessions_ended: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await resetUserPassword(database, actorOf(request), request.params.id, {
        password: request.body?.password,
      });
      return {
        user_id: result.user.id,
        password: result.password,
        sessions_ended: result.sessionsEnded,
      };
    },
  );

  app.post(
    '/me/password',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['auth'],
        summary: "Change one's own password; one's other sessions end",
        body: Type.Object(
          {
            current_password: Type.String({ maxLength: 1000 }),
            new_password: Type.String({ maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ other_sessions_ended: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const result = await changeOwnPassword(database, actorOf(request), {
        currentPassword: request.body.current_password,
        newPassword: request.body.new_password,
        currentSessionToken: request.cookies[sessionCookie],
      });
      return { other_sessions_ended: result.sessionsEnded };
    },
  );

  app.get(
    '/api-tokens',
    {
      preHandler: permit(database, 'tokens.manage'),
      schema: {
        tags: ['auth'],
        summary: 'List API tokens (never their secrets)',
        response: {
          200: Type.Object({ items: Type.Array(ref(ApiTokenSchema)) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const visible = await listTokensOf(database, actorOf(request));
      return {
        items: visible.map((row) => ({
          ...row,
          created_at: new Date(row.created_at).toISOString(),
          revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/api-tokens',
    {
      preHandler: permit(database, 'tokens.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; the secret is returned once',
        description:
          'A token acts as the user who makes it. An owner may instead name a service user it created (user_id).',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            user_id: Type.Optional(
              Type.String({
                format: 'uuid',
                description: 'a service user the calling owner created',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: ref(Id),
            name: Type.String(),
            user_id: ref(Id),
            token: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(database, actorOf(request), {
        name: request.body.name,
        userId: request.body.user_id,
      });
      return reply.status(201).send({
        id: created.id,
        name: created.name,
        user_id: created.userId,
        token: created.token,
      });
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      preHandler: permit(database, 'tokens.manage'),
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeToken(database, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}

export const authSchemas = [UserSchema, PersonSchema, ApiTokenSchema, MeSchema];
