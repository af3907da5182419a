// bin/settle.js runs dist/ only when it was built from the source on disk (bin/build-freshness.js).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFreshness as freshness, stampFile } from '../../bin/build-freshness.js';

const made: string[] = [];
afterAll(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project with src/ files changed at the given seconds, and a stamp at `stampAt` (if any). */
function project(files: Record<string, number>, stampAt?: number): string {
  const root = mkdtempSync(join(tmpdir(), 'settle-freshness-'));
  made.push(root);
  for (const [path, at] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), at, at);
  }
  if (stampAt !== undefined) {
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, stampFile), '{}');
    utimesSync(join(root, stampFile), stampAt, stampAt);
  }
  return root;
}

describe('buildFreshness', () => {
  it('is fresh when the build started after every source file was last changed', () => {
    const root = project(
      { 'src/cli/main.ts': 1000, 'src/platform/db/migrations/0001.sql': 1500 },
      2000,
    );
    expect(freshness(root)).toEqual({ fresh: true });
  });

  it('is stale, naming the file, when a source file changed after the build started', () => {
    const root = project({ 'src/cli/main.ts': 1000, 'src/reports/aging.ts': 3000 }, 2000);
    expect(freshness(root)).toEqual({
      fresh: false,
      reason: 'the build is older than src/reports/aging.ts',
    });
  });

  it('counts the data files read beside the code, not the tests (they are not built)', () => {
    expect(freshness(project({ 'src/platform/db/migrations/0099.sql': 3000 }, 2000)).fresh).toBe(
      false,
    );
    expect(freshness(project({ 'src/reports/aging.test.ts': 3000 }, 2000)).fresh).toBe(true);
  });

  it('is stale when nothing was built', () => {
    expect(freshness(project({ 'src/cli/main.ts': 1000 }))).toEqual({
      fresh: false,
      reason: 'the server is not built',
    });
  });

  it('is fresh for an install without the source', () => {
    expect(freshness(project({}, 2000))).toEqual({ fresh: true });
  });
});
