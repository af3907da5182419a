import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../../src/auth/manage-users.service.js';
import type { Role } from '../../../src/core/roles.js';
import type { Database } from '../../../src/platform/db/database.js';
import type { App } from '../../../src/platform/http/app.js';
import { buildServer } from '../../../src/server/build-server.js';
import { newOrganization } from '../../support/organization.js';
import { openTestDatabase } from '../../support/test-database.js';
import { launchBrowser } from './browser.js';

export const ownerPassword = 'correct horse battery staple';

/**
 * What a browser journey needs: the real server on a real database (PGlite, or PostgreSQL when
 * DATABASE_URL is set), an organization of its own, Debian's Chromium, and a way to sign in as a
 * user of any role. `close` takes all of it down.
 */
export async function startWebApp() {
  const database: Database = await openTestDatabase();
  const app: App = await buildServer({ database });
  const organization = await newOrganization(database);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser: Browser = await launchBrowser();
  const contexts: BrowserContext[] = [];

  /** A user of this role in the organization, with a password of its own. */
  async function addUser(role: Role, name: string) {
    const email = `${role}-${contexts.length}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const password = `${role} password for the test`;
    const user = await createUser(database, organization.actor, { email, name, role, password });
    return { id: user.id, email, password, name };
  }

  const signedIn = new Map<string, BrowserContext>();

  /**
   * A page of the app at `path`, signed in with these credentials, in the locale the tests pin
   * (en-US: amounts are formatted in the reader's locale). Each set of credentials gets its own
   * browser context (its own cookies), signed in once and reused: the API allows ten sign-ins a
   * minute from one address, and a file of journeys signs in more often than that. A page whose
   * session has ended meanwhile signs in again.
   */
  async function signedInPage(
    credentials: { email: string; password: string },
    path = '/dashboard',
  ): Promise<Page> {
    const key = `${credentials.email}\n${credentials.password}`;
    let context = signedIn.get(key);
    if (!context) {
      context = await browser.newContext({
        baseURL: baseUrl,
        acceptDownloads: true,
        locale: 'en-US',
      });
      contexts.push(context);
      signedIn.set(key, context);
    }
    const page = await context.newPage();
    await page.goto(path);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const form = page.getByRole('form', { name: 'Sign in' });
    await nav.or(form).first().waitFor();
    if (await form.isVisible()) {
      await form.locator('input[name=email]').fill(credentials.email);
      await form.locator('input[name=password]').fill(credentials.password);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await nav.waitFor();
    }
    return page;
  }

  const owner = { email: organization.ownerEmail, password: ownerPassword };

  async function close() {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await app.close();
    await database.close();
  }

  return {
    database,
    app,
    baseUrl,
    browser,
    organization,
    actor: organization.actor,
    owner,
    addUser,
    signedInPage,
    close,
  };
}

export type WebApp = Awaited<ReturnType<typeof startWebApp>>;
