import type { FormEvent } from 'react';
import { CollectorField } from '../../components/collector-field';
import { CheckboxField, DateField, SelectField, TextField } from '../../components/form-fields';
import { useQueryDraft } from '../../url-draft';
import type { AgingQuery } from './aging-query';

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
  const [draft, set] = useQueryDraft(query);
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
