import { describe, expect, it } from 'vitest';
import { goalBody, goalMetricChoices } from './goal-form';

const draft = {
  name: '',
  metric: 'cei',
  target: ' 80 ',
  direction: '',
  currency: '',
  owner_id: 'u-1',
  deadline: '2027-06-30',
};

describe('goalBody', () => {
  it('leaves blank fields to the API when setting a goal', () => {
    expect(goalBody(draft, false)).toEqual({
      metric: 'cei',
      target: '80',
      owner_id: 'u-1',
      deadline: '2027-06-30',
    });
  });

  it('sends no metric or currency on an edit, and a blank name as null (the derived name)', () => {
    expect(goalBody({ ...draft, currency: 'EUR', direction: 'at_least' }, true)).toEqual({
      name: null,
      target: '80',
      direction: 'at_least',
      owner_id: 'u-1',
      deadline: '2027-06-30',
    });
  });

  it('offers every metric of the KPI registry, total overdue included', () => {
    const values = goalMetricChoices.map((choice) => choice.value);
    expect(values).toContain('dso');
    expect(values).toContain('total_overdue');
  });
});
