import { CollectorField } from '../../components/collector-field';
import { CheckboxField, DateField, SelectField, TextField } from '../../components/form-fields';
import { useQueryForm } from '../../url-draft';
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
  const { draft, set, field, submit } = useQueryForm({
    query,
    invalid: invalidField,
    onSubmit,
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Aging report">
      <DateField label="As of" {...field('as_of')} />
      <SelectField label="Basis" {...field('basis')} value={draft.basis || 'due'}>
        <option value="due">Days past due</option>
        <option value="issue">Days since issue</option>
      </SelectField>
      <TextField label="Customer ref" {...field('customer_ref')} />
      <CollectorField
        value={draft.collector_id}
        onChange={set('collector_id')}
        invalidField={invalidField}
      />
      <TextField label="Tag" {...field('tag')} />
      <TextField label="Currency" {...field('currency')} placeholder="all" />
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
