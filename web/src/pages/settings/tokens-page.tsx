import { useState, type FormEvent } from 'react';
import { postJson, sendJson } from '../../api/client';
import type { ApiToken, ApiTokenList, CreatedApiToken, User, UserList } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { ReportTable } from '../../components/report-table';
import { useCan } from '../../permissions';
import { useSession } from '../../session';
import { SecretOnce } from './settings-fields';
import './settings.css';

function useMe() {
  const { state } = useSession();
  return state.status === 'signed_in' || state.status === 'expired' ? state.me : undefined;
}

interface NewToken {
  readonly name: string;
  readonly user_id?: string;
}

/**
 * Creates a token acting as the signed-in user or, for an owner, as a service user: a program's
 * own identity (the API lets only the owner who created it make its tokens, and says so).
 */
function CreateTokenForm({ serviceUsers }: { serviceUsers: readonly User[] }) {
  const { notify } = useNotice();
  const [name, setName] = useState('');
  const [actsAs, setActsAs] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const create = useAction((body: NewToken, options) =>
    postJson<CreatedApiToken>('/api-tokens', body, options),
  );
  const invalid = invalidField(create.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = await create.run(actsAs === '' ? { name } : { name, user_id: actsAs });
    if (!token) return;
    setCreated(token);
    setName('');
    notify(`API token "${token.name}" created: copy its secret now, it is not shown again.`);
  };
  return (
    <>
      <form className="report-form" onSubmit={submit} aria-label="Create an API token">
        <TextField
          name="name"
          label="Token name (what uses it)"
          value={name}
          onChange={setName}
          invalidField={invalid}
        />
        {serviceUsers.length > 0 && (
          <SelectField
            name="user_id"
            label="Acts as"
            value={actsAs}
            onChange={setActsAs}
            invalidField={invalid}
          >
            <option value="">You</option>
            {serviceUsers.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} (service user)
              </option>
            ))}
          </SelectField>
        )}
        <button type="submit" disabled={create.running}>
          Create token
        </button>
      </form>
      {create.error && (
        <ErrorAlert error={create.error} fieldLabels={{ name: 'Token name', user_id: 'Acts as' }} />
      )}
      {created && <SecretOnce label={`Secret of "${created.name}"`} secret={created.token} />}
    </>
  );
}

function RevokeForm({ token, close }: { token: ApiToken; close: () => void }) {
  const { notify } = useNotice();
  const revoke = useAction((_: void, options) =>
    sendJson<null>('DELETE', `/api-tokens/${token.id}`, undefined, options).then(() => true),
  );
  const confirm = async () => {
    if (!(await revoke.run())) return;
    notify(`API token "${token.name}" (${token.token_prefix}…) is revoked: it no longer works.`);
    close();
  };
  return (
    <>
      <p>
        Programs using &ldquo;{token.name}&rdquo; are refused from now on. This cannot be undone: a
        new token would have a new secret.
      </p>
      {revoke.error && <ErrorAlert error={revoke.error} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm} disabled={revoke.running}>
          Revoke token
        </button>
      </div>
    </>
  );
}

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function TokensTable({
  tokens,
  names,
}: {
  tokens: readonly ApiToken[];
  names: ReadonlyMap<string, string>;
}) {
  const me = useMe();
  const whose = (userId: string) =>
    userId === me?.user_id ? 'You' : (names.get(userId) ?? 'Another user');
  return (
    <ReportTable
      label="API tokens"
      columns={['Name', 'Starts with', 'Acts as', 'Created', 'Status', 'Actions']}
    >
      {tokens.map((token) => (
        <tr key={token.id}>
          <th scope="row">{token.name}</th>
          <td>
            <code>{token.token_prefix}…</code>
          </td>
          <td>{whose(token.user_id)}</td>
          <td>{dateTime(token.created_at)}</td>
          <td className={token.revoked_at ? 'status-revoked' : undefined}>
            {token.revoked_at ? `Revoked ${dateTime(token.revoked_at)}` : 'Active'}
          </td>
          <td>
            {/* A token is revoked by its user or by an owner; the API refuses anyone else. */}
            {token.revoked_at === null &&
              (token.user_id === me?.user_id || me?.role === 'owner') && (
                <ActionDialog
                  label="Revoke"
                  title={`Revoke the token "${token.name}"?`}
                  className="danger"
                >
                  {(close) => <RevokeForm token={token} close={close} />}
                </ActionDialog>
              )}
          </td>
        </tr>
      ))}
    </ReportTable>
  );
}

function TokensBody({ users }: { users: readonly User[] }) {
  const me = useMe();
  const tokens = useApiGet<ApiTokenList>('/api-tokens');
  const names = new Map(users.map((user) => [user.id, `${user.name} (${user.email})`]));
  const serviceUsers =
    me?.role === 'owner'
      ? users.filter((user) => user.kind === 'service' && user.disabled_at === null)
      : [];
  return (
    <>
      <p>
        A token lets a program (an ERP sync, a spreadsheet) use the API as you, with your role: send
        it as <code>Authorization: Bearer stl_…</code>. Revoke it when the program no longer needs
        it.
      </p>
      <CreateTokenForm serviceUsers={serviceUsers} />
      {tokens.state === 'loading' ? (
        <Loading what="the API tokens" />
      ) : tokens.state === 'failed' ? (
        <ErrorAlert error={tokens.error} />
      ) : tokens.data.items.length === 0 ? (
        <p>No API tokens yet.</p>
      ) : (
        <TokensTable tokens={tokens.data.items} names={names} />
      )}
    </>
  );
}

/** Owners and admins see every token and whose it is; the users list is theirs to read. */
function TokensWithUsers() {
  const users = useApiGet<UserList>('/users');
  return <TokensBody users={users.state === 'loaded' ? users.data.items : []} />;
}

export function TokensPage() {
  const can = useCan();
  return (
    <>
      <h1>API tokens</h1>
      {!can('tokens.manage') ? (
        <p>Your role does not use API tokens.</p>
      ) : can('users.manage') ? (
        <TokensWithUsers />
      ) : (
        <TokensBody users={[]} />
      )}
    </>
  );
}
