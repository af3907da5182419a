import type { DomainError } from './result.js';

/**
 * The error every layer above the domain throws for an expected failure. The HTTP error handler
 * maps `kind` to a status code; the CLI prints `message` and `field`. `details` carries lists such
 * as every bad row of an import.
 */
export type AppErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  override name = 'AppError';
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(
    kind: AppErrorKind,
    code: string,
    message: string,
    field?: string,
    details?: unknown,
  ) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.field = field;
    this.details = details;
  }

  static fromDomain(error: DomainError, kind: AppErrorKind = 'invalid'): AppError {
    return new AppError(kind, error.code, error.message, error.field);
  }

  static notFound(entity: string, field?: string): AppError {
    return new AppError(
      'not_found',
      `${entity}_not_found`,
      `The ${entity.replace(/_/g, ' ')} does not exist.`,
      field,
    );
  }
}

/** Unwraps a domain result or throws it as an AppError of the given kind. */
export function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: DomainError },
  kind: AppErrorKind = 'invalid',
): T {
  if (result.ok) return result.value;
  throw AppError.fromDomain(result.error, kind);
}
