// The web app must stay light for people on a laptop over a slow line: all the JavaScript it
// ships, gzipped, stays under 400 kB (the budget of issue #13). The test measures the build the
// browser tests serve, which the global setup rebuilds when its sources are newer.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webAppDirectory } from '../../src/server/web-app.js';

const budgetBytes = 400 * 1024;

describe('the web app bundle', () => {
  it('ships at most 400 kB of gzipped JavaScript', async () => {
    const assets = join(webAppDirectory, 'assets');
    const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const name of scripts) total += gzipSync(await readFile(join(assets, name))).length;
    console.log(
      `Web app JavaScript: ${(total / 1024).toFixed(1)} kB gzipped in ${scripts.length} file(s)`,
    );
    expect(total).toBeLessThanOrEqual(budgetBytes);
  });
});
