import { useState, type FormEvent } from 'react';
import { roles, type Role } from '../../../../src/core/roles';
import { postJson, sendJson } from '../../api/client';
import type { PasswordReset, User, UserDisabledAnswer, UserList } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { ReportTable } from '../../components/report-table';
import { useCan } from '../../permissions';
import { useSession } from '../../session';
import { PasswordField, SecretOnce } from './settings-fields';
import './settings.css';

const roleLabels: Readonly<Record<Role, string>> = {
  owner: 'Owner',
  admin: 'Admin',
  accountant: 'Accountant',
  collector: 'Collector',
  sales: 'Sales',
  viewer: 'Viewer',
};

const roleLabel = (role: string) => roleLabels[role as Role] ?? role;

const fieldLabels = {
  name: 'Name',
  email: 'E-mail',
  role: 'Role',
  password: 'Initial password',
  id: 'User',
};

/** Only an owner hands out or acts on the owner role (the API refuses an admin with owner_required). */
function assignableRoles(myRole: string | undefined): readonly Role[] {
  return myRole === 'owner' ? roles : roles.filter((role) => role !== 'owner');
}

function useMe() {
  const { state } = useSession();
  return state.status === 'signed_in' || state.status === 'expired' ? state.me : undefined;
}

interface NewUser {
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly password?: string;
  readonly kind?: 'service';
}

function RoleOptions({
  myRole,
  service = false,
}: {
  myRole: string | undefined;
  service?: boolean;
}) {
  // A service user is never an owner.
  const choices = assignableRoles(myRole).filter((role) => !service || role !== 'owner');
  return (
    <>
      {choices.map((role) => (
        <option key={role} value={role}>
          {roleLabels[role]}
        </option>
      ))}
    </>
  );
}

