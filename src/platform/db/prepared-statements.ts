import type pg from 'pg';

/**
 * Statements Settle sends over and over (a payment's lock on its invoices, its customer, the
 * organization's time zone) are sent as named prepared statements, so that PostgreSQL keeps their
 * plans per connection instead of planning them again at every call: on the payments benchmark,
 * pg_stat_statements showed the lock taking 0.28 ms to plan and 0.19 ms to run, and planning was
 * about a millisecond of a payment's three and a half on the server.
 *
 * A text is named from its third use in the process; a text that varies with its data (a VALUES
 * list of rows) rarely comes back and is never named. The names are the process's, the same on
 * every connection, and at most `namedMax` are given out, so a connection holds at most that many
 * prepared statements.
 */
const namedFromUse = 3;
const namedMax = 400;
/** Texts seen once or twice, counted until this many: then the count starts over. */
const countedMax = 20_000;

const names = new Map<string, string>();
const uses = new Map<string, number>();

/** The name to send `text` under, or undefined to send it unnamed. */
export function statementName(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined || names.size >= namedMax) return name;
  const count = (uses.get(text) ?? 0) + 1;
  if (count < namedFromUse) {
    if (uses.size >= countedMax) uses.clear();
    uses.set(text, count);
    return undefined;
  }
  uses.delete(text);
  const fresh = `settle_${names.size + 1}`;
  names.set(text, fresh);
  return fresh;
}

/**
 * `client.query`'s arguments with a name given to a text sent often: a text with its values
 * becomes a query config. Anything else is left as it is: a config of its own, a cursor, a COPY
 * stream, and a text without parameters, which pg sends as a simple query that may hold several
 * statements (a migration), where a prepared statement holds one.
 */
export function withStatementName(args: readonly unknown[]): unknown[] {
  const [text, values] = args;
  if (typeof text !== 'string' || args.length !== 2) return [...args];
  if (!Array.isArray(values) || values.length === 0) return [...args];
  const name = statementName(text);
  if (name === undefined) return [...args];
  return [{ name, text, values }];
}

/**
 * A prepared statement whose result columns changed under it: a migration run by another process
 * altered a table a `SELECT *` reads. PostgreSQL re-plans a prepared statement after any change
 * to what it reads, but refuses to change the columns it returns.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === '0A000' &&
    typeof message === 'string' &&
    message.includes('cached plan must not change result type')
  );
}

/** Drops every statement prepared on `client`, on the server and in pg's own record of them. */
export async function forgetPreparedStatements(client: pg.ClientBase): Promise<void> {
  await client.query('DEALLOCATE ALL');
  const connection = (client as unknown as { connection?: { parsedStatements?: object } })
    .connection;
  if (connection) connection.parsedStatements = {};
}
