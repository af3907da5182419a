import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { canonicalJson, decodeTagged, encodeTagged } from '../../core/json.js';
import type { Tx } from '../db/database.js';

/**
 * Runs a money-moving operation at most once per idempotency key. The key, a hash of the
 * operation and its canonical input, and the result are written in the operation's own
 * transaction: a retry finds the committed result and returns it; a concurrent retry waits on the
 * key's row until the first commits; the same key with other input is refused.
 */
export async function idempotent<T>(
  tx: Tx,
  actor: Actor,
  key: string | undefined,
  operation: string,
  input: unknown,
  work: () => Promise<T>,
): Promise<T> {
  if (key === undefined) return work();
  if (key.length === 0 || key.length > 255) {
    throw new AppError(
      'invalid',
      'idempotency_key_invalid',
      'An Idempotency-Key has 1 to 255 characters.',
      'Idempotency-Key',
    );
  }
  const requestHash = createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(input))
    .digest('hex');
  const inserted = await tx.db
    .insertInto('idempotency_keys')
    .values({ org_id: actor.orgId, key, operation, request_hash: requestHash, result: 'null' })
    .onConflict((conflict) => conflict.columns(['org_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx.db
      .selectFrom('idempotency_keys')
      .select(['operation', 'request_hash', sql<string>`result::text`.as('result')])
      .where('org_id', '=', actor.orgId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.operation !== operation || existing.request_hash !== requestHash) {
      throw new AppError(
        'conflict',
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request.',
        'Idempotency-Key',
      );
    }
    return decodeTagged<T>(existing.result);
  }
  const result = await work();
  await tx.db
    .updateTable('idempotency_keys')
    .set({ result: encodeTagged(result) })
    .where('org_id', '=', actor.orgId)
    .where('key', '=', key)
    .execute();
  return result;
}
