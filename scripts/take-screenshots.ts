// `npm run screenshots`: the pictures of the main pages in docs/screenshots/, shown in the
// README. Starts Settle on a throwaway embedded database with the demo company (the same one
// `npm start -- --demo` makes), signs in as its owner in Debian's Chromium at a laptop's width,
// and saves each page once it has loaded. Run it after changing what a main page looks like.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createOrganization } from '../src/auth/create-organization.service.js';
import type { Actor } from '../src/core/actor.js';
import { createDemo } from '../src/demo/create-demo.service.js';
import { openPglite } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildServer } from '../src/server/build-server.js';
import { registerHooks } from '../src/server/register-hooks.js';
import { buildWebAppIfStale } from '../test/e2e/support/web-app-build.js';

registerHooks();
const output = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const email = 'owner@demo.settle.local';
const password = 'screenshots of the demo company';

/** The pages, by the name of their picture. A page that needs an id gets it from the first row. */
const pages: readonly { name: string; path: string; firstLinkUnder?: string }[] = [
  { name: 'dashboard', path: '/dashboard' },
  { name: 'customers', path: '/customers' },
  {
    name: 'customer',
    path: '/customers',
    firstLinkUnder: 'table tbody a[href^="/customers/"]',
  },
  { name: 'invoices', path: '/invoices' },
  { name: 'invoice', path: '/invoices', firstLinkUnder: 'table tbody a[href^="/invoices/"]' },
  { name: 'payments', path: '/payments' },
  { name: 'record-payment', path: '/payments/new' },
  { name: 'collections', path: '/collections' },
  { name: 'aging', path: '/aging' },
  { name: 'kpis', path: '/kpis' },
  { name: 'reports', path: '/reports' },
  { name: 'settings', path: '/settings' },
  { name: 'policies', path: '/settings/policies' },
];

async function main() {
  await buildWebAppIfStale();
  const directory = mkdtempSync(join(tmpdir(), 'settle-screenshots-'));
  const database = await openPglite(directory);
  const app = await buildServer({ database });
  const browser = await chromium.launch({
    executablePath: process.env.SETTLE_CHROMIUM ?? '/usr/bin/chromium',
  });
  try {
    await migrate(database);
    const organization = await createOrganization(database, {
      name: 'Demo Company',
      baseCurrency: 'EUR',
      timeZone: 'UTC',
      ownerEmail: email,
      ownerPassword: password,
    });
    const actor: Actor = {
      orgId: organization.orgId,
      type: 'user',
      id: organization.ownerId,
      name: 'Owner',
      role: 'owner',
    };
    await createDemo(database, actor, { customers: 60, invoices: 1500 });
    const baseURL = await app.listen({ port: 0, host: '127.0.0.1' });
    const context = await browser.newContext({
      baseURL,
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await page.goto('/dashboard');
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.locator('input[name=email]').fill(email);
    await form.locator('input[name=password]').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await mkdir(output, { recursive: true });
    for (const shot of pages) {
      await page.goto(shot.path);
      if (shot.firstLinkUnder) {
        const link = page.locator(shot.firstLinkUnder).first();
        await link.waitFor();
        await link.click();
      }
      await page.waitForLoadState('networkidle');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.screenshot({ path: join(output, `${shot.name}.png`), fullPage: false });
      process.stderr.write(
        `docs/screenshots/${shot.name}.png: ${page.url().slice(baseURL.length)}\n`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
