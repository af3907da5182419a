// The role matrix: every write route of the OpenAPI document, tried by a user of each of the six
// roles. A role without the route's permission (the document's x-permissions) gets 403
// "forbidden", before anything about its input is looked at; a role with it is never refused
// for its role. Every write route must declare a permission. Built from the
// document, so a route added tomorrow is in the matrix tomorrow.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import { can, roles, type Permission, type Role } from '../../src/core/roles.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import {
  apiClient,
  createdCustomer,
  issuedInvoice,
  tokenOf,
  type ApiClient,
} from '../support/api.js';
import { apiDocument, plausibleValue, resolver } from '../support/openapi-requests.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let owner: ApiClient;
const tokens = new Map<Role, string>();
let ids: string[];

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  owner = await apiClient(app, database);
  tokens.set('owner', owner.token);
  for (const role of roles.filter((item) => item !== 'owner')) {
    const user = await createUser(database, owner.actor, {
      email: `${role}-${randomBytes(3).toString('hex')}@example.test`,
      name: `The ${role}`,
      role,
      password: 'correct horse battery staple',
    });
    tokens.set(role, (await tokenOf(database, owner.orgId, user)).token);
  }
  const customer = await createdCustomer(owner);
  const invoice = await issuedInvoice(owner, customer.id, '100.00', '2026-01-10');
  ids = [customer.id, invoice.id];
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the role matrix', () => {
  it('refuses every write to each role without its permission, and only those', async () => {
    const document = await apiDocument(app);
    const resolve = resolver(document);
    let next = 0;
    const plausible = plausibleValue(document, () => ids[next++ % ids.length] ?? randomUUID());
    const mismatches: string[] = [];
    let cells = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (method === 'get') continue;
        const permissions = (operation['x-permissions'] ?? []) as Permission[];
        if (path.startsWith('/api/v1/auth/')) continue;
        expect(permissions.length, `${method} ${path} declares no permission`).toBeGreaterThan(0);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'id' ? randomUUID() : 'overdue_reminder',
        );
        const bodySchema = operation.requestBody
          ? resolve(Object.values(operation.requestBody.content)[0]!.schema)
          : undefined;
        for (const role of roles) {
          cells += 1;
          const response = await app.inject({
            method: method.toUpperCase() as 'POST',
            url,
            headers: {
              authorization: `Bearer ${tokens.get(role)}`,
              ...(bodySchema ? { 'content-type': 'application/json' } : {}),
            },
            ...(bodySchema ? { payload: JSON.stringify(plausible(bodySchema)) } : {}),
          });
          const allowed = permissions.every((permission) => can(role, permission));
          const refusedForRole =
            response.statusCode === 403 && response.json().error.code === 'forbidden';
          if (allowed === refusedForRole)
            mismatches.push(
              `${role} ${method.toUpperCase()} ${path}: ${response.statusCode} ${response.body.slice(0, 120)}`,
            );
        }
      }
    }
    expect(cells).toBeGreaterThan(300);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
