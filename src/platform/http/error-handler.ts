import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorKind } from '../../core/errors.js';
import { AssertionError } from '../../core/assert.js';

/** The one place where error kinds become HTTP statuses. */
const statusByKind: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

interface DatabaseError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const path = first.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/\//g, '.');
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const field = [path, missing].filter(Boolean).join(path && missing ? '.' : '');
  return field || error.validationContext;
}

export function errorHandler(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    const body = {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(Array.isArray(error.details) ? { details: error.details } : {}),
    };
    return reply.status(statusByKind[error.kind]).send({ error: body });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const field = fieldOf(fastifyError);
    const first = fastifyError.validation[0];
    if (
      first?.keyword === 'format' &&
      (first.params as { format?: string }).format === 'calendar-date'
    ) {
      const source =
        fastifyError.validationContext === 'querystring'
          ? request.query
          : fastifyError.validationContext === 'params'
            ? request.params
            : request.body;
      const value =
        field !== undefined && !/[.[]/.test(field)
          ? (source as Record<string, unknown> | undefined)?.[field]
          : undefined;
      const what = typeof value === 'string' ? `"${value}"` : (field ?? 'The date');
      return reply.status(400).send({
        error: {
          code: 'date_invalid',
          message: `${what} is not a real calendar date.`,
          ...(field ? { field } : {}),
        },
      });
    }
    const message = `${fastifyError.validationContext ?? 'request'}${field ? ` ${field}` : ''}: ${fastifyError.validation[0]?.message ?? 'is invalid'}`;
    return reply
      .status(400)
      .send({ error: { code: 'validation_failed', message, ...(field ? { field } : {}) } });
  }
  if (fastifyError.statusCode === 429) {
    return reply
      .status(429)
      .send({ error: { code: 'rate_limited', message: 'Too many attempts; wait a minute.' } });
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send({
      error: {
        code: fastifyError.code?.toLowerCase() ?? 'bad_request',
        message: fastifyError.message,
      },
    });
  }
  const database = error as DatabaseError;
  if (database.code === '23505') {
    return reply.status(409).send({
      error: { code: 'conflict', message: 'A record with the same unique value exists.' },
    });
  }
  if (database.code === '23514' || database.code === '23503') {
    return reply.status(409).send({
      error: {
        code: 'constraint_violation',
        message: 'The change breaks a ledger rule and was refused.',
      },
    });
  }
  request.log.error({ err: error, bug: error instanceof AssertionError }, 'request failed');
  return reply.status(500).send({
    error: {
      code: 'internal_error',
      message: 'Something went wrong on our side; nothing was half-written.',
    },
  });
}
