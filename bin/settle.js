#!/usr/bin/env node
// The `settle` command. It runs the bundled JavaScript in dist/ (built by `npm install` or
// `npm run build`) when that build is current, so a start costs no TypeScript compilation; when
// the source is newer, or SETTLE_FROM_SOURCE=1 (the tests), it runs the TypeScript through tsx, so
// `settle` always runs the code that is on disk.
import { fileURLToPath } from 'node:url';
import { buildFreshness } from './build-freshness.js';

const fromSource = process.env.SETTLE_FROM_SOURCE === '1';
const freshness = fromSource
  ? { fresh: false }
  : buildFreshness(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (freshness.fresh) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  if (!fromSource) {
    process.stderr.write(
      `settle: ${freshness.reason}: running the TypeScript source (slower to start); \`npm run build\` rebuilds.\n`,
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
