import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { ensureOrganization } from '../auth/ensure-organization.service.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { embeddedDataBytes } from '../platform/db/embedded-data-size.js';
import { migrate } from '../platform/db/migrate.js';
import { databaseLocation, type DatabaseLocation } from '../platform/config/config.js';
import { embeddedBufferPoolMb } from './embedded-engine-choices.js';
import { HeldByServer, readChannelFile } from './server-client.js';
import { sayToTerminal, terminal } from './terminal.js';

/** Options every command takes. */
export interface GlobalOptions {
  readonly data?: string | undefined;
  readonly org?: string | undefined;
}

export interface CommandContext {
  readonly database: Database;
  readonly location: DatabaseLocation;
  readonly actor: Actor;
  /** Lines meant for a person (the first owner's password, progress): standard error. */
  say(line: string): void;
}

/** The CLI acts as the person at the terminal: audit events name the OS user. */
export function cliActor(orgId: string): Actor {
  const user = terminal().user;
  return { orgId, type: 'cli', id: null, name: user ? `cli:${user}` : 'cli', role: 'owner' };
}

/**
 * Opens the database the options point at. An embedded data directory held by a running server
 * that runs commands for the CLI sends the command there (HeldByServer); `settle serve` itself
 * is never sent, since a second server on the same data cannot be.
 */
async function open(command: string, location: DatabaseLocation): Promise<Database> {
  try {
    return await openDatabase({
      databaseUrl: location.databaseUrl,
      dataDir: location.dataDir,
      command: `settle ${command}`,
      sharedBuffersMb: location.databaseUrl
        ? undefined
        : embeddedBufferPoolMb(command, () => embeddedDataBytes(location.dataDir)),
    });
  } catch (error) {
    if (
      command !== 'serve' &&
      error instanceof AppError &&
      error.code === 'data_dir_locked' &&
      location.dataDir !== undefined
    ) {
      const channel = await readChannelFile(location.dataDir);
      if (channel) throw new HeldByServer(channel);
    }
    throw error;
  }
}

/**
 * Opens (creating and migrating when new) the database the options point at, resolves the
 * organization, runs the command and closes the database, whatever happens.
 */
export async function withContext<T>(
  command: string,
  options: GlobalOptions,
  run: (context: CommandContext) => Promise<T>,
): Promise<T> {
  const location = databaseLocation(options);
  // Run by a server for a CLI beside it: on the server's database, which stays open.
  const serverDatabase = terminal().database;
  const database = serverDatabase ?? (await open(command, location));
  try {
    if (!serverDatabase) await migrate(database);
    const say = sayToTerminal;
    const organization = await ensureOrganization(database, options.org);
    if (organization.created?.generatedPassword) {
      say(`Created the organization "${organization.name}" with its first owner:`);
      say(`  e-mail:   ${organization.created.ownerEmail}`);
      say(`  password: ${organization.created.generatedPassword}   (shown once: keep it now)`);
    }
    return await run({ database, location, actor: cliActor(organization.id), say });
  } finally {
    if (!serverDatabase) await database.close();
  }
}

/** Parses a YYYY-MM-DD option, naming the option on error. */
export function dateOption(value: string | undefined, name: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  return unwrap(parseCalendarDate(value, name));
}
