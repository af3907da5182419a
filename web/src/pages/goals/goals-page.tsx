import { useEffect, useState } from 'react';
import { formatMoney } from '../../format/money';
import { getJson } from '../../api/client';
import type { Goal, GoalPage } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';

const statusLabels: Record<Goal['status'], string> = {
  new: 'New',
  on_track: 'On track',
  at_risk: 'At risk',
  met: 'Met',
  missed: 'Missed',
};
const directionWords: Record<Goal['direction'], string> = {
  at_most: 'at most',
  at_least: 'at least',
};

/** A figure in its metric's unit: days, percent, times, or an amount of the goal's currency. */
function withUnit(goal: Goal, figure: string | null): string {
  if (figure === null) return '—';
  switch (goal.unit) {
    case 'days':
      return `${figure} days`;
    case 'percent':
      return `${figure} %`;
    case 'times':
      return `${figure}×`;
    case 'money':
      return goal.currency ? formatMoney(figure, goal.currency) : figure;
  }
}

function GoalRow({ goal }: { goal: Goal }) {
  return (
    <tr>
      <td>{goal.name}</td>
      <td>{goal.metric}</td>
      <td className="amount">
        {directionWords[goal.direction]} {withUnit(goal, goal.target)}
      </td>
      <td>{goal.deadline}</td>
      <td>{goal.owner_name ?? '—'}</td>
      <td className="amount">{withUnit(goal, goal.figure)}</td>
      <td>
        <span className={`status status-${goal.status}`}>{statusLabels[goal.status]}</span>
        {goal.status_reason && (
          <span className="status-reason"> ({goal.status_reason.replaceAll('_', ' ')})</span>
        )}
      </td>
    </tr>
  );
}

/** The goals and where each stands today; setting goals is done through the API or the CLI. */
export function GoalsPage() {
  const [goals, setGoals] = useState<Goal[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const [error, setError] = useState<Error | null>(null);

  const load = (after: string | null) => {
    setState('loading');
    getJson<GoalPage>('/goals', { limit: '100', cursor: after ?? undefined }).then(
      (page) => {
        setGoals((current) => (after === null ? [...page.items] : [...current, ...page.items]));
        setCursor(page.next_cursor);
        setState('loaded');
      },
      (failure: unknown) => {
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setState('failed');
      },
    );
  };
  useEffect(() => load(null), []);

  return (
    <>
      <h1>Goals</h1>
      {error && <ErrorAlert error={error} />}
      {state !== 'failed' && goals.length === 0 && state === 'loaded' && <p>No goals yet.</p>}
      {goals.length > 0 && (
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
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {goals.map((goal) => (
              <GoalRow key={goal.id} goal={goal} />
            ))}
          </tbody>
        </table>
      )}
      {state === 'loading' && <Loading what="the goals" />}
      {state === 'loaded' && cursor && (
        <button type="button" onClick={() => load(cursor)}>
          More goals
        </button>
      )}
    </>
  );
}
