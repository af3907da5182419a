// Proves that nobody acts above their rights or as someone else: a token acts only as the user who
// made it (or as a service user its owner created), only its user or an owner revokes it, and the
// audit log names who really acted. Then the management of users: roles, disabling (which ends
// sessions and revokes tokens at once), password resets and one's own password change.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser } from '../../src/auth/manage-users.service.js';
import type { Actor } from '../../src/core/actor.js';
import type { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/app.js';
import { apiClient, startApiServer, stopApiServer, type ApiClient } from '../support/api.js';

let database: Database;
let app: App;
let owner: ApiClient;

const password = 'correct horse battery staple';

beforeAll(async () => ({ database, app, client: owner } = await startApiServer()));
afterAll(() => stopApiServer({ app, database }));

/** A user of the owner's organization with its own API token, and a request helper sending it. */
async function member(role: string) {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.test`;
  const user = await createUser(database, owner.actor, {
    email,
    name: `The ${role}`,
    role,
    password,
  });
  const actor: Actor = {
    orgId: owner.orgId,
    type: 'user',
    id: user.id,
    name: user.name,
    role: role as Actor['role'],
  };
  const token = await createApiToken(database, actor, { name: `${role}'s token` });
  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token.token}` },
      ...(payload ? { payload } : {}),
    });
  return { user, email, token, request };
}

async function logIn(email: string, secret = password) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: secret },
  });
  const cookie = response.cookies.find((item) => item.name === 'settle_session');
  return {
    status: response.statusCode,
    cookie: cookie ? `${cookie.name}=${cookie.value}` : '',
    csrf: response.statusCode === 200 ? (response.json().csrf_token as string) : '',
  };
}

const me = (cookie: string) =>
  app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

async function auditOf(entityId: string) {
  return (await owner.request('GET', `/audit-events?entity_id=${entityId}`)).json().items as {
    action: string;
    actor_id: string | null;
    actor_name: string;
  }[];
}

describe('API tokens', () => {
  it('refuses an admin a token of the owner, so that it cannot create owners with it', async () => {
    const admin = await member('admin');
    const minted = await admin.request('POST', '/api-tokens', {
      name: 'as the owner',
      user_id: owner.ownerId,
    });
    expect([minted.statusCode, minted.json().error.code, minted.json().error.field]).toEqual([
      403,
      'token_for_other_user',
      'user_id',
    ]);
    const viewer = await member('viewer');
    const forViewer = await admin.request('POST', '/api-tokens', {
      name: 'as the viewer',
      user_id: viewer.user.id,
    });
    expect(forViewer.statusCode).toBe(403);
    // An owner cannot act as another person either.
    const asAdmin = await owner.request('POST', '/api-tokens', {
      name: 'as the admin',
      user_id: admin.user.id,
    });
    expect([asAdmin.statusCode, asAdmin.json().error.code]).toEqual([403, 'token_for_other_user']);
    // And the admin still cannot add an owner.
    const added = await admin.request('POST', '/users', {
      email: `o-${randomBytes(3).toString('hex')}@example.test`,
      name: 'O',
      role: 'owner',
      password,
    });
    expect([added.statusCode, added.json().error.code]).toEqual([403, 'owner_required']);
  });

  it('makes a token act as its maker, and the audit log names the maker', async () => {
    const admin = await member('admin');
    const created = await admin.request('POST', '/api-tokens', { name: 'my script' });
    expect(created.statusCode).toBe(201);
    expect(created.json().user_id).toBe(admin.user.id);
    const customer = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: {
        ref: `T-${randomBytes(3).toString('hex')}`,
        name: 'Made by a token',
        currency: 'EUR',
      },
    });
    expect(customer.statusCode).toBe(201);
    const [event] = await auditOf(customer.json().id);
    expect(event).toMatchObject({
      action: 'customer.created',
      actor_id: admin.user.id,
      actor_name: 'The admin',
    });
  });

  it('lets an owner make tokens for a service user it created, recorded as such, and nobody else', async () => {
    const added = await owner.request('POST', '/users', {
      email: `erp-${randomBytes(3).toString('hex')}@example.test`,
      name: 'ERP sync',
      role: 'accountant',
      kind: 'service',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ kind: 'service', role: 'accountant' });
    const service = added.json().id as string;
    const token = await owner.request('POST', '/api-tokens', { name: 'erp', user_id: service });
    expect(token.statusCode, token.body).toBe(201);
    const listed = (await owner.request('GET', '/api-tokens'))
      .json()
      .items.find((item: { id: string }) => item.id === token.json().id);
    expect(listed).toMatchObject({ user_id: service, created_by: owner.ownerId });
    const [event] = await auditOf(token.json().id);
    expect(event).toMatchObject({ action: 'api_token.created', actor_id: owner.ownerId });

    // Another owner did not create it; an admin may not add service users at all.
    const secondOwner = await createUser(database, owner.actor, {
      email: `o2-${randomBytes(3).toString('hex')}@example.test`,
      name: 'Second owner',
      role: 'owner',
      password,
    });
    const other = await createApiToken(
      database,
      { ...owner.actor, id: secondOwner.id, name: 'Second owner' },
      { name: 'mine' },
    );
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${other.token}` },
      payload: { name: 'erp too', user_id: service },
    });
    expect([theirs.statusCode, theirs.json().error.code]).toEqual([403, 'token_for_other_user']);
    const admin = await member('admin');
    const byAdmin = await admin.request('POST', '/users', {
      email: `svc-${randomBytes(3).toString('hex')}@example.test`,
      name: 'S',
      role: 'viewer',
      kind: 'service',
    });
    expect([byAdmin.statusCode, byAdmin.json().error.code]).toEqual([403, 'owner_required']);

    // A service user cannot sign in, has no password and cannot be an owner.
    const withPassword = await owner.request('POST', '/users', {
      email: `svc-${randomBytes(3).toString('hex')}@example.test`,
      name: 'S',
      role: 'viewer',
      kind: 'service',
      password,
    });
    expect(withPassword.json().error).toMatchObject({
      code: 'password_not_allowed',
      field: 'password',
    });
    const asOwner = await owner.request('POST', '/users', {
      email: `svc-${randomBytes(3).toString('hex')}@example.test`,
      name: 'S',
      role: 'owner',
      kind: 'service',
    });
    expect(asOwner.json().error).toMatchObject({ code: 'role_invalid', field: 'role' });
  });

  it("lets only the token's user or an owner revoke it", async () => {
    const accountant = await member('accountant');
    const admin = await member('admin');
    const collector = await member('collector');
    for (const intruder of [admin, collector]) {
      const refused = await intruder.request('DELETE', `/api-tokens/${accountant.token.id}`);
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'token_not_yours']);
    }
    expect((await accountant.request('GET', '/me')).statusCode).toBe(200);
    const mine = await collector.request('POST', '/api-tokens', { name: 'second' });
    expect((await collector.request('DELETE', `/api-tokens/${mine.json().id}`)).statusCode).toBe(
      204,
    );
    expect((await owner.request('DELETE', `/api-tokens/${accountant.token.id}`)).statusCode).toBe(
      204,
    );
    expect((await accountant.request('GET', '/me')).statusCode).toBe(401);
    expect((await owner.request('DELETE', `/api-tokens/${accountant.token.id}`)).statusCode).toBe(
      404,
    );
  });
});

