import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The files Settle reads at run time from its own tree (migrations, the UBL schemas, the web app's
 * build) are read where they lie in the project, not next to the code that reads them: the server
 * runs from src/ (tsx) or from the build in dist/, whose chunks keep nothing of the source's
 * folders, and both find the same files this way. The project is the nearest folder above this
 * module with a package.json.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Settle cannot find its package.json above its code.');
    dir = parent;
  }
  return dir;
}

const projectRoot = findProjectRoot();

/** A path inside the project, from its root: `projectFile('src', 'platform', 'db', 'migrations')`. */
export function projectFile(...segments: string[]): string {
  return join(projectRoot, ...segments);
}
