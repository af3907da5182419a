// A fuzz pass over every route of the OpenAPI document, kept in the suite so that a new route or
// field that answers 500 (or hangs) on bad input is caught at once: for each operation, each
// path parameter, query parameter and body field in turn gets values that break naive code
// (NUL bytes, lone surrogates, impossible dates, huge numbers, wrong types, SQL and path tricks),
// the rest of the request staying plausible so that the bad value travels as deep as it can.
// A few thousand requests per run, from a fixed seed, each bounded in time.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import {
  apiDocument,
  encode,
  generator,
  plausibleValue,
  resolver,
  type Json,
} from '../support/openapi-requests.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let client: ApiClient;
let realIds: string[];

const nasty: Json[] = [
  '',
  'x'.repeat(5_000),
  'nul\u0000byte',
  'lone \ud800 surrogate',
  '2025-02-30',
  '0000-00-00',
  '9999-12-31',
  '-1',
  '1e309',
  'NaN',
  '99999999999999999999999999',
  '10000000000000.01',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%',
  '=HYPERLINK("x")',
  'Ω≈ç√ Łódź',
  12.5,
  -1,
  0,
  1e308,
  true,
  null,
  [],
  {},
  ['a'],
  { nested: { deeper: ['\u0000'] } },
];

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  const customer = await createdCustomer(client);
  const invoice = await issuedInvoice(client, customer.id, '100.00', '2026-01-10');
  const payment = (
    await client.request('POST', '/payments', {
      customer_id: customer.id,
      amount: '10.00',
      received_on: '2026-01-12',
      apply: 'none',
    })
  ).json();
  realIds = [customer.id, invoice.id, payment.id, client.ownerId];
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('every route, fuzzed', () => {
  it('answers bad input with 4xx, never 5xx, and never hangs', async () => {
    const document = await apiDocument(app);
    const resolve = resolver(document);
    const random = generator(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const plausible = plausibleValue(document, () => pick(realIds));

    interface Probe {
      method: string;
      url: string;
      payload?: Json;
    }
    const probes: Probe[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const pathParams = (operation.parameters ?? []).filter(
          (parameter) => parameter.in === 'path',
        );
        const queryParams = (operation.parameters ?? []).filter(
          (parameter) => parameter.in === 'query',
        );
        const bodySchema = operation.requestBody
          ? resolve(Object.values(operation.requestBody.content)[0]!.schema)
          : undefined;
        const url = (overrides: Record<string, string> = {}) =>
          path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encode(
              overrides[name] ??
                (name === 'id' ? pick([...realIds, randomUUID()]) : 'overdue_reminder'),
            ),
          );
        const body = () =>
          bodySchema ? (plausible(bodySchema) as Record<string, Json>) : undefined;
        for (const parameter of pathParams) {
          for (const value of nasty)
            if (typeof value === 'string')
              probes.push({ method, url: url({ [parameter.name]: value }), payload: body() });
        }
        for (const parameter of queryParams) {
          for (const value of nasty) {
            const text = typeof value === 'string' ? value : JSON.stringify(value);
            probes.push({
              method,
              url: `${url()}?${parameter.name}=${encode(text)}`,
              payload: body(),
            });
          }
        }
        if (bodySchema) {
          for (const name of Object.keys(bodySchema.properties ?? {})) {
            for (const value of nasty)
              probes.push({ method, url: url(), payload: { ...body(), [name]: value } });
          }
          for (const whole of [null, [], 'text', 42, { unexpected: 'field' }] as Json[])
            probes.push({ method, url: url(), payload: whole });
        }
      }
    }
    // Every operation is probed; a fixed-seed sample of the rest keeps the run to a few thousand.
    const budget = 3_000;
    const chosen =
      probes.length <= budget ? probes : probes.filter(() => random() < budget / probes.length);
    expect(chosen.length).toBeGreaterThan(1_000);

    const failures: string[] = [];
    for (const probe of chosen) {
      const { method, url, payload } = probe;
      const response = await Promise.race([
        app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers: {
            authorization: `Bearer ${client.token}`,
            'idempotency-key': randomBytes(6).toString('hex'),
          },
          ...(payload !== undefined
            ? {
                payload: JSON.stringify(payload),
                headers: {
                  authorization: `Bearer ${client.token}`,
                  'content-type': 'application/json',
                },
              }
            : {}),
        }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      if (response === null) failures.push(`hang: ${method.toUpperCase()} ${url}`);
      else if (response.statusCode >= 500)
        failures.push(
          `${response.statusCode}: ${method.toUpperCase()} ${url} ${JSON.stringify(payload)?.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