describe('managing users', () => {
  it('changes a role, effective on the next request, and keeps owners for owners', async () => {
    const clerk = await member('sales');
    const admin = await member('admin');
    const payment = { customer_id: owner.orgId, amount: '1.00', received_on: '2026-01-05' };
    expect((await clerk.request('POST', '/payments', payment)).statusCode).toBe(403);
    const changed = await admin.request('PATCH', `/users/${clerk.user.id}`, {
      role: 'accountant',
      name: 'Clerk',
    });
    expect(changed.json()).toMatchObject({ role: 'accountant', name: 'Clerk' });
    expect((await clerk.request('GET', '/me')).json()).toMatchObject({
      role: 'accountant',
      name: 'Clerk',
    });
    // Now allowed to post payments: the unknown customer is the only thing wrong.
    expect((await clerk.request('POST', '/payments', payment)).statusCode).toBe(404);

    const promote = await admin.request('PATCH', `/users/${clerk.user.id}`, { role: 'owner' });
    expect([promote.statusCode, promote.json().error.code]).toEqual([403, 'owner_required']);
    const demoteOwner = await admin.request('PATCH', `/users/${owner.ownerId}`, { role: 'viewer' });
    expect([demoteOwner.statusCode, demoteOwner.json().error.code]).toEqual([
      403,
      'owner_required',
    ]);
    const bad = await admin.request('PATCH', `/users/${clerk.user.id}`, { role: 'king' });
    expect(bad.statusCode).toBe(400);
    // A change of nothing answers the user as it is (it was a 500: an UPDATE without a SET).
    const nothing = await admin.request('PATCH', `/users/${clerk.user.id}`, {});
    expect([nothing.statusCode, nothing.json().id]).toEqual([200, clerk.user.id]);
    const events = await auditOf(clerk.user.id);
    expect(events[0]).toMatchObject({ action: 'user.updated', actor_id: admin.user.id });
  });

  it('never leaves an organization without an enabled owner', async () => {
    const solo = await apiClient(app, database);
    const demoted = await solo.request('PATCH', `/users/${solo.ownerId}`, { role: 'admin' });
    expect([demoted.statusCode, demoted.json().error.code]).toEqual([409, 'last_owner']);
    const disabled = await solo.request('POST', `/users/${solo.ownerId}/disable`);
    expect([disabled.statusCode, disabled.json().error.code]).toEqual([409, 'last_owner']);
    expect((await solo.request('GET', '/me')).json().role).toBe('owner');
  });

  it('disables a user: its sessions end and its tokens are revoked at once; enabling restores sign-in only', async () => {
    const collector = await member('collector');
    const session = await logIn(collector.email);
    expect((await me(session.cookie)).statusCode).toBe(200);
    const admin = await member('admin');
    const disabled = await admin.request('POST', `/users/${collector.user.id}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ sessions_ended: 1, tokens_revoked: 1 });
    expect(disabled.json().user.disabled_at).not.toBeNull();
    expect((await me(session.cookie)).statusCode).toBe(401);
    expect((await collector.request('GET', '/me')).statusCode).toBe(401);
    expect((await logIn(collector.email)).status).toBe(401);

    const enabled = await admin.request('POST', `/users/${collector.user.id}/enable`);
    expect(enabled.json().user.disabled_at).toBeNull();
    expect((await logIn(collector.email)).status).toBe(200);
    expect((await collector.request('GET', '/me')).statusCode).toBe(401);
    expect((await auditOf(collector.user.id)).map((event) => event.action).slice(0, 2)).toEqual([
      'user.enabled',
      'user.disabled',
    ]);

    // An admin cannot disable an owner.
    const refused = await admin.request('POST', `/users/${owner.ownerId}/disable`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'owner_required']);
  });

  it("resets another's password, ending its sessions, and changes one's own with the current one", async () => {
    const clerk = await member('accountant');
    const first = await logIn(clerk.email);
    const second = await logIn(clerk.email);
    const reset = await owner.request('POST', `/users/${clerk.user.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const generated = reset.json().password as string;
    expect(generated.length).toBeGreaterThanOrEqual(12);
    expect(reset.json().sessions_ended).toBe(2);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await logIn(clerk.email)).status).toBe(401);

    const fresh = await logIn(clerk.email, generated);
    const other = await logIn(clerk.email, generated);
    const change = (body: object) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie: fresh.cookie, 'x-csrf-token': fresh.csrf },
        payload: body,
      });
    const wrong = await change({
      current_password: 'not it at all',
      new_password: 'another long password',
    });
    expect(wrong.json().error).toMatchObject({ code: 'password_wrong', field: 'current_password' });
    const short = await change({ current_password: generated, new_password: 'short' });
    expect(short.json().error).toMatchObject({ code: 'password_too_short', field: 'new_password' });
    const changed = await change({
      current_password: generated,
      new_password: 'another long password',
    });
    expect([changed.statusCode, changed.json().other_sessions_ended]).toEqual([200, 1]);
    expect((await me(fresh.cookie)).statusCode).toBe(200);
    expect((await me(other.cookie)).statusCode).toBe(401);
    expect((await logIn(clerk.email, 'another long password')).status).toBe(200);
    expect((await logIn(clerk.email, second.csrf)).status).toBe(401);

    const admin = await member('admin');
    const ownerReset = await admin.request('POST', `/users/${owner.ownerId}/reset-password`, {
      password: 'an admin chose this',
    });
    expect([ownerReset.statusCode, ownerReset.json().error.code]).toEqual([403, 'owner_required']);
  });
});

