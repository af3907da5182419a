import { useId, type ReactNode } from 'react';

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The field the last error named: that input is marked, so the user sees where to look. */
  readonly invalidField?: string | undefined;
}

/**
 * Dates are typed as YYYY-MM-DD rather than picked, so that any date the API accepts can be
 * entered and the API, which validates every input, says what is wrong with a bad one.
 */
export function DateField(props: FieldProps) {
  return <TextField {...props} placeholder="YYYY-MM-DD" inputMode="numeric" size={11} />;
}

interface TextFieldProps extends FieldProps {
  readonly placeholder?: string | undefined;
  readonly inputMode?: 'numeric' | 'text' | undefined;
  readonly size?: number | undefined;
}

export function TextField({
  name,
  label,
  value,
  onChange,
  invalidField,
  placeholder,
  inputMode,
  size,
}: TextFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        inputMode={inputMode}
        size={size}
        aria-invalid={invalidField === name || undefined}
      />
    </label>
  );
}

/**
 * The label points at the select by id instead of wrapping it: a select inside its label gets the
 * chosen option's text added to its accessible name in Chromium ("Role Collector" for "Role").
 */
export function SelectField({
  name,
  label,
  value,
  onChange,
  invalidField,
  children,
}: FieldProps & { readonly children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalidField === name || undefined}
      >
        {children}
      </select>
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  checked,
  onChange,
}: {
  name: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="field field-checkbox">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** A select's options from a list of choices, in its order. */
export function ChoiceOptions({
  choices,
}: {
  choices: readonly { readonly value: string; readonly label: string }[];
}) {
  return choices.map((choice) => (
    <option key={choice.value} value={choice.value}>
      {choice.label}
    </option>
  ));
}
