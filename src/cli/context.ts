import { userInfo } from 'node:os';
import type { Actor } from '../core/actor.js';
import { parseCalendarDate, type CalendarDate } from '../core/calendar-date.js';
import { unwrap } from '../core/errors.js';
import { ensureOrganization } from '../auth/ensure-organization.service.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { databaseLocation, type DatabaseLocation } from '../platform/config/config.js';

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
  let name = 'cli';
  try {
    name = `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): keep the plain name.
  }
  return { orgId, type: 'cli', id: null, name, role: 'owner' };
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
  const database = await openDatabase({
    databaseUrl: location.databaseUrl,
    dataDir: location.dataDir,
    command: `settle ${command}`,
  });
  try {
    await migrate(database);
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const organization = await ensureOrganization(database, options.org);
    if (organization.created?.generatedPassword) {
      say(`Created the organization "${organization.name}" with its first owner:`);
      say(`  e-mail:   ${organization.created.ownerEmail}`);
      say(`  password: ${organization.created.generatedPassword}   (shown once: keep it now)`);
    }
    return await run({ database, location, actor: cliActor(organization.id), say });
  } finally {
    await database.close();
  }
}

/** Parses a YYYY-MM-DD option, naming the option on error. */
export function dateOption(value: string | undefined, name: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  return unwrap(parseCalendarDate(value, name));
}
