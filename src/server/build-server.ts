import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import Fastify, { type FastifyServerFactory, type RouteOptions } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { authRoutes, authSchemas } from '../auth/auth.routes.js';
import { limits } from '../core/limits.js';
import { customerRoutes, customerSchemas } from '../customers/customer.routes.js';
import type { Database } from '../platform/db/database.js';
import type { App } from '../platform/http/app.js';
import { errorHandler } from '../platform/http/error-handler.js';
import { sharedSchemas } from '../platform/http/schemas.js';
import { isPermitHook } from '../auth/permit.routes.js';
import {
  ajvOptions,
  rejectMalformedText,
  schemaCompilers,
  serializerOptions,
  type SchemaCompilation,
} from '../platform/http/validation.js';
import { databaseRateLimitStore } from '../platform/http/rate-limit-store.js';
import { apiRoutes, apiSchemas } from './api-routes.js';
import { registerHooks } from './register-hooks.js';
import { webApp } from './web-app.js';

export interface ServerOptions {
  readonly database: Database;
  readonly logger?: boolean;
  /**
   * Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed (SETTLE_TRUSTED_PROXIES): behind TLS the session cookie is then Secure, and the rate
   * limits count the real client rather than the proxy. Nobody else's forwarded headers count.
   */
  readonly trustedProxies?: readonly string[];
  /** Overrides of the connection limits in core/limits.ts (tests make them small). */
  readonly connections?: Partial<ConnectionLimits>;
  /** Routes' schemas compile on first use unless a test asks for all of them at start. */
  readonly schemaCompilation?: SchemaCompilation;
}

export interface ConnectionLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly checkIntervalMs: number;
  readonly perAddressMax: number;
}

/**
 * Node's HTTP server with timeouts on every stage of a request, so that a client that opens a
 * connection and stalls (sends headers, then never the body) cannot hold it: Fastify's defaults
 * disable the request timeout.
 */
function httpServerWith(limitsInForce: ConnectionLimits): FastifyServerFactory {
  return (handler) => {
    const server = createServer(
      {
        headersTimeout: limitsInForce.headersTimeoutMs,
        requestTimeout: limitsInForce.requestTimeoutMs,
        keepAliveTimeout: limitsInForce.keepAliveTimeoutMs,
        connectionsCheckingInterval: limitsInForce.checkIntervalMs,
      },
      handler,
    );
    limitConnectionsPerAddress(server, limitsInForce.perAddressMax);
    return server;
  };
}

/** Closes a connection at once when its address already holds `max` open ones. */
function limitConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Headers on every answer: the web app loads nothing but its own files (no inline script, no
 * other origin, never inside a frame), browsers do not guess content types, and no page leaks
 * its address to another site. The API reference (Swagger UI) styles itself inline and draws
 * data: images, so its pages allow those two and nothing more.
 */
const appPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const docsPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function securityHeaders(url: string): Record<string, string> {
  return {
    'content-security-policy': url.startsWith('/api/docs') ? docsPolicy : appPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  };
}

/**
 * Moves each route's permission check from its preHandler to before validation, so that a caller
 * without the right gets 403 whatever its input (and learns nothing about what input would pass),
 * and records the permissions in the OpenAPI document as x-permissions.
 */
function checkPermissionsFirst(route: RouteOptions): void {
  const handlers = [route.preHandler ?? []].flat();
  const permits = handlers.filter(isPermitHook);
  if (permits.length === 0) return;
  route.preHandler = handlers.filter((handler) => !isPermitHook(handler));
  route.preValidation = [...permits, ...[route.preValidation ?? []].flat()];
  route.schema = {
    ...route.schema,
    'x-permissions': permits.flatMap((hook) => hook.permissions),
  } as typeof route.schema;
}

/**
 * An action without options (issue, disable, reset a password) is sent without a body, with or
 * without a JSON content type: that is an empty object, not Fastify's "body must be object" or its
 * internal code for an empty JSON body. A route whose body has required fields then names them.
 */
function acceptEmptyBodies(app: App): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    if (
      (request.body === undefined || request.body === null) &&
      request.routeOptions.schema?.body !== undefined
    ) {
      request.body = {};
    }
  });
}

/**
 * The HTTP server: the REST API under /api/v1, its OpenAPI 3.1 document at /api/openapi.json
 * and a browsable reference at /api/docs. Every route declares its schemas; the same schemas
 * validate requests, serialise responses and write the OpenAPI document.
 */
export async function buildServer(options: ServerOptions): Promise<App> {
  registerHooks();
  const connectionLimits: ConnectionLimits = {
    headersTimeoutMs: limits.requestHeadersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs,
    checkIntervalMs: limits.requestTimeoutCheckMs,
    perAddressMax: limits.connectionsPerAddressMax,
    ...options.connections,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    serverFactory: httpServerWith(connectionLimits),
    trustProxy:
      options.trustedProxies && options.trustedProxies.length > 0
        ? [...options.trustedProxies]
        : false,
    bodyLimit: limits.requestBodyBytesMax,
    ajv: ajvOptions,
    serializerOpts: serializerOptions,
    schemaController: schemaCompilers(options.schemaCompilation ?? 'on-first-use'),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.decorateRequest('actor', null);
  app.setErrorHandler(errorHandler);
  acceptEmptyBodies(app);
  app.addHook('preValidation', rejectMalformedText);
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(securityHeaders(request.url)))
      reply.header(name, value);
  });
  // An unknown address gets the API's error shape too, so a client reads every error one way.
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'route_not_found',
        message: `No route ${request.method} ${request.url.split('?', 1)[0]}.`,
      },
    }),
  );
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(options.database) as never,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Settle API',
        version: '1',
        description:
          'Accounts receivable: customers, invoices, credit notes, payments and their applications. Amounts are decimal strings ' +
          'in major units beside their ISO 4217 currency; dates are YYYY-MM-DD. Money-moving requests accept an Idempotency-Key.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (stl_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'settle_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  for (const schema of [
    ...sharedSchemas,
    ...customerSchemas,
    ...authSchemas,
    ...apiSchemas,
  ] as TSchema[])
    app.addSchema(schema);
  app.addHook('onRoute', checkPermissionsFirst);
  await app.register(
    async (api) => {
      const context = { app: api as unknown as App, database: options.database };
      await authRoutes(context);
      await customerRoutes(context);
      await apiRoutes(context);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await app.register(webApp);
  return app;
}
