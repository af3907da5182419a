import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Settle reads the time in one place (src/core/clock.ts), and tests read "today" from it
 * (test/support/clock.ts). A `new Date()` or `Date.now()` anywhere else reads the machine's clock,
 * which the suite's shifted runs (`SETTLE_TEST_TODAY`) cannot move: in the product that is a date
 * that disagrees with the rest, and in a test it is a time bomb that goes off on some later day.
 */
const root = join(import.meta.dirname, '..', '..');
const scanned = ['src', 'test', 'bench', 'web/src'];
const allowed = new Map<string, string>([
  ['src/core/clock.ts', 'the clock itself'],
  [
    'src/core/ids.ts',
    'UUIDv7 ids carry the real creation time; they order rows, they are not dates',
  ],
  ['test/static/clock-usage.test.ts', 'this check'],
]);
// Elapsed-time measurement (performance.now) is fine; these read the wall clock.
const wallClock = /new Date\(\s*\)|Date\.now\(\s*\)/;
// The database's clock is the machine's too: a timestamp the application later reads as a date
// (an audit event's `at`, a task's `completed_at`) is written from now(), not from SQL's now().
const databaseClock = /sql`[^`]*\b(now\(\)|current_date|current_timestamp|localtimestamp)/i;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist')
        files.push(...(await sourceFiles(path)));
    } else if (/\.(ts|tsx)$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

describe('reading the time', () => {
  it('goes through the clock everywhere but the clock itself', async () => {
    const offenders: string[] = [];
    let scannedFiles = 0;
    for (const top of scanned) {
      for (const file of await sourceFiles(join(root, top))) {
        scannedFiles += 1;
        const name = relative(root, file).split('\\').join('/');
        if (allowed.has(name)) continue;
        const lines = (await readFile(file, 'utf8')).split('\n');
        lines.forEach((line, index) => {
          if (wallClock.test(line) || (top === 'src' && databaseClock.test(line)))
            offenders.push(`${name}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(scannedFiles).toBeGreaterThan(100);
    expect(
      offenders,
      'use now() from src/core/clock.ts (or today() from test/support/clock.ts)',
    ).toEqual([]);
  });

  it('finds a wall-clock read when there is one', () => {
    expect(wallClock.test('const at = new Date();')).toBe(true);
    expect(wallClock.test('const ms = Date.now();')).toBe(true);
    expect(wallClock.test("const at = new Date('2026-01-01');")).toBe(false);
    expect(databaseClock.test('.set({ completed_at: sql`now()` as never })')).toBe(true);
    expect(databaseClock.test('WHERE due_on < sql`CURRENT_DATE`')).toBe(true);
    expect(databaseClock.test('.set({ completed_at: now() })')).toBe(false);
  });
});
