import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDirectory = fileURLToPath(new URL('../../../web', import.meta.url));

async function modifiedMs(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

async function newestUnder(directory: string): Promise<number> {
  let newest = Number.NEGATIVE_INFINITY;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, await modifiedMs(join(entry.parentPath, entry.name)));
  }
  return newest;
}

/**
 * True when web/dist is missing or older than any source of the app. The app also bundles pure
 * modules of the server (the KPI registry and the core it imports), so src/core and src/reports
 * count as its sources too.
 */
async function webAppIsStale(): Promise<boolean> {
  const built = await modifiedMs(join(webDirectory, 'dist', 'index.html'));
  const sources = await Promise.all([
    newestUnder(join(webDirectory, 'src')),
    newestUnder(join(webDirectory, '..', 'src', 'core')),
    newestUnder(join(webDirectory, '..', 'src', 'reports')),
    modifiedMs(join(webDirectory, 'index.html')),
    newestUnder(join(webDirectory, 'public')),
    modifiedMs(join(webDirectory, 'vite.config.ts')),
  ]);
  return sources.some((modified) => modified > built);
}

/**
 * The browser tests drive the app as the server serves it from web/dist, so that must be the
 * app of the sources under test: built here unless a build newer than every source is there
 * (`npm install` builds it, so on CI this is usually a no-op).
 */
export async function buildWebAppIfStale(): Promise<void> {
  if (!(await webAppIsStale())) return;
  const start = performance.now();
  const { build } = await import('vite');
  await build({ configFile: join(webDirectory, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`Web app built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}
