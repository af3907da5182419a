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
    payload as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null
  )?.error;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(
      status,
      body.code,
      body.message,
      typeof body.field === 'string' ? body.field : undefined,
    );
  }
  return new ApiError(status, 'unexpected_response', `The server answered ${status}.`, undefined);
}

async function send<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // The JSON content type goes only with a body.
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken.get();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorFrom(response.status, payload);
    if (response.status === 401 && path !== '/auth/login')
      unauthenticatedListeners.forEach((listener) => listener());
    throw error;
  }
  return payload as T;
}

export function getJson<T>(
  path: string,
  params: QueryParams = {},
  signal?: AbortSignal,
): Promise<T> {
  return send<T>('GET', `${path}${queryString(params)}`, undefined, signal);
}

export function postJson<T>(path: string, body?: unknown): Promise<T> {
  return send<T>('POST', path, body);
}
