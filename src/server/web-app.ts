import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectFile } from '../platform/files/project-files.js';

/** Where `npm run build:web` (Vite) writes the web app. */
export const webAppDirectory = projectFile('web', 'dist');

export interface WebAppOptions {
  /** The built app; web/dist unless given (tests point it elsewhere). */
  readonly directory?: string;
}

const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Settle</title></head>
<body>
<h1>Settle</h1>
<p>The web app has not been built. Run <code>npm run build:web</code> (or <code>npm install</code>, which builds it), then reload this page.</p>
<p>The API is up: its reference is at <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;

/**
 * Paths that belong to the server, not to the web app: an unknown one there is a 404 as before,
 * never the app's index.html, so that an API client never gets HTML back.
 */
function isServerPath(pathname: string): boolean {
  return /^\/(api|health)(\/|$)/.test(pathname);
}

/**
 * Segments of letters, digits, '_' and '-', the last with an extension: every name Vite writes,
 * and nothing that could climb out of the directory ('..' or an encoded slash cannot match).
 */
const filePath = /^\/(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)+$/;

/** Vite puts a hash of the content in these names, so a browser may keep them for good. */
const hashedAssets = /^\/assets\//;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the web app: its files, and index.html for every other GET outside /api and /health, so
 * that a client-side address such as /aging?as_of=… can be reloaded or shared. The directory is
 * looked at on each request rather than at start-up, so a build made while the server runs is
 * served without a restart. The routes are hidden from the OpenAPI document.
 */
export async function webApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const root = options.directory ?? webAppDirectory;
  // serve: false: only reply.sendFile (ETags, ranges, content types); the routes are ours.
  await app.register(fastifyStatic, { root, serve: false, suppressWarning: true });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?', 1)[0] ?? '/';
    if (isServerPath(pathname)) return reply.callNotFound();
    if (!(await isFile(join(root, 'index.html')))) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(notBuiltPage);
    }
    if (filePath.test(pathname)) {
      if (!(await isFile(join(root, pathname)))) return reply.callNotFound();
      return hashedAssets.test(pathname)
        ? reply.sendFile(pathname.slice(1), { maxAge: '365d', immutable: true })
        : reply.sendFile(pathname.slice(1), { maxAge: 0 });
    }
    // The app's page itself must be fetched afresh, since it names the current assets.
    return reply
      .header('cache-control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });
  });
}
