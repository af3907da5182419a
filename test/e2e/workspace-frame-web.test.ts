// Goal: the frame every page of the workspace lives in. The main navigation is a nav with the
// seven sections, the bare address leads to the dashboard, every section's page has one h1 and
// passes the accessibility check, and a session that ends under an open page does not throw the
// page away: a sign-in dialog opens over it, and after signing in the page carries on with what
// was typed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let page: Page;

beforeAll(async () => {
  web = await startWebApp();
  page = await web.signedInPage(web.owner, '/');
});

afterAll(async () => {
  await web?.close();
});

const sections = [
  'Dashboard',
  'Customers',
  'Invoices',
  'Payments',
  'Collections',
  'Reports',
  'Settings',
];

describe('the frame of the workspace', () => {
  it('leads the bare address to the dashboard, under a main navigation of seven sections', async () => {
    await page.waitForURL(/\/dashboard$/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(sections);
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('opens every section from the navigation, each with one h1 and no serious accessibility violation', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const section of sections) {
      await nav.getByRole('link', { name: section }).click();
      await expect
        .poll(() => nav.getByRole('link', { name: section }).getAttribute('aria-current'))
        .toBe('page');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    }
  });

  it('fits a tablet held upright: no page is wider than the screen, wide tables scroll in their own region', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const section of sections) {
        await nav.getByRole('link', { name: section }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${section} is wider than the screen`).toBeLessThanOrEqual(0);
        await screenshot(page, `tablet-${section.toLowerCase()}`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it("lets a new tab send changes: the session's CSRF token comes with GET /me", async () => {
    const tab = await page.context().newPage();
    try {
      await tab.goto('/settings');
      await tab.getByRole('navigation', { name: 'Main' }).waitFor();
      const status = await tab.evaluate(async () => {
        const token = sessionStorage.getItem('settle.csrf_token');
        if (!token) return 'no token';
        const response = await fetch('/api/v1/organization', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify({ time_zone: 'UTC' }),
        });
        return response.status;
      });
      expect(status).toBe(200);
    } finally {
      await tab.close();
    }
  });

  it('says so at an address where nothing lives', async () => {
    await page.goto('/no-such-page');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Not found');
  });

  it('keeps the page and what was typed when the session ends, and carries on after signing in again', async () => {
    await page.goto('/aging');
    // Everything the page loads on arrival has come back before the session ends: a request
    // still in flight would meet the ended session first, and its dialog would cover the form
    // before the click below.
    await page.getByRole('heading', { name: 'Your book is empty' }).waitFor();
    await page.waitForLoadState('networkidle');
    const form = page.getByRole('form', { name: 'Aging report' });
    await form.locator('input[name=tag]').fill('key accounts');
    // The session ends behind the page's back, as when it times out or another tab signs out.
    const ended = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'x-csrf-token': sessionStorage.getItem('settle.csrf_token') ?? '' },
      });
      return response.status;
    });
    expect(ended).toBe(204);
    await form.getByRole('button', { name: 'Show' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    await screenshot(page, 'session-ended');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.locator('input[name=email]').fill(web.owner.email);
    await dialog.locator('input[name=password]').fill(web.owner.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await form.locator('input[name=tag]').inputValue()).toBe('key accounts');
    expect(new URL(page.url()).searchParams.get('tag')).toBe('key accounts');
    // The report asked for under the ended session is fetched again: the refusal is gone and the
    // page shows what the book holds (nothing yet: the help for an empty book).
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.getByRole('heading', { name: 'Your book is empty' }).waitFor();
  });
});
