import { useCallback, useState, type FormEvent } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { postJson, sendJson, type SendOptions } from '../../api/client';
import type { CollectionTask } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField } from '../../components/form-fields';
import { useNotice } from '../../components/notice';
import { ActionDialog } from '../../components/dialog';
import { snoozeChoices, snoozedUntil, type SnoozeChoice } from './snooze';

type Outcome = NonNullable<CollectionTask['outcome']>;

/** The API's outcomes in the words a collector uses; typed by the API's enum, so none is missed. */
export const outcomeLabels: Readonly<Record<Outcome, string>> = {
  reached: 'Reached',
  no_answer: 'No answer',
  left_message: 'Left a message',
  wrong_number: 'Wrong number',
  promised_to_pay: 'Promised to pay',
  disputed: 'Disputed',
  refused: 'Refused to pay',
};

const completeFieldLabels = { outcome: 'Outcome', notes: 'Notes' };

function CompleteForm({
  task,
  onCompleted,
  onCancel,
}: {
  task: CollectionTask;
  onCompleted: () => void;
  onCancel: () => void;
}) {
  const { notify } = useNotice();
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState(task.notes ?? '');
  const complete = useAction(
    useCallback(
      (input: { outcome: string; notes: string }, options: SendOptions) =>
        postJson<CollectionTask>(
          `/tasks/${task.id}/complete`,
          { outcome: input.outcome || null, notes: input.notes.trim() || null },
          options,
        ),
      [task.id],
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await complete.run({ outcome, notes });
    if (!done) return;
    const said = done.outcome ? ` (${outcomeLabels[done.outcome]})` : '';
    notify(`Task “${done.title}” for ${done.customer_name} done${said}.`);
    onCompleted();
  };
  const invalid = invalidField(complete.error);
  return (
    <form onSubmit={submit} aria-label={`Complete: ${task.title}`}>
      <p>
        {task.customer_name}, due {task.due_on}
      </p>
      <SelectField
        name="outcome"
        label={task.kind === 'call' ? 'Outcome (required for a call)' : 'Outcome'}
        value={outcome}
        onChange={setOutcome}
        invalidField={invalid}
      >
        <option value="">{task.kind === 'call' ? 'Choose…' : 'None'}</option>
        {Object.entries(outcomeLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <label className="field">
        <span>Notes</span>
        <textarea
          name="notes"
          rows={3}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          aria-invalid={invalid === 'notes' || undefined}
        />
      </label>
      {complete.error && <ErrorAlert error={complete.error} fieldLabels={completeFieldLabels} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Back
        </button>
        <button type="submit" disabled={complete.running}>
          Mark done
        </button>
      </div>
    </form>
  );
}

function CancelForm({
  task,
  onCancelled,
  onBack,
}: {
  task: CollectionTask;
  onCancelled: () => void;
  onBack: () => void;
}) {
  const { notify } = useNotice();
  const cancel = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        postJson<CollectionTask>(`/tasks/${task.id}/cancel`, undefined, options),
      [task.id],
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const cancelled = await cancel.run();
    if (!cancelled) return;
    notify(`Task “${cancelled.title}” for ${cancelled.customer_name} cancelled.`);
    onCancelled();
  };
  return (
    <form onSubmit={submit} aria-label={`Cancel: ${task.title}`}>
      <p>
        “{task.title}” for {task.customer_name} is closed without an outcome. It stays in the
        customer’s history as cancelled and cannot be reopened.
      </p>
      {cancel.error && <ErrorAlert error={cancel.error} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onBack}>
          Keep it
        </button>
        <button type="submit" disabled={cancel.running}>
          Cancel the task
        </button>
      </div>
    </form>
  );
}

function SnoozeMenu({
  task,
  today,
  onSnoozed,
}: {
  task: CollectionTask;
  today: string;
  onSnoozed: () => void;
}) {
  const { notify } = useNotice();
  const snooze = useAction(
    useCallback(
      (dueOn: string, options: SendOptions) =>
        sendJson<CollectionTask>('PATCH', `/tasks/${task.id}`, { due_on: dueOn }, options),
      [task.id],
    ),
  );
  const choose = async (choice: SnoozeChoice) => {
    const moved = await snooze.run(snoozedUntil(today, choice));
    if (!moved) return;
    notify(`Task “${moved.title}” for ${moved.customer_name} snoozed until ${moved.due_on}.`);
    onSnoozed();
  };
  return (
    <>
      <MenuTrigger>
        <Button className="button" aria-label={`Snooze: ${task.title}, ${task.customer_name}`}>
          Snooze
        </Button>
        <Popover className="popover">
          <Menu
            className="menu"
            aria-label="Snooze for"
            onAction={(key) => void choose(String(key) as SnoozeChoice)}
          >
            {snoozeChoices.map((choice) => (
              <MenuItem key={choice.id} id={choice.id} className="menu-item">
                {choice.label}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      {snooze.error && <ErrorAlert error={snooze.error} fieldLabels={{ due_on: 'Due date' }} />}
    </>
  );
}

/**
 * What a collector does with a task due: complete it (with the outcome of the contact), put it
 * off, or cancel it. `onClosed` is called once the task has left the list of tasks due, so the
 * list can move the keyboard focus on to the next one.
 */
export function TaskActions({
  task,
  today,
  onClosed,
}: {
  task: CollectionTask;
  today: string;
  onClosed: () => void;
}) {
  const name = `${task.title}, ${task.customer_name}`;
  return (
    <div className="row-actions">
      <ActionDialog label="Complete" name={`Complete: ${name}`} title={`Complete: ${task.title}`}>
        {(close) => (
          <CompleteForm
            task={task}
            onCancel={close}
            onCompleted={() => {
              close();
              onClosed();
            }}
          />
        )}
      </ActionDialog>
      <SnoozeMenu task={task} today={today} onSnoozed={onClosed} />
      <ActionDialog label="Cancel" name={`Cancel: ${name}`} title="Cancel this task?">
        {(close) => (
          <CancelForm
            task={task}
            onBack={close}
            onCancelled={() => {
              close();
              onClosed();
            }}
          />
        )}
      </ActionDialog>
    </div>
  );
}
