import { randomFillSync } from 'node:crypto';

/**
 * A UUIDv7: 48 bits of Unix milliseconds then random bits, so ids sort by creation time and
 * B-tree inserts stay at the right edge of the index. Made by the caller, never by a central
 * sequence (gapless document numbers are a separate, per-organization sequence).
 *
 * Bulk loads make hundreds of thousands of ids at a time, so the random bytes come from a pool
 * filled in large draws (one randomFillSync per 1,600 ids rather than one call each) and the hex
 * from a table.
 */
const idBytesRandom = 10;
const pool = Buffer.alloc(idBytesRandom * 1600);
let offset = pool.length;
const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function newId(nowMs: number = Date.now()): string {
  if (offset + idBytesRandom > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = offset;
  offset += idBytesRandom;
  const time = Math.trunc(nowMs).toString(16).padStart(12, '0').slice(-12);
  const h = (index: number) => hex[pool[r + index]!]!;
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-${hex[(pool[r]! & 0x0f) | 0x70]}${h(1)}-${hex[(pool[r + 2]! & 0x3f) | 0x80]}${h(3)}-` +
    `${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`
  );
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string): boolean {
  return uuidPattern.test(value);
}
