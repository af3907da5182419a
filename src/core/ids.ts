import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7: 48 bits of Unix milliseconds then random bits, so ids sort by creation time and
 * B-tree inserts stay at the right edge of the index. Made by the caller, never by a central
 * sequence (gapless document numbers are a separate, per-organization sequence).
 */
export function newId(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  const time = BigInt(nowMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string): boolean {
  return uuidPattern.test(value);
}
