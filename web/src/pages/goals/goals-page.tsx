import { useCallback } from 'react';
import { postJson, sendJson, type SendOptions } from '../../api/client';
import type { Goal, GoalDetail, GoalPage } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { ListResults } from '../../components/list-results';
import { useNotice } from '../../components/notice';
import { TableScroll } from '../../components/table-scroll';
import { useCan } from '../../permissions';
import { Link, useLocation } from '../../routing';
import { useSession } from '../../session';
import { addressOf, readQuery } from '../../url-query';
import { directionWords, goalStatusLabels, withUnit } from './goal-format';
import {
  GoalForm,
  goalBody,
  goalFieldLabels,
  goalMetricChoices,
  type GoalDraft,
} from './goal-form';
import './goals.css';

const goalFields = ['include_archived', 'cursor'] as const;

const metricLabel = (metric: string) =>
  goalMetricChoices.find((choice) => choice.value === metric)?.label ?? metric;

/** What a goal now aims at, in words, for the notice after a change. */
const aim = (goal: GoalDetail) =>
  `${directionWords[goal.direction]} ${withUnit(goal, goal.target)} by ${goal.deadline}`;

function NewGoal() {
  const { notify } = useNotice();
  const { state } = useSession();
  const me = state.status === 'signed_in' || state.status === 'expired' ? state.me : null;
  const create = useAction(
    useCallback(
      (body: Record<string, string | null>, options: SendOptions) =>
        postJson<GoalDetail>('/goals', body, options),
      [],
    ),
  );
  const initial: GoalDraft = {
    name: '',
    metric: 'dso',
    target: '',
    direction: '',
    currency: '',
    owner_id: me?.user_id ?? '',
    deadline: '',
  };
  return (
    <ActionDialog label="New goal" title="Set a goal">
      {(close) => (
        <>
          {create.error && <ErrorAlert error={create.error} fieldLabels={goalFieldLabels} />}
          <GoalForm
            initial={initial}
            editing={false}
            invalid={invalidField(create.error)}
            running={create.running}
            submitLabel="Set goal"
            onCancel={close}
            onSubmit={async (draft) => {
              const goal = await create.run(goalBody(draft, false));
              if (goal) {
                notify(`Goal “${goal.name}” set: ${aim(goal)}.`);
                close();
              }
            }}
          />
        </>
      )}
    </ActionDialog>
  );
}

function EditGoal({ goal }: { goal: Goal }) {
  const { notify } = useNotice();
  const update = useAction(
    useCallback(
      (body: Record<string, string | null>, options: SendOptions) =>
        sendJson<GoalDetail>('PATCH', `/goals/${goal.id}`, body, options),
      [goal.id],
    ),
  );
  const initial: GoalDraft = {
    // A derived name is not kept as typed, so that it follows a new target or deadline.
    name: goal.name,
    metric: goal.metric,
    target: goal.target,
    direction: goal.direction,
    currency: goal.currency ?? '',
    owner_id: goal.owner_id,
    deadline: goal.deadline,
  };
  return (
    <ActionDialog label="Edit" title={`Change the goal “${goal.name}”`} className="link-button">
      {(close) => (
        <>
          {update.error && <ErrorAlert error={update.error} fieldLabels={goalFieldLabels} />}
          <GoalForm
            initial={initial}
            editing
            invalid={invalidField(update.error)}
            running={update.running}
            submitLabel="Save goal"
            onCancel={close}
            onSubmit={async (draft) => {
              const changed = await update.run(goalBody(draft, true));
              if (changed) {
                notify(`Goal “${changed.name}” changed: ${aim(changed)}.`);
                close();
              }
            }}
          />
        </>
      )}
    </ActionDialog>
  );
}

function ArchiveGoal({ goal }: { goal: Goal }) {
  const { notify } = useNotice();
  const archive = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        sendJson<undefined>('DELETE', `/goals/${goal.id}`, undefined, options).then(() => true),
      [goal.id],
    ),
  );
  return (
    <ActionDialog
      label="Archive"
      title={`Archive the goal “${goal.name}”?`}
      className="link-button"
    >
      {(close) => (
        <>
          <p>
            The goal leaves the list and the dashboard; its history stays, and the list shows it
            with &ldquo;Show archived goals&rdquo;.
          </p>
          {archive.error && <ErrorAlert error={archive.error} />}
          <div className="dialog-actions">
            <button
              type="button"
              disabled={archive.running}
              onClick={async () => {
                if (await archive.run()) {
                  notify(`Goal “${goal.name}” archived.`);
                  close();
                }
              }}
            >
              Archive goal
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </>
      )}
    </ActionDialog>
  );
}

function GoalRow({ goal, manage }: { goal: Goal; manage: boolean }) {
  return (
    <tr>
      <td>{goal.name}</td>
      <td>{metricLabel(goal.metric)}</td>
      <td className="amount">
        {directionWords[goal.direction]} {withUnit(goal, goal.target)}
      </td>
      <td>{goal.deadline}</td>
      <td>{goal.owner_name ?? '—'}</td>
      <td className="amount">{withUnit(goal, goal.figure)}</td>
      <td className="amount">{withUnit(goal, goal.expected)}</td>
      <td>
        {goal.archived_at ? (
          'Archived'
        ) : (
          <>
            <span className={`status status-${goal.status}`}>{goalStatusLabels[goal.status]}</span>
            {goal.status_reason && (
              <span className="status-reason"> ({goal.status_reason.replaceAll('_', ' ')})</span>
            )}
          </>
        )}
      </td>
      {manage && (
        <td>
          {!goal.archived_at && (
            <span className="goal-actions">
              <EditGoal goal={goal} />
              <ArchiveGoal goal={goal} />
            </span>
          )}
        </td>
      )}
    </tr>
  );
}

/**
 * The goals and where each stands today against the straight line from its start to its target.
 * Owners and admins (settings.manage) set, change and archive them; everyone reads them.
 */
export function GoalsPage() {
  const location = useLocation();
  const query = readQuery(location.search, goalFields);
  const can = useCan();
  const manage = can('settings.manage');
  const goals = useApiGet<GoalPage>('/goals', {
    limit: '50',
    cursor: query.cursor || undefined,
    include_archived: query.include_archived === 'true' ? 'true' : undefined,
  });
  const showingArchived = query.include_archived === 'true';
  return (
    <>
      <h1>Goals</h1>
      <div className="goals-toolbar">
        {manage && <NewGoal />}
        <Link
          to={addressOf('/goals', { include_archived: showingArchived ? '' : 'true', cursor: '' })}
        >
          {showingArchived ? 'Hide archived goals' : 'Show archived goals'}
        </Link>
      </div>
      <ListResults
        list={goals}
        what="the goals"
        noneText={manage ? 'No goals yet: set one with “New goal”.' : 'No goals yet.'}
        pathname="/goals"
        query={query}
        fieldLabels={{}}
      >
        {(page) => (
          <TableScroll label="Goals">
            <table className="report">
              <caption>Goals, soonest deadline first</caption>
              <thead>
                <tr>
                  <th scope="col">Goal</th>
                  <th scope="col">Metric</th>
                  <th scope="col" className="amount">
                    Target
                  </th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="amount">
                    Figure
                  </th>
                  <th scope="col" className="amount">
                    On the line
                  </th>
                  <th scope="col">Status</th>
                  {manage && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {page.items.map((goal) => (
                  <GoalRow key={goal.id} goal={goal} manage={manage} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </ListResults>
    </>
  );
}
