// Goal: in a real browser, against the real server and database, an owner runs the organization
// from Settings: invites a collector, changes the role, resets the password, and the person signs
// in with it and changes their own; creates an API token that works against the API until it is
// revoked; saves the mail settings and sends a test message that a real SMTP server receives;
// renames the organization and moves its time zone. A viewer sees no settings action but their
// own password. Every page passes the accessibility check.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsersOf } from '../../src/auth/manage-users.service.js';
import { getMailSettings } from '../../src/messaging/mail-settings.service.js';
import { mailSettingsOf } from '../../src/messaging/outbox.sql.js';
import { getOrganizationSettings } from '../../src/organizations/get-organization.service.js';
import { listAuditEvents } from '../../src/platform/audit/audit.sql.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { screenshot, seriousAccessibilityViolations } from './support/browser.js';
import { startWebApp, type WebApp } from './support/web-app.js';

let web: WebApp;
let smtp: TestSmtpServer;
let owner: Page;

beforeAll(async () => {
  web = await startWebApp();
  smtp = await startSmtpServer();
  owner = await web.signedInPage(web.owner, '/settings');
});
afterAll(async () => {
  await web?.close();
  await smtp?.close();
});

/** Whether these credentials open a session, asked of the API the sign-in form uses. */
async function signsIn(email: string, password: string): Promise<boolean> {
  const response = await fetch(`${web.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.ok;
}

async function userNamed(name: string) {
  const users = await listUsersOf(web.database, web.actor);
  return users.find((user) => user.name === name);
}

let generated = '';

function colinRow() {
  return owner.getByRole('row', { name: /Colin Collector/ });
}

/** The buttons of the page's main part (the header's Sign out aside). */
function mainButtons(page: Page) {
  return page.locator('main').getByRole('button');
}

describe('settings in the browser', () => {
  it('lists every settings page to an owner, each a link', async () => {
    await owner.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const list = owner.getByRole('list', { name: 'Settings pages' });
    expect(await list.getByRole('link').allTextContents()).toEqual([
      'Organization',
      'Invoicing',
      'Users',
      'Your password',
      'API tokens',
      'Mail',
      'Collection policies',
      'Message templates',
      'Credit control',
      'Aging buckets',
      'Payment terms',
    ]);
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-home-owner');
  });

  it('invites a collector', async () => {
    await owner.getByRole('link', { name: 'Users' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await owner.getByRole('table', { name: 'Users of the organization' }).waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);

    // Invite: a short password is refused by the API, which names the field.
    await owner.getByRole('button', { name: 'Invite a user' }).click();
    const invite = owner.getByRole('dialog', { name: 'Invite a user' });
    await invite.getByLabel('Name', { exact: true }).fill('Colin Collector');
    await invite.getByLabel('E-mail').fill('colin@example.test');
    await invite.getByRole('combobox', { name: /^Role/ }).selectOption('collector');
    await invite.getByLabel('Initial password').fill('short');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await invite.getByRole('alert').waitFor();
    expect(await invite.getByRole('alert').textContent()).toContain('password_too_short');
    expect(await invite.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-users-invite-error');
    await invite.getByLabel('Initial password').fill('colin starts here');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await owner
      .getByText('Colin Collector (colin@example.test) can now sign in as collector')
      .waitFor();
    await invite.waitFor({ state: 'detached' });
    const invited = await userNamed('Colin Collector');
    expect(invited).toMatchObject({ email: 'colin@example.test', role: 'collector' });
    expect(await signsIn('colin@example.test', 'colin starts here')).toBe(true);
  });

  it("changes the collector's role", async () => {
    const row = colinRow();
    await row.getByRole('cell', { name: 'Collector', exact: true }).waitFor();
    await row.getByRole('button', { name: 'Change role' }).click();
    const roleDialog = owner.getByRole('dialog', { name: 'Change the role of Colin Collector' });
    await roleDialog.getByRole('combobox', { name: /^Role/ }).selectOption('accountant');
    await roleDialog.getByRole('button', { name: 'Change role' }).click();
    await owner.getByText('Colin Collector is now accountant').waitFor();
    await row.getByRole('cell', { name: 'Accountant', exact: true }).waitFor();
    expect((await userNamed('Colin Collector'))?.role).toBe('accountant');
  });

  it('resets the password, which the API makes up and the dialog shows once', async () => {
    const row = colinRow();
    await row.getByRole('button', { name: 'Reset password' }).click();
    const resetDialog = owner.getByRole('dialog', {
      name: 'Reset the password of Colin Collector',
    });
    await resetDialog.getByRole('button', { name: 'Reset password' }).click();
    const secret = resetDialog.getByLabel('New password of Colin Collector');
    await secret.waitFor();
    generated = await secret.inputValue();
    expect(generated.length).toBeGreaterThanOrEqual(12);
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-users-reset-password');
    await resetDialog.getByRole('button', { name: 'Done' }).click();
    expect(await signsIn('colin@example.test', 'colin starts here')).toBe(false);
  });

  it('lets the person sign in with it and change their own password', async () => {
    const colin = await web.signedInPage(
      { email: 'colin@example.test', password: generated },
      '/settings',
    );
    await colin.getByRole('link', { name: 'Your password' }).click();
    const form = colin.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password', { exact: true }).fill('colin chose this one');
    await form.getByLabel('New password again').fill('colin chose this one');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('current_password');
    await form.getByLabel('Current password').fill(generated);
    await form.getByRole('button', { name: 'Change password' }).click();
    await colin.getByText('Your password is changed.').waitFor();
    expect(await seriousAccessibilityViolations(colin)).toEqual([]);
    await screenshot(colin, 'settings-own-password');
    expect(await signsIn('colin@example.test', generated)).toBe(false);
    const again = await web.signedInPage(
      { email: 'colin@example.test', password: 'colin chose this one' },
      '/settings/password',
    );
    await again.getByRole('heading', { level: 1, name: 'Your password' }).waitFor();
  });

  it('disables the user, who can no longer sign in', async () => {
    const row = colinRow();
    await row.getByRole('button', { name: 'Disable' }).click();
    const disableDialog = owner.getByRole('dialog', { name: 'Disable Colin Collector?' });
    await disableDialog.getByRole('button', { name: 'Disable Colin Collector' }).click();
    await owner.getByText('Colin Collector is disabled').waitFor();
    await row.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await userNamed('Colin Collector'))?.disabled_at).not.toBeNull();
    expect(await signsIn('colin@example.test', 'colin chose this one')).toBe(false);
    await screenshot(owner, 'settings-users');
  });

  it('creates an API token that works against the API, then revokes it', async () => {
    await owner.goto('/settings/tokens');
    await owner.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    const form = owner.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name (what uses it)').fill('ERP sync');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secretField = owner.getByLabel('Secret of "ERP sync"');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^stl_/);
    const me = () =>
      fetch(`${web.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await me()).status).toBe(200);
    const row = owner.getByRole('row', { name: /ERP sync/ });
    await row.getByRole('cell', { name: 'Active' }).waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-tokens-created');

    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Revoke the token "ERP sync"?' });
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await owner.getByText('API token "ERP sync"').filter({ hasText: 'is revoked' }).waitFor();
    await row.getByRole('cell', { name: /^Revoked/ }).waitFor();
    expect((await me()).status).toBe(401);
  });

  it('adds a service user and makes a token that acts as it', async () => {
    await owner.goto('/settings/users');
    await owner.getByRole('button', { name: 'Invite a user' }).click();
    const invite = owner.getByRole('dialog', { name: 'Invite a user' });
    await invite.getByLabel('Name', { exact: true }).fill('ERP robot');
    await invite.getByLabel('E-mail').fill('erp@example.test');
    await invite.getByLabel(/^A program, not a person/).check();
    expect(await invite.getByLabel('Initial password').count()).toBe(0);
    await invite.getByRole('combobox', { name: /^Role/ }).selectOption('accountant');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await owner.getByText('ERP robot is a service user (accountant)').waitFor();
    expect(await userNamed('ERP robot')).toMatchObject({ kind: 'service', role: 'accountant' });

    await owner.goto('/settings/tokens');
    const form = owner.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name (what uses it)').fill('Nightly ERP import');
    await form
      .getByRole('combobox', { name: /^Acts as/ })
      .selectOption({ label: 'ERP robot (service user)' });
    await form.getByRole('button', { name: 'Create token' }).click();
    const secretField = owner.getByLabel('Secret of "Nightly ERP import"');
    await secretField.waitFor();
    const response = await fetch(`${web.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${await secretField.inputValue()}` },
    });
    expect(await response.json()).toMatchObject({ name: 'ERP robot', role: 'accountant' });
    await owner
      .getByRole('row', { name: /Nightly ERP import/ })
      .getByRole('cell', { name: 'ERP robot (erp@example.test)' })
      .waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-tokens-service-user');
  });

  it('saves the mail settings and sends a test message the SMTP server receives', async () => {
    await owner.goto('/settings/mail');
    await owner.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
    const form = owner.getByRole('form', { name: 'Mail settings' });
    const port = new URL(smtp.url).port;
    await form.getByLabel('Host (blank: none)').fill('127.0.0.1');
    await form.getByLabel('Port').fill(port);
    await form.getByLabel('User').fill('relay-user');
    await form.getByLabel('Password').fill('relay secret');
    await form.getByLabel(/^From address/).fill('not an address');
    await form.getByRole('button', { name: 'Save mail settings' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('mail_from_invalid');
    expect(await form.getByLabel(/^From address/).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(/^From address/).fill('"Settle Test" <ar@settle.test>');
    await form.getByRole('button', { name: 'Save mail settings' }).click();
    await owner.getByText('Mail settings saved: messages go out through 127.0.0.1.').waitFor();
    const saved = await getMailSettings(web.database, web.actor, {});
    expect(saved.smtpUrl).toBe(`smtp://relay-user:****@127.0.0.1:${port}`);
    expect(saved.mailFrom).toBe('"Settle Test" <ar@settle.test>');
    const storedUrl = async () =>
      (await mailSettingsOf(web.database.db, [web.actor.orgId])).get(web.actor.orgId)!.smtpUrl;
    expect(await storedUrl()).toBe(`smtp://relay-user:relay%20secret@127.0.0.1:${port}`);

    // The password is never shown back, and saving without typing it again keeps it.
    await form.getByText('A password is stored and never shown').waitFor();
    expect(await form.getByLabel('Password').inputValue()).toBe('');
    await form.getByLabel(/^From address/).fill('"Settle Accounts" <ar@settle.test>');
    await form.getByRole('button', { name: 'Save mail settings' }).click();
    await expect
      .poll(async () => (await getMailSettings(web.database, web.actor, {})).mailFrom)
      .toBe('"Settle Accounts" <ar@settle.test>');
    expect(await storedUrl()).toBe(`smtp://relay-user:relay%20secret@127.0.0.1:${port}`);

    const test = owner.getByRole('form', { name: 'Send a test message' });
    await test.getByLabel('Send the test message to').fill('someone@customer.test');
    await test.getByRole('button', { name: 'Send test message' }).click();
    await owner.getByText('Test message sent to someone@customer.test').waitFor();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelopeTo).toEqual(['someone@customer.test']);
    expect(smtp.received[0]!.envelopeFrom).toBe('ar@settle.test');
    expect(smtp.received[0]!.subject).toContain('Test message');
    expect(await owner.locator('.mail-test-answer').textContent()).toMatch(/250/);
    const audit = await listAuditEvents(web.database.db, web.actor.orgId, web.actor.orgId, 50);
    expect(JSON.stringify(audit)).toContain('mail_settings.tested');
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-mail');

    // A refusal by the server is shown with its answer.
    smtp.reject(1, 550);
    await test.getByRole('button', { name: 'Send test message' }).click();
    await owner.getByRole('alert').filter({ hasText: 'smtp_test_failed' }).waitFor();
    expect(await owner.getByRole('alert').textContent()).toContain('550');
    expect(smtp.received).toHaveLength(1);
  });

  it('renames the organization and moves its time zone', async () => {
    await owner.goto('/settings/organization');
    await owner.getByRole('heading', { level: 1, name: 'Organization' }).waitFor();
    const form = owner.getByRole('form', { name: 'Organization' });
    await form.getByLabel(/^Time zone/).fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Save organization' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByLabel(/^Time zone/).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name', { exact: true }).fill('Settle Test Works');
    await form.getByLabel(/^Time zone/).fill('Europe/Paris');
    await form.getByRole('button', { name: 'Save organization' }).click();
    await owner
      .getByText('Organization saved: Settle Test Works, time zone Europe/Paris.')
      .waitFor();
    const organization = await getOrganizationSettings(web.database, web.actor);
    expect(organization).toMatchObject({ name: 'Settle Test Works', time_zone: 'Europe/Paris' });
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await screenshot(owner, 'settings-organization');
  });

  it('shows a viewer no settings action but their own password', async () => {
    const viewerUser = await web.addUser('viewer', 'Vera Viewer');
    const viewer = await web.signedInPage(viewerUser, '/settings');
    await viewer.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(
      await viewer
        .getByRole('list', { name: 'Settings pages' })
        .getByRole('link')
        .allTextContents(),
    ).toEqual(['Your password']);
    expect(await seriousAccessibilityViolations(viewer)).toEqual([]);
    await screenshot(viewer, 'settings-home-viewer');
    for (const [path, heading] of [
      ['/settings/organization', 'Organization'],
      ['/settings/users', 'Users'],
      ['/settings/tokens', 'API tokens'],
      ['/settings/mail', 'Mail'],
    ] as const) {
      await viewer.goto(path);
      await viewer.getByRole('heading', { level: 1, name: heading }).waitFor();
      await viewer.locator('main p').last().waitFor();
      expect(await mainButtons(viewer).count(), path).toBe(0);
      expect(await viewer.locator('main input, main select').count(), path).toBe(0);
    }
    await viewer.goto('/settings/password');
    await viewer.getByRole('form', { name: 'Change your password' }).waitFor();
    expect(await mainButtons(viewer).allTextContents()).toEqual(['Change password']);
  });
});
