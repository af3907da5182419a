import { useCallback, useState, type FormEvent } from 'react';
import { postJson, sendJson, type SendOptions } from '../../../api/client';
import type {
  CollectionPolicy,
  CollectionPolicyList,
  MessageTemplateList,
  PolicyStepAction,
} from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ActionDialog } from '../../../components/dialog';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { SelectField, TextField } from '../../../components/form-fields';
import { Loading } from '../../../components/loading';
import { useNotice } from '../../../components/notice';
import { ReportTable } from '../../../components/report-table';
import { TableScroll } from '../../../components/table-scroll';
import { useCan } from '../../../permissions';
import { Link, navigate, useLocation } from '../../../routing';
import { addressOf, readQuery } from '../../../url-query';
import {
  actionOfType,
  actionSummary,
  actionTypes,
  addStep,
  chargeFieldOf,
  chargeKinds,
  draftOf,
  handoverTargets,
  inTimeOrder,
  offsetLabel,
  parseOffset,
  stepsForApi,
  taskKinds,
  type ActionType,
  type ChargeKind,
  type StepDraft,
} from './policy-steps';
import { PolicyTimeline } from './policy-timeline';
import { PolicyCustomers } from './policy-customers';
import './settings-collections.css';

const pathname = '/settings/policies';

function stepFieldLabels(steps: readonly StepDraft[]): Record<string, string> {
  const labels: Record<string, string> = { name: 'Name', steps: 'Steps', is_default: 'Default' };
  steps.forEach((_, index) => {
    const step = `Step ${index + 1}`;
    labels[`steps[${index}].offset_days`] = `${step}, day`;
    labels[`steps[${index}].key`] = `${step}, key`;
    labels[`steps[${index}].action.type`] = `${step}, action`;
    labels[`steps[${index}].action.template`] = `${step}, template`;
    labels[`steps[${index}].action.kind`] = `${step}, task`;
    labels[`steps[${index}].action.to`] = `${step}, hand over to`;
    labels[`steps[${index}].action.charge.kind`] = `${step}, charge`;
    labels[`steps[${index}].action.charge.amount`] = `${step}, amount`;
    labels[`steps[${index}].action.charge.percent`] = `${step}, rate`;
    labels[`steps[${index}].action.charge.reference_rate`] = `${step}, reference rate`;
  });
  return labels;
}

/**
 * A step's day, typed freely and taken when the field is left or Enter is pressed: taken at each
 * keystroke, the step would jump to its new place in the table while "14" is half typed.
 */
function DayInput({
  name,
  label,
  days,
  invalid,
  onCommit,
}: {
  name: string;
  label: string;
  days: number;
  invalid: boolean;
  onCommit: (days: number) => void;
}) {
  const [text, setText] = useState(String(days));
  const [shownDays, setShownDays] = useState(days);
  // A step dragged on the timeline gets its new day here too.
  if (shownDays !== days) {
    setShownDays(days);
    setText(String(days));
  }
  const parsed = parseOffset(text);
  const commit = () => {
    if (parsed !== null && parsed !== days) onCommit(parsed);
  };
  const hintId = `${name}-hint`;
  return (
    <>
      <input
        name={name}
        aria-label={label}
        value={text}
        inputMode="numeric"
        size={5}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
        aria-invalid={invalid || parsed === null || undefined}
        aria-describedby={parsed === null ? hintId : undefined}
      />
      {parsed === null && (
        <span id={hintId} className="field-hint">
          A whole number of days from −60 to 730.
        </span>
      )}
    </>
  );
}

