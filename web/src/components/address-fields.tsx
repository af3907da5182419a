import { useMemo } from 'react';
import { countriesIn } from '../format/countries';
import { addressLines, type AddressDraft } from './address-draft';
import { SelectField, TextField } from './form-fields';
import './address-fields.css';

/**
 * A postal address as one group: the street lines, postal code, city, region and country, each
 * input named `{name}.{field}` as the API names it, so that the field an error names is marked.
 */
export function AddressFields({
  name,
  legend,
  value,
  onChange,
  invalidField,
  className = '',
}: {
  /** The API's name of the address, the inputs' prefix: `billing_address`, `address`. */
  name: string;
  legend: string;
  value: AddressDraft;
  onChange: (value: AddressDraft) => void;
  /** The field the last error named (`billing_address.country`), from invalidField(error). */
  invalidField: string | undefined;
  /** Where the group sits in the form around it. */
  className?: string;
}) {
  const countries = useMemo(() => countriesIn(navigator.language), []);
  const set = (field: keyof AddressDraft) => (text: string) =>
    onChange({ ...value, [field]: text });
  return (
    <fieldset className={`address-fields ${className}`.trim()}>
      <legend>{legend}</legend>
      {addressLines.map(([field, label]) => (
        <TextField
          key={field}
          name={`${name}.${field}`}
          label={label}
          value={value[field]}
          onChange={set(field)}
          invalidField={invalidField}
        />
      ))}
      <SelectField
        name={`${name}.country`}
        label="Country"
        value={value.country}
        onChange={set('country')}
        invalidField={invalidField}
      >
        <option value="">(none)</option>
        {countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name} ({country.code})
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}
