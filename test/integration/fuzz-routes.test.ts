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
import { buildServer } from '../../src/platform/http/server.js';
import { apiClient, createdCustomer, issuedInvoice, type ApiClient } from '../support/api.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let client: ApiClient;
let realIds: string[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema { $ref?: string; type?: string; format?: string; enum?: Json[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[] }
interface Operation { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }

const nasty: Json[] = [
  '', 'x'.repeat(5_000), 'nul\u0000byte', 'lone \ud800 surrogate', '2025-02-30', '0000-00-00', '9999-12-31', '-1', '1e309', 'NaN',
  '99999999999999999999999999', '10000000000000.01', "' OR 1=1 --", '../../etc/passwd', '%', '=HYPERLINK("x")', 'Ω≈ç√ Łódź',
  12.5, -1, 0, 1e308, true, null, [], {}, ['a'], { nested: { deeper: ['\u0000'] } },
];

/** Percent-encodes, giving a lone surrogate as the bytes a client would send for it. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.split('').map((char) => (/[\ud800-\udfff]/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');
  }
}

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  client = await apiClient(app, database);
  const customer = await createdCustomer(client);
  const invoice = await issuedInvoice(client, customer.id, '100.00', '2026-01-10');
  const payment = (await client.request('POST', '/payments', { customer_id: customer.id, amount: '10.00', received_on: '2026-01-12', apply: 'none' })).json();
  realIds = [customer.id, invoice.id, payment.id, client.ownerId];
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('every route, fuzzed', () => {
  it('answers bad input with 4xx, never 5xx, and never hangs', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
    const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]!) : schema);
    const random = generator(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

    /** A plausible value, so that only the field under test is wrong. */
    function plausible(raw: Schema, depth = 0): Json {
      const schema = resolve(raw);
      if (schema.anyOf) return plausible(schema.anyOf[0]!, depth);
      if (schema.enum) return schema.enum[0]!;
      if (schema.format === 'uuid') return pick(realIds);
      const id = raw.$ref?.split('/').pop();
      if (id === 'Amount') return '10.00';
      if (id === 'CalendarDate') return '2026-02-01';
      if (id === 'Currency') return 'EUR';
      switch (schema.type) {
        case 'integer': case 'number': return 1;
        case 'boolean': return false;
        case 'array': return [];
        case 'object': {
          if (depth > 3) return {};
          const value: Record<string, Json> = {};
          for (const name of schema.required ?? []) value[name] = plausible(schema.properties![name]!, depth + 1);
          return value;
        }
        default: return 'plausible text';
      }
    }

    interface Probe { method: string; url: string; payload?: Json }
    const probes: Probe[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const pathParams = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
        const queryParams = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
        const bodySchema = operation.requestBody ? resolve(Object.values(operation.requestBody.content)[0]!.schema) : undefined;
        const url = (overrides: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_, name: string) => encode(overrides[name] ?? (name === 'id' ? pick([...realIds, randomUUID()]) : 'overdue_reminder')));
        const body = () => (bodySchema ? (plausible(bodySchema) as Record<string, Json>) : undefined);
        for (const parameter of pathParams) {
          for (const value of nasty) if (typeof value === 'string') probes.push({ method, url: url({ [parameter.name]: value }), payload: body() });
        }
        for (const parameter of queryParams) {
          for (const value of nasty) {
            const text = typeof value === 'string' ? value : JSON.stringify(value);
            probes.push({ method, url: `${url()}?${parameter.name}=${encode(text)}`, payload: body() });
          }
        }
        if (bodySchema) {
          for (const name of Object.keys(bodySchema.properties ?? {})) {
            for (const value of nasty) probes.push({ method, url: url(), payload: { ...body(), [name]: value } });
          }
          for (const whole of [null, [], 'text', 42, { unexpected: 'field' }] as Json[]) probes.push({ method, url: url(), payload: whole });
        }
      }
    }
    // Every operation is probed; a fixed-seed sample of the rest keeps the run to a few thousand.
    const budget = 3_000;
    const chosen = probes.length <= budget ? probes : probes.filter(() => random() < budget / probes.length);
    expect(chosen.length).toBeGreaterThan(1_000);

    const failures: string[] = [];
    for (const probe of chosen) {
      const { method, url, payload } = probe;
      const response = await Promise.race([
        app.inject({
          method: method.toUpperCase() as 'GET', url,
          headers: { authorization: `Bearer ${client.token}`, 'idempotency-key': randomBytes(6).toString('hex') },
          ...(payload !== undefined ? { payload: JSON.stringify(payload), headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' } } : {}),
        }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      if (response === null) failures.push(`hang: ${method.toUpperCase()} ${url}`);
      else if (response.statusCode >= 500) failures.push(`${response.statusCode}: ${method.toUpperCase()} ${url} ${JSON.stringify(payload)?.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
