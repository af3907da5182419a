// The server compiles a route's validators and serializers when a request first needs them
// (src/platform/http/validation.ts, schemaCompilers), so a schema Ajv or fast-json-stringify
// cannot compile would otherwise show only when someone calls its route: compile them all here.
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { buildServer } from '../../src/server/build-server.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database | undefined;

afterAll(async () => {
  await database?.close();
});

describe("the routes' schemas", () => {
  it('all compile when the server is asked to compile them at start', async () => {
    database = await openTestDatabase();
    const app = await buildServer({ database, schemaCompilation: 'at-start' });
    await app.ready();
    expect(app.printRoutes().length).toBeGreaterThan(0);
    await app.close();
  });
});
