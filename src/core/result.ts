/**
 * Expected outcomes are values, not exceptions. A domain function returns `ok(value)` or
 * `fail(code, field, message)`; `assert` (core/assert.ts) is only for bugs.
 */
export interface DomainError {
  /** A stable snake_case machine code, e.g. `application_exceeds_open_balance`. */
  readonly code: string;
  /** The input field the error is about, in the caller's vocabulary (`lines[2].quantity`). */
  readonly field?: string;
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, field?: string): Result<T> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/** Re-prefixes the field of a nested error, so `quantity` inside line 3 becomes `lines[3].quantity`. */
export function withFieldPrefix<T>(result: Result<T>, prefix: string): Result<T> {
  if (result.ok) return result;
  const field = result.error.field === undefined ? prefix : `${prefix}.${result.error.field}`;
  return { ok: false, error: { ...result.error, field } };
}
