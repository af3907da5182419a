/**
 * JSON with bigints. `toJsonValue` turns bigints into decimal strings for the outside world
 * (audit log, API); `encodeTagged`/`decodeTagged` keep them as bigints across a round trip, for
 * results stored and replayed by idempotency keys.
 */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item)),
  );
}

export function encodeTagged(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    typeof item === 'bigint' ? { $bigint: item.toString() } : item,
  );
}

export function decodeTagged<T>(text: string): T {
  return JSON.parse(text, (_key, item) =>
    item !== null &&
    typeof item === 'object' &&
    typeof item.$bigint === 'string' &&
    Object.keys(item).length === 1
      ? BigInt(item.$bigint)
      : item,
  ) as T;
}

/** Canonical JSON: keys sorted at every level, so equal inputs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) => {
    if (typeof item === 'bigint') return item.toString();
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return item;
  });
}
