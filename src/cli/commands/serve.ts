import type { Command } from 'commander';
import type { Actor } from '../../core/actor.js';
import { startRematchScheduler } from '../../banking/schedule-rematch.service.js';
import { AppError } from '../../core/errors.js';
import { startCollectionsScheduler } from '../../dunning/schedule-collections.service.js';
import { startRenderingScheduler } from '../../rendering/schedule-rendering.service.js';
import type { Database } from '../../platform/db/database.js';
import { describeLocation } from '../../platform/config/config.js';
import { withContext, type GlobalOptions } from '../context.js';
import { openServerChannel } from '../server-channel.js';

const vacuumIntervalMs = 24 * 60 * 60 * 1000;

/** With --demo, a new install starts with a demo company; an organization with data is left alone. */
async function fillDemo(
  database: Database,
  actor: Actor,
  say: (line: string) => void,
): Promise<void> {
  try {
    say('Generating the demo company…');
    // The demo generator is needed on a first start with --demo only.
    const { createDemo } = await import('../../demo/create-demo.service.js');
    const summary = await createDemo(database, actor);
    say(
      `Demo company ready: ${summary.customers} customers, ${summary.invoices} invoices, ${summary.payments} payments.`,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'organization_not_empty') {
      say('The organization already has data: --demo leaves it as it is.');
      return;
    }
    throw error;
  }
}

/**
 * `settle serve`: the HTTP API and the web app on one port. `runCommand` is the CLI's entry point:
 * on an embedded data directory the server runs the commands of a CLI beside it.
 */
export function registerServeCommand(
  program: Command,
  runCommand: (argv: readonly string[]) => Promise<number>,
): void {
  program
    .command('serve')
    .description('run the Settle server (API under /api/v1, reference at /api/docs)')
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--demo', 'on first start, fill the empty organization with a generated demo company')
    .action(async (options: { port?: string; host?: string; demo?: boolean }, command: Command) => {
      const port = Number(options.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError(
          'invalid',
          'port_invalid',
          `"${options.port}" is not a port number.`,
          'port',
        );
      }
      const host = options.host ?? process.env.HOST ?? '127.0.0.1';
      // The server's code (every route and service) loads while PGlite starts, rather than before.
      const serverCode = import('../../server/build-server.js');
      serverCode.catch(() => undefined);
      await withContext(
        'serve',
        command.optsWithGlobals<GlobalOptions>(),
        async ({ database, location, actor, say }) => {
          if (options.demo) await fillDemo(database, actor, say);
          const trustedProxies = (process.env.SETTLE_TRUSTED_PROXIES ?? '')
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean);
          const { buildServer } = await serverCode;
          const app = await buildServer({
            database,
            logger: process.env.SETTLE_LOG === '1',
            trustedProxies,
          });
          const address = await app.listen({ port, host });
          say(`Settle is running on ${address} with the ${describeLocation(location)}.`);
          say(`Web app: ${address} (sign in with a user's e-mail and password)`);
          say(`API reference: ${address}/api/docs`);
          // The embedded database has one owner, this process: the CLI's commands on the same
          // data directory are run here for it.
          const channel =
            database.engine === 'pglite'
              ? await openServerChannel({
                  dataDir: location.dataDir,
                  database,
                  url: address,
                  run: runCommand,
                })
              : undefined;
          if (channel) say(`The settle command on ${location.dataDir} runs through this server.`);
          // PGlite has no autovacuum: keep the planner's statistics fresh on a schedule.
          const vacuum =
            database.engine === 'pglite'
              ? setInterval(
                  () =>
                    void database
                      .withConnection((query) => query('VACUUM ANALYZE'))
                      .catch(() => undefined),
                  vacuumIntervalMs,
                )
              : undefined;
          vacuum?.unref();
          // SETTLE_COLLECTIONS=off leaves the daily run to `settle collections run` in a cron job or a worker.
          const scheduler =
            process.env.SETTLE_COLLECTIONS === 'off'
              ? undefined
              : startCollectionsScheduler(database, {
                  onError: (error) =>
                    say(
                      `Collections run failed: ${error instanceof Error ? error.message : String(error)}`,
                    ),
                  onRun: (_orgId, description) => say(`Collections run done: ${description}.`),
                });
          void scheduler?.tick();
          // Bank lines waiting for review are matched again when the book changes.
          const rematch = startRematchScheduler(database, {
            onError: (error) =>
              say(`Bank rematch failed: ${error instanceof Error ? error.message : String(error)}`),
            onRematch: (_orgId, result) =>
              say(
                `Bank lines matched again after a change: ${result.lines} lines, ${result.applied} applied.`,
              ),
          });
          // Invoices and credit notes issued get their PDF rendered and stored soon after.
          const rendering = startRenderingScheduler(database, {
            onError: (error) =>
              say(
                `Rendering documents failed: ${error instanceof Error ? error.message : String(error)}`,
              ),
            onPass: (pass) =>
              pass.failed > 0
                ? say(
                    `Rendered ${pass.rendered} document PDFs; ${pass.failed} could not be rendered.`,
                  )
                : undefined,
          });
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          say('Stopping…');
          if (vacuum) clearInterval(vacuum);
          await scheduler?.stop();
          await rematch.stop();
          await rendering.stop();
          await channel?.close();
          await app.close();
        },
      );
    });
}
