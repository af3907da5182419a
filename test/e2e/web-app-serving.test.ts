// Goal: the server hands the built web app to browsers at / (its files, and index.html for any
// client-side address so a report link can be reloaded) without changing what the API answers:
// unknown API paths stay JSON 404s, the app's routes stay out of the OpenAPI document, and
// without a build / says how to make one.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { webApp, webAppDirectory } from '../../src/server/web-app.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the built web app', () => {
  it('serves index.html at / and at every client-side address, never cached', async () => {
    for (const url of [
      '/',
      '/aging?as_of=2025-06-30&basis=issue',
      '/customers/0190f0f0-0000-7000-8000-000000000000/statement',
      '/kpis',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('<div id="root"></div>');
    }
  });

  it('serves the hashed assets the page names, cacheable for good, and 404s a missing one', async () => {
    const page = (await app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const asset = await app.inject({ method: 'GET', url: script! });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const files = await readdir(join(webAppDirectory, 'assets'));
    expect(files).toContain(script!.slice('/assets/'.length));
    expect((await app.inject({ method: 'GET', url: '/assets/index-missing.js' })).statusCode).toBe(
      404,
    );
  });

  it('serves the icon the page names, so that a tab shows Settle', async () => {
    const page = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(page).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain('<title>Settle</title>');
  });

  it('never serves a file from outside the build', async () => {
    for (const url of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%2F..%2Fpackage.json',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('"name": "settle"');
    }
  });
});

describe('the API beside it', () => {
  it("answers unknown API paths with the API's JSON error, not the app", async () => {
    for (const url of ['/api/v1/no-such-thing', '/api', '/api/v2/reports/aging', '/health/deep']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.json(), url).toEqual({
        error: { code: 'route_not_found', message: `No route GET ${url}.` },
      });
    }
  });

  it('still serves the API, its reference, its document and the health check', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).json().error.code).toBe(
      'authentication_required',
    );
    expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(document.paths as Record<string, unknown>);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.every((path) => path.startsWith('/api/v1/'))).toBe(true);
  });
});

describe('without a build', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'settle-no-web-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('says at / and at client-side addresses how to build the app', async () => {
    const server = Fastify();
    await server.register(webApp, { directory: join(directory, 'dist') });
    try {
      for (const url of ['/', '/aging']) {
        const response = await server.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['content-type'], url).toMatch(/^text\/html/);
        expect(response.body, url).toContain('npm run build:web');
      }
      expect((await server.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(404);
    } finally {
      await server.close();
    }
  });
});
