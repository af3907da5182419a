import type { LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/auth/manage-users.service.js';
import type { Role } from '../../src/core/roles.js';
import type { Actor } from '../../src/core/actor.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { newOrganization } from './organization.js';
import { openTestDatabase } from './test-database.js';

/** An organization with an owner's API token, and a request helper that sends it. */
export async function apiClient(app: App, database: Database, options: { currency?: string } = {}) {
  const organization = await newOrganization(database, options);
  const token = await createApiToken(database, organization.actor, { name: 'tests' });
  const headers = { authorization: `Bearer ${token.token}` };
  async function request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...headers, ...extraHeaders },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }
  return { ...organization, token: token.token, request };
}

/** A token of the user's own, as that user would make it (a token acts only as its maker). */
export async function tokenOf(
  database: Database,
  orgId: string,
  user: { id: string; name: string; role: string },
) {
  const actor: Actor = {
    orgId,
    type: 'user',
    id: user.id,
    name: user.name,
    role: user.role as Role,
  };
  return createApiToken(database, actor, { name: `${user.name}'s token` });
}

export type ApiClient = Awaited<ReturnType<typeof apiClient>>;

export async function createdCustomer(client: ApiClient, body: Record<string, unknown> = {}) {
  const response = await client.request('POST', '/customers', {
    ref: `C-${Math.random().toString(36).slice(2, 8)}`,
    name: 'Acme',
    currency: 'EUR',
    ...body,
  });
  if (response.statusCode !== 201) throw new Error(`customer not created: ${response.body}`);
  return response.json() as { id: string; ref: string };
}

export async function issuedInvoice(
  client: ApiClient,
  customerId: string,
  unitPrice = '100.00',
  issuedOn = '2026-01-10',
) {
  const response = await client.request('POST', '/invoices', {
    customer_id: customerId,
    issue: true,
    issued_on: issuedOn,
    lines: [{ description: 'Work', quantity: '1', unit_price: unitPrice }],
  });
  if (response.statusCode !== 201) throw new Error(`invoice not created: ${response.body}`);
  return response.json() as {
    id: string;
    number: string;
    total: string;
    open: string;
    status: string;
  };
}

export interface ApiServer {
  readonly database: Database;
  readonly app: App;
  readonly client: ApiClient;
}

/** A test file's database, the server on it and an owner's client: `beforeAll(async () => ({ database, app, client } = await startApiServer()))`. */
export async function startApiServer(): Promise<ApiServer> {
  const database = await openTestDatabase();
  const app = await buildServer({ database });
  return { database, app, client: await apiClient(app, database) };
}

/** Closes what startApiServer opened, whatever of it was opened. */
export async function stopApiServer(server: {
  app?: App | undefined;
  database?: Database | undefined;
}): Promise<void> {
  await server.app?.close();
  await server.database?.close();
}
