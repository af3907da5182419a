/**
 * The one way the web app talks to the API at /api/v1. The session lives in an httpOnly cookie
 * the browser sends by itself; requests that change something also carry the session's CSRF
 * token, which the API hands out at sign-in and which is kept in sessionStorage so that it
 * survives a reload of the tab but not the tab itself.
 */

export const apiBase = '/api/v1';

/** An error answered by the API: `{"error": {"code", "message", "field"}}` and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    /** Lists that go with some errors, such as every bad row of a refused import. */
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const csrfStorageKey = 'settle.csrf_token';

export const csrfToken = {
  get: (): string | null => sessionStorage.getItem(csrfStorageKey),
  set: (token: string): void => sessionStorage.setItem(csrfStorageKey, token),
  clear: (): void => sessionStorage.removeItem(csrfStorageKey),
};

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request finds the session gone (expired, or signed out in another tab). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryParams = Readonly<Record<string, string | undefined>>;

/** Only the parameters that have a value, so that the API applies its own defaults to the rest. */
export function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The address of an API resource, for fetching or for a download link. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  return `${apiBase}${path}${queryString(params)}`;
}

function errorFrom(status: number, payload: unknown): ApiError {
  const body = (
    payload as {
      error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown };
    } | null
  )?.error;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(
      status,
      body.code,
      body.message,
      typeof body.field === 'string' ? body.field : undefined,
      Array.isArray(body.details) ? body.details : [],
    );
  }
  return new ApiError(status, 'unexpected_response', `The server answered ${status}.`, undefined);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions {
  readonly signal?: AbortSignal | undefined;
  /**
   * Sent as Idempotency-Key: an action created once per form (see use-action.ts), so that a
   * click retried after a lost answer or an expired session is applied once, not twice.
   */
  readonly idempotencyKey?: string | undefined;
}

function headersFor(
  method: Method,
  hasBody: boolean,
  options: SendOptions,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // The JSON content type goes only with a body.
  if (hasBody) headers['content-type'] = 'application/json';
  const token = csrfToken.get();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return headers;
}

/** The ApiError for a refused request, telling listeners when the session is gone. */
export function failed(status: number, path: string, payload: unknown): ApiError {
  const error = errorFrom(status, payload);
  if (status === 401 && path !== '/auth/login')
    unauthenticatedListeners.forEach((listener) => listener());
  return error;
}

export async function sendJson<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<T> {
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers: headersFor(method, body !== undefined, options),
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failed(response.status, path, payload);
  return payload as T;
}

export function getJson<T>(
  path: string,
  params: QueryParams = {},
  signal?: AbortSignal,
): Promise<T> {
  return sendJson<T>('GET', `${path}${queryString(params)}`, undefined, { signal });
}

export function postJson<T>(path: string, body?: unknown, options: SendOptions = {}): Promise<T> {
  return sendJson<T>('POST', path, body, options);
}

/**
 * Sends a file as the request body with its own content type (a CSV import, a dispute's
 * evidence), reporting the share uploaded so far: fetch cannot tell upload progress, so this one
 * request goes through XMLHttpRequest.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  options: SendOptions & {
    /** PUT for a resource the file replaces (the organization's logo); POST otherwise. */
    readonly method?: 'POST' | 'PUT';
    readonly contentType?: string;
    readonly onProgress?: (sent: number, total: number) => void;
  } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    const method = options.method ?? 'POST';
    request.open(method, `${apiBase}${path}`);
    request.withCredentials = true;
    const headers = headersFor(method, false, options);
    headers['content-type'] = options.contentType ?? (file.type || 'application/octet-stream');
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    request.onerror = () => reject(new Error('The upload did not reach the server.'));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    request.onload = () => {
      let payload: unknown = null;
      try {
        payload = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        payload = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(payload as T);
      else reject(failed(request.status, path, payload));
    };
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}