describe('the people of the organization', () => {
  it("lets every role pick a person by name, without the users' e-mails or the service users", async () => {
    const viewer = await member('viewer');
    const service = await owner.request('POST', '/users', {
      email: `robot-${randomBytes(4).toString('hex')}@example.test`,
      name: 'Robot',
      role: 'viewer',
      kind: 'service',
    });
    expect(service.statusCode).toBe(201);
    // The users list stays with owners and admins.
    expect((await viewer.request('GET', '/users')).statusCode).toBe(403);
    const people = await viewer.request('GET', '/people');
    expect(people.statusCode).toBe(200);
    const items = people.json().items as { id: string; name: string; role: string }[];
    expect(items).toContainEqual({
      id: viewer.user.id,
      name: 'The viewer',
      role: 'viewer',
      disabled: false,
    });
    expect(items.map((person) => person.id)).not.toContain(service.json().id);
    expect(people.body).not.toContain('@example.test');
    const names = items.map((person) => person.name);
    expect(names).toEqual([...names].sort());
  });
});

describe('logging in', () => {
  const attempt = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload,
      remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });

  it('answers an unknown e-mail, a wrong password and a disabled user alike', async () => {
    const known = await member('viewer');
    const disabled = await member('viewer');
    await owner.request('POST', `/users/${disabled.user.id}/disable`);
    const answers = await Promise.all([
      attempt({ email: `nobody-${randomBytes(3).toString('hex')}@example.test`, password }),
      attempt({ email: known.email, password: 'not the password at all' }),
      attempt({ email: disabled.email, password }),
    ]);
    expect(answers.map((answer) => [answer.statusCode, answer.body])).toEqual(
      Array.from({ length: 3 }, () => [401, answers[0]!.body]),
    );
    expect(answers[0]!.json().error.code).toBe('login_failed');
  });

  it('does not reveal that an e-mail is in several organizations to someone without its password', async () => {
    const other = await apiClient(app, database);
    const email = `twice-${randomBytes(3).toString('hex')}@example.test`;
    await createUser(database, owner.actor, { email, name: 'In A', role: 'viewer', password });
    await createUser(database, other.actor, {
      email,
      name: 'In B',
      role: 'viewer',
      password: 'the other organization password',
    });

    const wrong = await attempt({ email, password: 'guessing at random' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'login_failed']);
    // The password opens one of the two: that one, without naming it.
    const first = await attempt({ email, password });
    expect([first.statusCode, first.json().me?.organization_id]).toEqual([200, owner.orgId]);
    const second = await attempt({ email, password: 'the other organization password' });
    expect([second.statusCode, second.json().me?.organization_id]).toEqual([200, other.orgId]);

    // Only someone with a password valid in both is asked which organization.
    const both = `both-${randomBytes(3).toString('hex')}@example.test`;
    await createUser(database, owner.actor, {
      email: both,
      name: 'Both A',
      role: 'viewer',
      password,
    });
    await createUser(database, other.actor, {
      email: both,
      name: 'Both B',
      role: 'viewer',
      password,
    });
    const ambiguous = await attempt({ email: both, password });
    expect([ambiguous.statusCode, ambiguous.json().error.code]).toEqual([
      400,
      'organization_required',
    ]);
    const named = await attempt({ email: both, password, organization: other.orgId });
    expect([named.statusCode, named.json().me?.organization_id]).toEqual([200, other.orgId]);
  });
});
