// `npm run build` (and `npm install`, through `prepare`): bundles the server (src/, tests aside)
// into dist/ with esbuild, and writes the stamp bin/settle.js compares with the source to decide
// whether dist/ is current.
//
// A bundle, not a file-for-file compile: a start of `settle` spent most of its time loading
// modules, about 900 of them (310 of Settle's own, 262 of Kysely's, 200 of TypeBox's). The bundle
// holds Settle's code and the pure-JavaScript ES-module packages with many modules, split into
// chunks along the dynamic imports, so `settle --help` still loads no command and a command only
// its own code. The other packages stay in node_modules: those that read files beside their code
// (PGlite's WebAssembly, libxml2's, PDFKit's fonts, the Swagger UI's pages) or load native code
// (argon2), and the CommonJS ones (Fastify was measured bundled: no gain worth a require() shim).
// Files Settle itself reads (migrations, UBL schemas) are read from src/
// (platform/files/project-files.ts).
import { build } from 'esbuild';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampFile } from '../bin/build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
// The stamp carries the time the build started: a file saved while esbuild runs makes it stale.
const startedAt = new Date();

/** Packages bundled with the server's code: ES modules in pure JavaScript, many files each. */
const bundled = new Set([
  'kysely',
  '@sinclair/typebox',
  '@fastify/type-provider-typebox',
  'csv-parse',
  'csv-stringify',
]);
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies)
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(dist, { recursive: true, force: true });
try {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outbase: 'src',
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js'));
  const stamp = join(root, stampFile);
  writeFileSync(stamp, `${JSON.stringify({ builtAt: startedAt.toISOString() })}\n`);
  utimesSync(stamp, startedAt, startedAt);
  process.stdout.write(`build-server: bundled src/ into dist/ (${files.length} files).\n`);
} catch {
  // esbuild has printed its errors.
  process.stderr.write('build-server: esbuild failed; dist/ is left without a stamp.\n');
  process.exit(1);
}
