import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('newId', () => {
  it('is a UUID of version 7 and the RFC 9562 variant, carrying the time in its first 48 bits', () => {
    const ms = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
    const id = newId(ms);
    expect(isId(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
  });

  it('sorts by creation time across milliseconds', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2_000_000_000_000].map(
      (ms) => newId(ms),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it('does not repeat, across many pool refills in the same millisecond', () => {
    const ms = 1_800_000_000_123;
    const ids = new Set(Array.from({ length: 50_000 }, () => newId(ms)));
    expect(ids.size).toBe(50_000);
  });
});
