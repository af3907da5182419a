// `npm run build` (and `npm install`, through `prepare`): compiles src/ (tests aside) to dist/ with
// the same folder layout, copies beside the compiled code the files it reads at run time through
// import.meta.url (migrations, the UBL schemas: every file under src/ that is not TypeScript), and
// writes the stamp bin/settle.js compares with the source to decide whether dist/ is current.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampFile } from '../bin/build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
// The stamp carries the time the build started: a file saved while tsc runs makes it stale.
const startedAt = new Date();

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  process.stderr.write('build-server: tsc failed; dist/ is left without a stamp.\n');
  process.exit(compiled.status ?? 1);
}

let assets = 0;
(function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!entry.name.endsWith('.ts')) {
      const target = join(dist, path.slice(join(root, 'src').length));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
      assets += 1;
    }
  }
})(join(root, 'src'));

const stamp = join(root, stampFile);
writeFileSync(stamp, `${JSON.stringify({ builtAt: startedAt.toISOString() })}\n`);
utimesSync(stamp, startedAt, startedAt);
process.stdout.write(`build-server: compiled src/ to dist/ and copied ${assets} data files.\n`);
