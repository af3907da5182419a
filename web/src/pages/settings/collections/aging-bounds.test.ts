import { describe, expect, it } from 'vitest';
import { bucketName, checkBounds, nextBound } from './aging-bounds';

describe('aging bucket bounds as typed', () => {
  it('makes the columns the API would make', () => {
    const check = checkBounds(['0', '15', '45'], 'due');
    expect(check.ok && check.buckets.map((bucket) => bucket.label)).toEqual([
      'current',
      '1-15',
      '16-45',
      '46+',
    ]);
    expect(check.ok && check.buckets.map(bucketName)).toEqual([
      'Current (not yet due)',
      '1 to 15 days',
      '16 to 45 days',
      '46 days and over',
    ]);
  });

  it('names the bound that is wrong, with the API’s own message', () => {
    expect(checkBounds(['0', '30', '30'], 'due')).toEqual({
      ok: false,
      message: 'The bounds must rise strictly.',
      index: 2,
    });
    expect(checkBounds(['5', '30'], 'due')).toMatchObject({ ok: false, index: 0 });
    expect(checkBounds(['5', '30'], 'issue')).toMatchObject({ ok: true, bounds: [5, 30] });
    expect(checkBounds(['0', 'x'], 'due')).toMatchObject({ ok: false, index: 1 });
    expect(checkBounds(['0', '1.5'], 'due')).toMatchObject({ ok: false, index: 1 });
    expect(checkBounds([], 'issue')).toMatchObject({ ok: false, index: null });
  });

  it('suggests a month past the last bound', () => {
    expect(nextBound(['0', '30'])).toBe('60');
    expect(nextBound([])).toBe('30');
  });
});