function ActionFields({
  index,
  action,
  templateKeys,
  invalid,
  onChange,
}: {
  index: number;
  action: PolicyStepAction;
  templateKeys: readonly string[];
  invalid: string | undefined;
  onChange: (action: PolicyStepAction) => void;
}) {
  const field = (name: string) => `steps[${index}].action.${name}`;
  const step = `step ${index + 1}`;
  const mark = (name: string) => invalid === field(name) || undefined;
  switch (action.type) {
    case 'email':
    case 'letter': {
      const current = action.template ?? '';
      const keys = templateKeys.includes(current) ? templateKeys : [current, ...templateKeys];
      return (
        <select
          name={field('template')}
          aria-label={`Template of ${step}`}
          value={current}
          onChange={(event) => onChange({ ...action, template: event.target.value })}
          aria-invalid={mark('template')}
        >
          {keys.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
      );
    }
    case 'task':
      return (
        <select
          name={field('kind')}
          aria-label={`Task of ${step}`}
          value={action.kind ?? 'call'}
          onChange={(event) => onChange({ ...action, kind: event.target.value })}
          aria-invalid={mark('kind')}
        >
          {taskKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      );
    case 'handover':
      return (
        <select
          name={field('to')}
          aria-label={`Hand ${step} over to`}
          value={action.to ?? 'agency'}
          onChange={(event) => onChange({ ...action, to: event.target.value })}
          aria-invalid={mark('to')}
        >
          {handoverTargets.map((to) => (
            <option key={to} value={to}>
              {to}
            </option>
          ))}
        </select>
      );
    case 'late_fee': {
      const charge = action.charge ?? { kind: 'fixed' as const, amount: '' };
      const needs = chargeFieldOf(charge.kind);
      const valueLabel =
        needs === 'amount'
          ? `Fee of ${step}, in the invoice's currency`
          : needs === 'percent'
            ? `Rate of ${step}, in percent`
            : `Reference rate of ${step}, in percent`;
      return (
        <span className="step-charge">
          <select
            name={field('charge.kind')}
            aria-label={`Charge of ${step}`}
            value={charge.kind}
            onChange={(event) =>
              onChange({ ...action, charge: { kind: event.target.value as ChargeKind } })
            }
            aria-invalid={mark('charge.kind')}
          >
            {chargeKinds.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
          <input
            name={field(`charge.${needs}`)}
            aria-label={valueLabel}
            value={charge[needs] ?? ''}
            inputMode="decimal"
            size={8}
            onChange={(event) =>
              onChange({ ...action, charge: { kind: charge.kind, [needs]: event.target.value } })
            }
            aria-invalid={mark(`charge.${needs}`)}
          />
        </span>
      );
    }
    default:
      return <span className="muted">nothing to choose</span>;
  }
}

function conditionsText(step: StepDraft): string {
  const conditions = step.conditions;
  if (!conditions) return '';
  const parts: string[] = [];
  if (conditions.overdue_at_least) parts.push(`overdue at least ${conditions.overdue_at_least}`);
  if (conditions.tags_any?.length) parts.push(`tagged ${conditions.tags_any.join(' or ')}`);
  if (conditions.no_active_promise) parts.push('no active promise to pay');
  return parts.join(', ');
}

function StepsTable({
  steps,
  editable,
  templateKeys,
  invalid,
  onChange,
}: {
  steps: readonly StepDraft[];
  editable: boolean;
  templateKeys: readonly string[];
  invalid: string | undefined;
  onChange: (steps: StepDraft[]) => void;
}) {
  const update = (index: number, change: Partial<StepDraft>) =>
    onChange(steps.map((step, at) => (at === index ? { ...step, ...change } : step)));
  return (
    <TableScroll label="Steps">
      <table className="report policy-steps">
        <caption>Steps, in the order they happen</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Day</th>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Details</th>
            <th scope="col">Only if</th>
            {editable && <th scope="col">Remove</th>}
          </tr>
        </thead>
        <tbody>
          {steps.map((step, index) => {
            const days = step.offset_days > 0 ? `+${step.offset_days}` : String(step.offset_days);
            return (
              <tr key={step.key}>
                <th scope="row">{index + 1}</th>
                <td className="amount">
                  {editable ? (
                    <DayInput
                      name={`steps[${index}].offset_days`}
                      label={`Day of step ${index + 1}, from the due date`}
                      days={step.offset_days}
                      invalid={invalid === `steps[${index}].offset_days`}
                      onCommit={(offset) =>
                        onChange(
                          inTimeOrder(
                            steps.map((other, at) =>
                              at === index ? { ...other, offset_days: offset } : other,
                            ),
                          ),
                        )
                      }
                    />
                  ) : (
                    days
                  )}
                </td>
                <td>{offsetLabel(step.offset_days)}</td>
                <td>
                  {editable ? (
                    <select
                      name={`steps[${index}].action.type`}
                      aria-label={`Action of step ${index + 1}`}
                      value={step.action.type}
                      onChange={(event) =>
                        update(index, {
                          action: actionOfType(event.target.value as ActionType, step.action),
                        })
                      }
                      aria-invalid={invalid === `steps[${index}].action.type` || undefined}
                    >
                      {actionTypes.map((type) => (
                        <option key={type.value} value={type.value}>
                          {type.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (actionTypes.find((type) => type.value === step.action.type)?.label ??
                    step.action.type)
                  )}
                </td>
                <td>
                  {editable ? (
                    <ActionFields
                      index={index}
                      action={step.action}
                      templateKeys={templateKeys}
                      invalid={invalid}
                      onChange={(action) => update(index, { action })}
                    />
                  ) : (
                    actionSummary(step.action)
                  )}
                </td>
                <td>{conditionsText(step)}</td>
                {editable && (
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onChange(steps.filter((_, at) => at !== index))}
                    >
                      Remove step {index + 1}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function AddStepForm({ onAdd }: { onAdd: (days: number) => void }) {
  const [text, setText] = useState('');
  const parsed = parseOffset(text);
  const showProblem = text !== '' && parsed === null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed === null) return;
    onAdd(parsed);
    setText('');
  };
  return (
    <form className="report-form add-step" onSubmit={submit} aria-label="Add a step">
      <label className="field">
        <span>Day of the new step (from the due date, e.g. −3 or 10)</span>
        <input
          name="new_step_day"
          value={text}
          inputMode="numeric"
          size={6}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={showProblem || undefined}
          aria-describedby={showProblem ? 'new-step-day-hint' : undefined}
        />
      </label>
      {showProblem && (
        <span id="new-step-day-hint" className="field-hint">
          A whole number of days from −60 to 730.
        </span>
      )}
      <button type="submit" disabled={parsed === null}>
        Add step
      </button>
    </form>
  );
}

function PolicyEditor({
  policy,
  editable,
  templateKeys,
}: {
  policy: CollectionPolicy;
  editable: boolean;
  templateKeys: readonly string[];
}) {
  const { notify } = useNotice();
  const [name, setName] = useState(policy.name);
  const [steps, setSteps] = useState<StepDraft[]>(() => draftOf(policy.steps));
  const save = useAction(
    useCallback(
      (input: { name: string; steps: StepDraft[] }, options: SendOptions) =>
        sendJson<CollectionPolicy>(
          'PATCH',
          `/collection-policies/${policy.id}`,
          { name: input.name, steps: stepsForApi(input.steps) },
          options,
        ),
      [policy.id],
    ),
  );
  const changed =
    name !== policy.name || JSON.stringify(stepsForApi(steps)) !== JSON.stringify(policy.steps);
  const invalid = invalidField(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run({ name, steps });
    if (saved)
      notify(
        `Policy ${saved.name} saved: ${saved.steps.length} steps, from ${offsetLabel(saved.steps[0]?.offset_days ?? 0)} to ${offsetLabel(saved.steps.at(-1)?.offset_days ?? 0)}.`,
      );
  };
  const moveStep = (key: string, days: number) =>
    setSteps((current) =>
      inTimeOrder(
        current.map((step) => (step.key === key ? { ...step, offset_days: days } : step)),
      ),
    );
  return (
    <section className="policy-editor" aria-labelledby="policy-editor-heading">
      <h2 id="policy-editor-heading">
        {policy.name}
        {policy.is_default ? ' (the default)' : ''}
      </h2>
      <PolicyTimeline name={name} steps={steps} onMove={editable ? moveStep : undefined} />
      {editable ? (
        <>
          <form
            id="policy-form"
            className="policy-form"
            onSubmit={submit}
            aria-label={`Edit ${policy.name}`}
          >
            <TextField
              name="name"
              label="Name"
              value={name}
              onChange={setName}
              invalidField={invalid}
            />
          </form>
          <StepsTable
            steps={steps}
            editable
            templateKeys={templateKeys}
            invalid={invalid}
            onChange={setSteps}
          />
          <AddStepForm onAdd={(days) => setSteps((current) => addStep(current, days))} />
          {save.error && <ErrorAlert error={save.error} fieldLabels={stepFieldLabels(steps)} />}
          <div className="policy-save">
            <button type="submit" form="policy-form" disabled={save.running || !changed}>
              {save.running ? 'Saving…' : 'Save policy'}
            </button>
            <button
              type="button"
              disabled={!changed || save.running}
              onClick={() => {
                setName(policy.name);
                setSteps(draftOf(policy.steps));
                save.reset();
              }}
            >
              Discard changes
            </button>
            {changed && <span className="muted">Unsaved changes.</span>}
          </div>
          <PolicyActions policy={policy} />
        </>
      ) : (
        <StepsTable
          steps={steps}
          editable={false}
          templateKeys={templateKeys}
          invalid={undefined}
          onChange={() => undefined}
        />
      )}
      <PolicyCustomers policy={policy} />
    </section>
  );
}

/** Make the policy the default, or archive it: both change which customers it serves. */
function PolicyActions({ policy }: { policy: CollectionPolicy }) {
  const { notify } = useNotice();
  const makeDefault = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        sendJson<CollectionPolicy>(
          'PATCH',
          `/collection-policies/${policy.id}`,
          { is_default: true },
          options,
        ),
      [policy.id],
    ),
  );
  const archive = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        postJson<CollectionPolicy>(`/collection-policies/${policy.id}/archive`, undefined, options),
      [policy.id],
    ),
  );
  if (policy.is_default)
    return (
      <p className="muted">
        Customers without a policy of their own follow this one. To archive it, make another policy
        the default first.
      </p>
    );
  return (
    <div className="policy-actions">
      <button
        type="button"
        disabled={makeDefault.running}
        onClick={async () => {
          const saved = await makeDefault.run();
          if (saved)
            notify(
              `${saved.name} is now the default policy: customers without their own follow it.`,
            );
        }}
      >
        Make {policy.name} the default
      </button>
      <ActionDialog label={`Archive ${policy.name}`}>
        {(close) => (
          <>
            <p>
              An archived policy can no longer be assigned. Settle refuses while a customer still
              follows it.
            </p>
            {archive.error && <ErrorAlert error={archive.error} />}
            <div className="dialog-actions">
              <button type="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                disabled={archive.running}
                onClick={async () => {
                  const archived = await archive.run();
                  if (archived) {
                    close();
                    notify(`Policy ${archived.name} archived.`);
                    navigate(pathname, { replace: true });
                  }
                }}
              >
                Archive
              </button>
            </div>
          </>
        )}
      </ActionDialog>
      {makeDefault.error && <ErrorAlert error={makeDefault.error} />}
    </div>
  );
}

function NewPolicyDialog({ policies }: { policies: readonly CollectionPolicy[] }) {
  const { notify } = useNotice();
  const [name, setName] = useState('');
  const [from, setFrom] = useState(policies[0]?.id ?? '');
  const create = useAction(
    useCallback(
      (input: { name: string; from: CollectionPolicy | undefined }, options: SendOptions) =>
        postJson<CollectionPolicy>(
          '/collection-policies',
          {
            name: input.name,
            // A policy has at least one step: a new one starts as a copy it is then edited from.
            steps: input.from ? stepsForApi(draftOf(input.from.steps)) : [],
          },
          options,
        ),
      [],
    ),
  );
  return (
    <ActionDialog label="New policy">
      {(close) => (
        <form
          aria-label="New policy"
          onSubmit={async (event) => {
            event.preventDefault();
            const created = await create.run({
              name,
              from: policies.find((policy) => policy.id === from),
            });
            if (created) {
              close();
              notify(`Policy ${created.name} created with ${created.steps.length} steps.`);
              navigate(addressOf(pathname, { policy: created.id }));
            }
          }}
        >
          <TextField
            name="name"
            label="Name"
            value={name}
            onChange={setName}
            invalidField={invalidField(create.error)}
          />
          <SelectField
            name="steps"
            label="Start from the steps of"
            value={from}
            onChange={setFrom}
            invalidField={invalidField(create.error)}
          >
            {policies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </SelectField>
          {create.error && <ErrorAlert error={create.error} fieldLabels={{ name: 'Name' }} />}
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={create.running}>
              Create policy
            </button>
          </div>
        </form>
      )}
    </ActionDialog>
  );
}

function PoliciesTable({
  policies,
  selectedId,
}: {
  policies: readonly CollectionPolicy[];
  selectedId: string | undefined;
}) {
  return (
    <ReportTable
      label="Collection policies"
      columns={['Name', 'Default', { amount: 'Steps' }, 'First step', 'Last step']}
    >
      {policies.map((policy) => {
        const first = policy.steps[0];
        const last = policy.steps.at(-1);
        return (
          <tr key={policy.id}>
            <td>
              <Link
                to={addressOf(pathname, { policy: policy.id })}
                aria-current={policy.id === selectedId ? 'true' : undefined}
              >
                {policy.name}
              </Link>
            </td>
            <td>{policy.is_default ? 'Default' : ''}</td>
            <td className="amount">{policy.steps.length}</td>
            <td>{first && `${offsetLabel(first.offset_days)}: ${actionSummary(first.action)}`}</td>
            <td>{last && `${offsetLabel(last.offset_days)}: ${actionSummary(last.action)}`}</td>
          </tr>
        );
      })}
    </ReportTable>
  );
}

/**
 * The organization's collection policies: which steps each takes around an invoice's due date,
 * drawn on a timeline and edited in a table (add, remove, move a step, change what it does),
 * which one is the default, and which customers follow each.
 */
export function PoliciesPage() {
  const can = useCan();
  const editable = can('collections.manage');
  const location = useLocation();
  const query = readQuery(location.search, ['policy'] as const);
  const policies = useApiGet<CollectionPolicyList>('/collection-policies');
  const templates = useApiGet<MessageTemplateList>('/message-templates');
  const templateKeys =
    templates.state === 'loaded' ? templates.data.items.map((template) => template.key) : [];
  if (policies.state === 'loading')
    return (
      <>
        <h1>Collection policies</h1>
        <Loading what="the policies" />
      </>
    );
  if (policies.state === 'failed')
    return (
      <>
        <h1>Collection policies</h1>
        <ErrorAlert error={policies.error} />
      </>
    );
  const items = policies.data.items;
  const selected =
    items.find((policy) => policy.id === query.policy) ??
    items.find((policy) => policy.is_default) ??
    items[0];
  return (
    <>
      <h1>Collection policies</h1>
      <p className="page-intro">
        Every unpaid invoice is followed up by its customer&rsquo;s policy, or by the default: steps
        on days counted from the due date (negative before it).
      </p>
      {editable && <NewPolicyDialog policies={items} />}
      <PoliciesTable policies={items} selectedId={selected?.id} />
      {selected && (
        <PolicyEditor
          key={`${selected.id}@${selected.updated_at}`}
          policy={selected}
          editable={editable}
          templateKeys={templateKeys}
        />
      )}
    </>
  );
}
