import { useState, type FormEvent } from 'react';
import { ratioKpis, amountKpis } from '../../../../src/reports/kpi-registry';
import type { PersonList } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { SelectField, TextField, DateField } from '../../components/form-fields';

/** Every metric a goal may follow, with the words the KPI registry gives it. */
export const goalMetricChoices: readonly { value: string; label: string }[] = [
  ...ratioKpis.map((kpi) => ({ value: kpi.key, label: kpi.label })),
  ...amountKpis.map((kpi) => ({ value: kpi.key, label: kpi.goalLabel })),
];

export const goalFieldLabels: Readonly<Record<string, string>> = {
  name: 'Name',
  metric: 'Metric',
  target: 'Target',
  direction: 'Direction',
  currency: 'Currency',
  owner_id: 'Owner',
  deadline: 'Deadline',
};

export interface GoalDraft {
  readonly name: string;
  readonly metric: string;
  readonly target: string;
  readonly direction: string;
  readonly currency: string;
  readonly owner_id: string;
  readonly deadline: string;
}

/**
 * What the form sends: blank fields are left out, so that the API applies its defaults (the
 * metric's better side, the organization's currency, the derived name). On an edit the metric
 * and currency cannot change, and a blank name goes back to the derived one (null).
 */
export function goalBody(draft: GoalDraft, editing: boolean): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  const set = (field: keyof GoalDraft) => {
    const value = draft[field].trim();
    if (value !== '') body[field] = value;
  };
  if (editing) {
    body.name = draft.name.trim() === '' ? null : draft.name.trim();
  } else {
    set('name');
    set('metric');
    set('currency');
  }
  set('target');
  set('direction');
  set('owner_id');
  set('deadline');
  return body;
}

function OwnerField({
  value,
  onChange,
  invalid,
}: {
  value: string;
  onChange: (value: string) => void;
  invalid: string | undefined;
}) {
  const people = useApiGet<PersonList>('/people');
  return (
    <SelectField
      name="owner_id"
      label="Owner"
      value={value}
      onChange={onChange}
      invalidField={invalid}
    >
      <option value="">Choose a person</option>
      {people.state === 'loaded' &&
        people.data.items
          .filter((person) => !person.disabled || person.id === value)
          .map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
    </SelectField>
  );
}

/** The fields of a goal, to set one or to change one (`editing`: metric and currency stay). */
export function GoalForm({
  initial,
  editing,
  invalid,
  running,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: GoalDraft;
  editing: boolean;
  invalid: string | undefined;
  running: boolean;
  submitLabel: string;
  onSubmit: (draft: GoalDraft) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const set = (field: keyof GoalDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="dialog-form" onSubmit={submit} aria-label={submitLabel}>
      <TextField
        name="name"
        label="Name (blank: from the metric and target)"
        value={draft.name}
        onChange={set('name')}
        invalidField={invalid}
      />
      {!editing && (
        <SelectField
          name="metric"
          label="Metric"
          value={draft.metric}
          onChange={set('metric')}
          invalidField={invalid}
        >
          {goalMetricChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        name="target"
        label="Target"
        value={draft.target}
        onChange={set('target')}
        invalidField={invalid}
        inputMode="numeric"
      />
      <SelectField
        name="direction"
        label="Direction"
        value={draft.direction}
        onChange={set('direction')}
        invalidField={invalid}
      >
        <option value="">The metric&rsquo;s better side</option>
        <option value="at_most">At most the target</option>
        <option value="at_least">At least the target</option>
      </SelectField>
      {!editing && (
        <TextField
          name="currency"
          label="Currency (blank: the organization's)"
          value={draft.currency}
          onChange={set('currency')}
          invalidField={invalid}
        />
      )}
      <OwnerField value={draft.owner_id} onChange={set('owner_id')} invalid={invalid} />
      <DateField
        name="deadline"
        label="Deadline"
        value={draft.deadline}
        onChange={set('deadline')}
        invalidField={invalid}
      />
      <div className="dialog-actions">
        <button type="submit" disabled={running}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
