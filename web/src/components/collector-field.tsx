import type { PersonList } from '../api/types';
import { useApiGet } from '../api/use-api-get';
import { SelectField, TextField } from './form-fields';

/**
 * The collector to filter on, chosen by name among the organization's people (every role may
 * list them). Until they have loaded, or if they cannot be, the field takes the person's id,
 * which is what the API filters on and what an address shared by someone else holds.
 */
export function CollectorField({
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
