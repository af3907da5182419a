import type { App } from '../../src/platform/http/app.js';

/**
 * The API's own description, read back to generate requests for every route: the fuzz pass and
 * the role matrix build on it, so a new route is covered the day it is added.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: Json[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
}
export interface Operation {
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-permissions'?: string[];
}
export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export async function apiDocument(app: App): Promise<ApiDocument> {
  return (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as ApiDocument;
}

/** A small deterministic generator, so that a failure can be replayed. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function resolver(document: ApiDocument) {
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]!) : schema;
  return resolve;
}

/**
 * A plausible value of a schema, so that a request is wrong only where a test makes it wrong:
 * required fields filled, ids taken from `ids`, amounts, dates and currencies well formed.
 */
export function plausibleValue(document: ApiDocument, ids: () => string) {
  const resolve = resolver(document);
  const plausible = (raw: Schema, depth = 0): Json => {
    const schema = resolve(raw);
    if (schema.anyOf) return plausible(schema.anyOf[0]!, depth);
    if (schema.enum) return schema.enum[0]!;
    if (schema.format === 'uuid') return ids();
    const id = raw.$ref?.split('/').pop();
    if (id === 'Amount') return '10.00';
    if (id === 'CalendarDate') return '2026-02-01';
    if (id === 'Currency') return 'EUR';
    switch (schema.type) {
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object': {
        if (depth > 3) return {};
        const value: Record<string, Json> = {};
        for (const name of schema.required ?? [])
          value[name] = plausible(schema.properties![name]!, depth + 1);
        return value;
      }
      default:
        return 'plausible text';
    }
  };
  return plausible;
}

/** Percent-encodes, giving a lone surrogate as the bytes a client would send for it. */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((char) => (/[\ud800-\udfff]/.test(char) ? '%ED%A0%80' : encodeURIComponent(char)))
      .join('');
  }
}