function InviteForm({ close, myRole }: { close: () => void; myRole: string | undefined }) {
  const { notify } = useNotice();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('collector');
  const [password, setPassword] = useState('');
  // Only owners add service users: the programs whose API tokens they make.
  const [service, setService] = useState(false);
  const invite = useAction((body: NewUser, options) => postJson<User>('/users', body, options));
  const invalid = invalidField(invite.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await invite.run(
      service ? { name, email, role, kind: 'service' } : { name, email, role, password },
    );
    if (!user) return;
    notify(
      user.kind === 'service'
        ? `${user.name} is a service user (${roleLabel(user.role).toLowerCase()}): make its API tokens under Settings, API tokens.`
        : `${user.name} (${user.email}) can now sign in as ${roleLabel(user.role).toLowerCase()} ` +
            'with the initial password you gave; they change it under Settings, Your password.',
    );
    close();
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Invite a user">
      <TextField name="name" label="Name" value={name} onChange={setName} invalidField={invalid} />
      <TextField
        name="email"
        label="E-mail"
        value={email}
        onChange={setEmail}
        invalidField={invalid}
      />
      {myRole === 'owner' && (
        <CheckboxField
          name="service"
          label="A program, not a person (service user: no password, API tokens only)"
          checked={service}
          onChange={(checked) => {
            setService(checked);
            if (checked && role === 'owner') setRole('viewer');
          }}
        />
      )}
      <SelectField name="role" label="Role" value={role} onChange={setRole} invalidField={invalid}>
        <RoleOptions myRole={myRole} service={service} />
      </SelectField>
      {!service && (
        <PasswordField
          name="password"
          label="Initial password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          invalid={invalid === 'password'}
          hint="Give it to them yourself; they can change it once signed in."
        />
      )}
      {invite.error && <ErrorAlert error={invite.error} fieldLabels={fieldLabels} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" disabled={invite.running}>
          Invite
        </button>
      </div>
    </form>
  );
}

function ChangeRoleForm({
  user,
  close,
  myRole,
}: {
  user: User;
  close: () => void;
  myRole: string | undefined;
}) {
  const { notify } = useNotice();
  const [role, setRole] = useState<string>(user.role);
  const change = useAction((body: { role: string }, options) =>
    sendJson<User>('PATCH', `/users/${user.id}`, body, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const updated = await change.run({ role });
    if (!updated) return;
    notify(
      `${updated.name} is now ${roleLabel(updated.role).toLowerCase()}, from their next request on.`,
    );
    close();
  };
  return (
    <form className="settings-form" onSubmit={submit}>
      <SelectField
        name="role"
        label="Role"
        value={role}
        onChange={setRole}
        invalidField={invalidField(change.error)}
      >
        <RoleOptions myRole={myRole} service={user.kind === 'service'} />
      </SelectField>
      {change.error && <ErrorAlert error={change.error} fieldLabels={fieldLabels} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" disabled={change.running}>
          Change role
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ user, close }: { user: User; close: () => void }) {
  const { notify } = useNotice();
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const reset = useAction((body: { password?: string }, options) =>
    postJson<PasswordReset>(`/users/${user.id}/reset-password`, body, options),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Left blank, the API makes up a password and shows it once.
    const result = await reset.run(password === '' ? {} : { password });
    if (!result) return;
    const ended = `${result.sessions_ended} session${result.sessions_ended === 1 ? '' : 's'} ended`;
    notify(`The password of ${user.name} is reset; ${ended}.`);
    if (result.password === null) close();
    else setGenerated(result.password);
  };
  if (generated !== null) {
    return (
      <>
        <SecretOnce label={`New password of ${user.name}`} secret={generated} />
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Done
          </button>
        </div>
      </>
    );
  }
  return (
    <form className="settings-form" onSubmit={submit}>
      <p>{user.name} is signed out everywhere and signs in again with the new password.</p>
      <PasswordField
        name="password"
        label="New password"
        value={password}
        onChange={setPassword}
        autoComplete="off"
        invalid={invalidField(reset.error) === 'password'}
        hint="Leave it blank to have one made up and shown once."
      />
      {reset.error && (
        <ErrorAlert
          error={reset.error}
          fieldLabels={{ ...fieldLabels, password: 'New password' }}
        />
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="submit" disabled={reset.running}>
          Reset password
        </button>
      </div>
    </form>
  );
}

function DisableForm({ user, close }: { user: User; close: () => void }) {
  const { notify } = useNotice();
  const disable = useAction((_: void, options) =>
    postJson<UserDisabledAnswer>(`/users/${user.id}/disable`, undefined, options),
  );
  const confirm = async () => {
    const result = await disable.run();
    if (!result) return;
    notify(
      `${user.name} is disabled: ${result.sessions_ended} session(s) ended, ` +
        `${result.tokens_revoked} API token(s) revoked.`,
    );
    close();
  };
  return (
    <>
      <p>
        {user.name} can no longer sign in; their sessions end and their API tokens are revoked at
        once. You can enable them again; revoked tokens stay revoked.
      </p>
      {disable.error && <ErrorAlert error={disable.error} fieldLabels={fieldLabels} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm} disabled={disable.running}>
          Disable {user.name}
        </button>
      </div>
    </>
  );
}

function EnableButton({ user }: { user: User }) {
  const { notify } = useNotice();
  const enable = useAction((_: void, options) =>
    postJson<UserDisabledAnswer>(`/users/${user.id}/enable`, undefined, options),
  );
  const click = async () => {
    if (await enable.run()) notify(`${user.name} can sign in again.`);
  };
  return (
    <>
      <button type="button" onClick={click} disabled={enable.running}>
        Enable
      </button>
      {enable.error && <ErrorAlert error={enable.error} fieldLabels={fieldLabels} />}
    </>
  );
}

function UserActions({ user, me }: { user: User; me: ReturnType<typeof useMe> }) {
  // An admin cannot act on an owner, and nobody disables themselves out of the app.
  if (user.role === 'owner' && me?.role !== 'owner') return null;
  const self = user.id === me?.user_id;
  return (
    <div className="row-actions">
      <ActionDialog label="Change role" title={`Change the role of ${user.name}`}>
        {(close) => <ChangeRoleForm user={user} close={close} myRole={me?.role} />}
      </ActionDialog>
      {user.kind === 'person' && !self && (
        <ActionDialog label="Reset password" title={`Reset the password of ${user.name}`}>
          {(close) => <ResetPasswordForm user={user} close={close} />}
        </ActionDialog>
      )}
      {!self &&
        (user.disabled_at === null ? (
          <ActionDialog label="Disable" title={`Disable ${user.name}?`} className="danger">
            {(close) => <DisableForm user={user} close={close} />}
          </ActionDialog>
        ) : (
          <EnableButton user={user} />
        ))}
    </div>
  );
}

const dateTime = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function UsersTable({ users, me }: { users: readonly User[]; me: ReturnType<typeof useMe> }) {
  return (
    <ReportTable
      label="Users"
      caption="Users of the organization"
      columns={['Name', 'E-mail', 'Role', 'Kind', 'Status', 'Added', 'Actions']}
    >
      {users.map((user) => (
        <tr key={user.id}>
          <th scope="row">
            {user.name}
            {user.id === me?.user_id && ' (you)'}
          </th>
          <td>{user.email}</td>
          <td>{roleLabel(user.role)}</td>
          <td>{user.kind === 'service' ? 'Service (API only)' : 'Person'}</td>
          <td className={user.disabled_at ? 'status-disabled' : undefined}>
            {user.disabled_at ? `Disabled ${dateTime(user.disabled_at)}` : 'Active'}
          </td>
          <td>{dateTime(user.created_at)}</td>
          <td>
            <UserActions user={user} me={me} />
          </td>
        </tr>
      ))}
    </ReportTable>
  );
}

function UsersManager() {
  const me = useMe();
  const users = useApiGet<UserList>('/users');
  return (
    <>
      <p>
        Everyone who signs in to Settle, and the service users programs act as. A role change
        applies from the user&apos;s next request.
      </p>
      <ActionDialog label="Invite a user">
        {(close) => <InviteForm close={close} myRole={me?.role} />}
      </ActionDialog>
      {users.state === 'loading' && <Loading what="the users" />}
      {users.state === 'failed' && <ErrorAlert error={users.error} />}
      {users.state === 'loaded' && <UsersTable users={users.data.items} me={me} />}
    </>
  );
}

export function UsersPage() {
  const can = useCan();
  return (
    <>
      <h1>Users</h1>
      {can('users.manage') ? <UsersManager /> : <p>Only owners and admins manage users.</p>}
    </>
  );
}
