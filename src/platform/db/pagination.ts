import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../../core/errors.js';
import { limits } from '../../core/limits.js';

/**
 * Keyset (cursor) pagination: a page is the rows after the last one seen in (sort key, id)
 * order, so pages stay stable while rows are added and cost the same however deep the reader is.
 * The cursor is opaque to clients: base64url of the last row's sort value and id.
 */
export interface SortSpec {
  /** The SQL expression to sort on, qualified (`invoices.due_on`). */
  readonly expression: string;
  /** The id column that breaks ties (`invoices.id`). */
  readonly idColumn: string;
  /** For nullable sort columns: the value nulls sort as. */
  readonly nullsAs?: string;
  readonly cast?: 'date' | 'bigint' | 'text' | 'timestamptz';
}

export interface PageRequest {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
  readonly descending?: boolean | undefined;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

function sortExpression(spec: SortSpec): RawBuilder<unknown> {
  const cast = spec.cast ? `::${spec.cast}` : '';
  const base =
    spec.nullsAs !== undefined
      ? `coalesce(${spec.expression}, '${spec.nullsAs}'${cast})`
      : spec.expression;
  return sql.raw(base);
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string')
      return [String(value[0]), value[1]];
  } catch {
    // Fall through to the error below.
  }
  throw new AppError(
    'invalid',
    'cursor_invalid',
    'The cursor is not one this API returned.',
    'cursor',
  );
}

export function pageLimit(limit: number | undefined): number {
  const value = limit ?? limits.pageSizeDefault;
  if (!Number.isInteger(value) || value < 1 || value > limits.pageSizeMax) {
    throw new AppError(
      'invalid',
      'limit_invalid',
      `The limit is a whole number from 1 to ${limits.pageSizeMax}.`,
      'limit',
    );
  }
  return value;
}

export async function paginate<DB, TB extends keyof DB, O extends { __sort_key: unknown }>(
  query: SelectQueryBuilder<DB, TB, O>,
  spec: SortSpec,
  request: PageRequest,
): Promise<Page<Omit<O, '__sort_key'>>> {
  const limit = pageLimit(request.limit);
  const key = sortExpression(spec);
  const id = sql.ref(spec.idColumn);
  const cast = sql.raw(spec.cast ?? 'text');
  let paged = query;
  if (request.cursor) {
    const [value, lastId] = decodeCursor(request.cursor);
    const after = request.descending
      ? sql<boolean>`(${key}, ${id}) < (${value}::${cast}, ${lastId}::uuid)`
      : sql<boolean>`(${key}, ${id}) > (${value}::${cast}, ${lastId}::uuid)`;
    paged = paged.where(after as never);
  }
  const direction = request.descending ? sql.raw('desc') : sql.raw('asc');
  const rows = (await paged
    .orderBy(sql`${key} ${direction}` as never)
    .orderBy(sql`${id} ${direction}` as never)
    .limit(limit + 1)
    .execute()) as (O & { id: string })[];
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([String(last.__sort_key), last.id])).toString('base64url')
      : null;
  return {
    items: items.map(({ __sort_key: _key, ...rest }) => rest as Omit<O, '__sort_key'>),
    nextCursor,
  };
}

/**
 * Adds the sort key to the selection so that the cursor can be built from the last row. A
 * timestamp is selected as text in UTC with its microseconds: read as a JavaScript Date it would
 * lose them, and a cursor a few microseconds early repeats rows going forward and skips them going
 * backward.
 */
export function sortKeySelection(spec: SortSpec) {
  const key = sortExpression(spec);
  if (spec.cast === 'timestamptz') {
    return sql`to_char(${key} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
      '__sort_key',
    );
  }
  return sql`${key}`.as('__sort_key');
}
