import { useState, type FormEvent } from 'react';
import type { PersonList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { CheckboxField, DateField, SelectField, TextField } from '../../components/form-fields';
import { agingFields, type AgingQuery } from './aging-query';

/**
 * The collector to filter on, chosen by name among the organization's people (every role may
 * list them). Until they have loaded, or if they cannot be, the field takes the person's id,
 * which is what the API filters on and what an address shared by someone else holds.
 */
function CollectorField({
  value,
  onChange,
  invalidField,
}: {
  value: string;
  onChange: (value: string) => void;
  invalidField: string | undefined;
}) {
  const people = useApiGet<PersonList>('/people');
  if (people.state !== 'loaded') {
    return (
      <TextField
        name="collector_id"
        label="Collector (user id)"
        value={value}
        onChange={onChange}
        invalidField={invalidField}
      />
    );
  }
  const known = people.data.items.some((person) => person.id === value);
  return (
    <SelectField
      name="collector_id"
      label="Collector"
      value={value}
      onChange={onChange}
      invalidField={invalidField}
    >
      <option value="">Any</option>
      {!known && value && <option value={value}>{value}</option>}
      {people.data.items.map((person) => (
        <option key={person.id} value={person.id}>
          {person.disabled ? `${person.name} (disabled)` : person.name}
        </option>
      ))}
    </SelectField>
  );
}

/** The report's date, basis and filters; submitting puts them in the address, which loads the report. */
export function AgingForm({
  query,
  onSubmit,
  invalidField,
}: {
  query: AgingQuery;
  onSubmit: (query: AgingQuery) => void;
  invalidField: string | undefined;
}) {
  const [draft, setDraft] = useState<AgingQuery>(query);
  const set = (field: (typeof agingFields)[number]) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label="Aging report">
      <DateField
        name="as_of"
        label="As of"
        value={draft.as_of}
        onChange={set('as_of')}
        invalidField={invalidField}
      />
      <SelectField
        name="basis"
        label="Basis"
        value={draft.basis || 'due'}
        onChange={set('basis')}
        invalidField={invalidField}
      >
        <option value="due">Days past due</option>
        <option value="issue">Days since issue</option>
      </SelectField>
      <TextField
        name="customer_ref"
        label="Customer ref"
        value={draft.customer_ref}
        onChange={set('customer_ref')}
        invalidField={invalidField}
      />
      <CollectorField
        value={draft.collector_id}
        onChange={set('collector_id')}
        invalidField={invalidField}
      />
      <TextField
        name="tag"
        label="Tag"
        value={draft.tag}
        onChange={set('tag')}
        invalidField={invalidField}
      />
      <TextField
        name="currency"
        label="Currency"
        value={draft.currency}
        onChange={set('currency')}
        invalidField={invalidField}
        placeholder="all"
      />
      <CheckboxField
        name="detail"
        label="Every open item"
        checked={draft.detail === 'true'}
        onChange={(checked) => set('detail')(checked ? 'true' : '')}
      />
      <button type="submit">Show</button>
    </form>
  );
}
