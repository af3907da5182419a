// Whether dist/ (the compiled server) was built from the source on disk, so that `settle` can run
// the bundled JavaScript and skip compiling TypeScript at every start. Plain JavaScript with no
// package: bin/settle.js runs it before anything else is loaded.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The file scripts/build-server.js writes last; its mtime is the moment the build started. */
export const stampFile = 'dist/.build-stamp';

/**
 * Fresh when the stamp exists and no file under src/ (tests aside: they are not compiled) was
 * changed after the build started. An install without src/ runs what it has. One stat per file:
 * a few milliseconds for the whole tree.
 */
export function buildFreshness(root) {
  let builtAt;
  try {
    builtAt = statSync(join(root, stampFile)).mtimeMs;
  } catch {
    return { fresh: false, reason: 'the server is not built' };
  }
  const newer = newestSourceAfter(join(root, 'src'), builtAt);
  return newer === undefined
    ? { fresh: true }
    : { fresh: false, reason: `the build is older than ${newer}` };
}

/** The first file under `dir` changed after `time` (a path relative to the root), if any. */
function newestSourceAfter(dir, time, relative = 'src') {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = newestSourceAfter(path, time, `${relative}/${entry.name}`);
      if (found !== undefined) return found;
    } else if (!entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > time) {
      return `${relative}/${entry.name}`;
    }
  }
  return undefined;
}
