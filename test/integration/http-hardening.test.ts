// Proves the server's answers carry the security headers, that forwarded headers are believed
// only from configured proxies (so the session cookie is Secure behind TLS and nowhere else on
// someone's say-so), and that the login rate limit holds across several server processes on one
// database rather than per process.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/manage-users.service.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;
let app: App;
let behindProxy: App;
let secondProcess: App;
let email: string;
const password = 'correct horse battery staple';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildServer({ database });
  behindProxy = await buildServer({ database, trustedProxies: ['127.0.0.1', '10.20.0.0/16'] });
  // A second server on the same database stands for another process behind the load balancer:
  // it shares nothing with the first but the database.
  secondProcess = await buildServer({ database });
  const { actor } = await newOrganization(database);
  email = `proxy-${randomBytes(3).toString('hex')}@example.test`;
  await createUser(database, actor, { email, name: 'Behind a proxy', role: 'viewer', password });
});
afterAll(async () => {
  await Promise.all([app?.close(), behindProxy?.close(), secondProcess?.close()]);
  await database?.close();
});

describe('headers and cookies', () => {
  it('sends a Content-Security-Policy, nosniff and frame protection on pages and API answers', async () => {
    for (const url of ['/', '/aging', '/api/v1/me', '/health', '/api/docs/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
    expect(
      (await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy'],
    ).not.toContain('unsafe-inline');
  });

  it('makes the session cookie Secure behind a trusted TLS proxy, and only there', async () => {
    const login = (server: App, remoteAddress: string) =>
      server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress,
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
      });
    const trusted = await login(behindProxy, '10.20.3.4');
    expect(trusted.statusCode).toBe(200);
    expect(trusted.cookies.find((cookie) => cookie.name === 'settle_session')?.secure).toBe(true);
    // The same headers from an address that is not a configured proxy are ignored.
    const stranger = await login(behindProxy, '198.51.100.9');
    expect(stranger.cookies.find((cookie) => cookie.name === 'settle_session')?.secure).toBeFalsy();
    const noProxies = await login(app, '10.20.3.4');
    expect(
      noProxies.cookies.find((cookie) => cookie.name === 'settle_session')?.secure,
    ).toBeFalsy();
  });

  it('counts login attempts across server processes, per client', async () => {
    const remoteAddress = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const server = i % 2 === 0 ? app : secondProcess;
      statuses.push(
        (
          await server.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email, password: 'wrong guess' },
            remoteAddress,
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([...Array.from({ length: 10 }, () => 401), 429, 429]);
    // Another client is not held back by it.
    const other = await secondProcess.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: '10.78.0.1',
    });
    expect(other.statusCode).toBe(200);
  });
});
