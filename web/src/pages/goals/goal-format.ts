import type { Goal } from '../../api/types';
import { formatMoney } from '../../format/money';

export const goalStatusLabels: Record<Goal['status'], string> = {
  new: 'New',
  on_track: 'On track',
  at_risk: 'At risk',
  met: 'Met',
  missed: 'Missed',
};

export const directionWords: Record<Goal['direction'], string> = {
  at_most: 'at most',
  at_least: 'at least',
};

/** A figure in its metric's unit: days, percent, times, or an amount of the goal's currency. */
export function withUnit(goal: Pick<Goal, 'unit' | 'currency'>, figure: string | null): string {
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
    default:
      return figure;
  }
}
