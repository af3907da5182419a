import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * The README promises Node 20.19 or later: every package the lock file installs must say it runs
 * there, or `npm install` warns (EBADENGINE) and the package may use what Node 20 lacks. The
 * versions that once broke this (cookie@2 and content-disposition@3, which need Node 22) are held
 * back in package.json.
 */
const root = join(import.meta.dirname, '..', '..');

describe('the engines of the installed packages', () => {
  it('all accept the oldest Node the README promises, and the one running', async () => {
    const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const oldest = semver.minVersion(project.engines.node)!.version;
    expect(oldest).toBe('20.19.0');
    const refusing: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || range === undefined) continue;
      checked += 1;
      for (const node of [oldest, process.versions.node]) {
        if (!semver.satisfies(node, range, { includePrerelease: true }))
          refusing.push(`${path}@${entry.version} needs node ${range}, not ${node}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(refusing).toEqual([]);
  });
});
