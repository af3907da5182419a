import { useState, type FormEvent } from 'react';
import { sendJson } from '../../api/client';
import type { Organization } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { useCan } from '../../permissions';
import './settings.css';

const fieldLabels = { name: 'Name', time_zone: 'Time zone' };

/** The zones the browser knows, to pick from; any IANA zone may still be typed. */
const knownZones: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

function OrganizationForm({ organization }: { organization: Organization }) {
  const { notify } = useNotice();
  const [name, setName] = useState(organization.name);
  const [timeZone, setTimeZone] = useState(organization.time_zone);
  const save = useAction((body: { name: string; time_zone: string }, options) =>
    sendJson<Organization>('PATCH', '/organization', body, options),
  );
  const invalid = invalidField(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run({ name, time_zone: timeZone });
    if (saved) notify(`Organization saved: ${saved.name}, time zone ${saved.time_zone}.`);
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Organization">
      <TextField name="name" label="Name" value={name} onChange={setName} invalidField={invalid} />
      <label className="field">
        <span>Time zone (where &ldquo;today&rdquo; is for document dates and the daily run)</span>
        <input
          name="time_zone"
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          list="known-time-zones"
          aria-invalid={invalid === 'time_zone' || undefined}
        />
      </label>
      <datalist id="known-time-zones">
        {knownZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <dl className="settings-facts">
        <dt>Base currency</dt>
        <dd>
          {organization.base_currency} (fixed: the books are kept in it from the first document)
        </dd>
        <dt>Slug (for sign-in and the command line&apos;s --org)</dt>
        <dd>
          <code>{organization.slug}</code>
        </dd>
      </dl>
      {save.error && <ErrorAlert error={save.error} fieldLabels={fieldLabels} />}
      <div className="form-actions">
        <button type="submit" disabled={save.running}>
          Save organization
        </button>
      </div>
    </form>
  );
}

function OrganizationManager() {
  const organization = useApiGet<Organization>('/organization');
  if (organization.state === 'loading') return <Loading what="the organization" />;
  if (organization.state === 'failed') return <ErrorAlert error={organization.error} />;
  return <OrganizationForm key={organization.data.id} organization={organization.data} />;
}

export function OrganizationPage() {
  const can = useCan();
  return (
    <>
      <h1>Organization</h1>
      {can('settings.manage') ? (
        <OrganizationManager />
      ) : (
        <p>Only owners and admins change the organization&apos;s settings.</p>
      )}
    </>
  );
}
