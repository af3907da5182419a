import { apiUrl, failed, type QueryParams } from './client';

/**
 * The file name a Content-Disposition header gives, or undefined. RFC 6266: the extended
 * `filename*=UTF-8''…` (percent-encoded, for names beyond ASCII) wins over the plain `filename`.
 */
export function fileNameFrom(contentDisposition: string | null): string | undefined {
  if (!contentDisposition) return undefined;
  const extended = /filename\*\s*=\s*([\w!#$%&+^`{}~-]+)'[^']*'([^;\s]+)/i.exec(contentDisposition);
  if (extended && /^utf-8$/i.test(extended[1]!)) {
    try {
      return usable(decodeURIComponent(extended[2]!));
    } catch {
      // A malformed percent-encoding: fall back to the plain name below.
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(contentDisposition);
  if (quoted) return usable(quoted[1]!.replace(/\\(.)/g, '$1'));
  const token = /filename\s*=\s*([^;\s"]+)/i.exec(contentDisposition);
  return token ? usable(token[1]!) : undefined;
}

/** Only the last path segment: a name is never a place to save to. */
function usable(name: string): string | undefined {
  const base = name.split(/[/\\]/).pop()?.trim() ?? '';
  return base === '' || base === '.' || base === '..' ? undefined : base;
}

/**
 * GETs a file from the API with the session, as getJson does, and hands it to the browser to
 * save under the name the API gives it. A plain `<a download>` cannot see the answer's status, so
 * a refusal (an e-invoice the standard cannot express) would be saved as its JSON error or not at
 * all; here it is thrown as the API's ApiError, naming the field, for the page to show.
 */
export async function downloadFile(
  path: string,
  params: QueryParams = {},
  options: { readonly fallbackName: string; readonly signal?: AbortSignal },
): Promise<{ readonly fileName: string }> {
  const response = await fetch(apiUrl(path, params), {
    credentials: 'same-origin',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => null);
    throw failed(response.status, path, payload);
  }
  const blob = await response.blob();
  const fileName =
    fileNameFrom(response.headers.get('content-disposition')) ?? options.fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The browser reads the blob after the click returns; revoking at once can cancel the save
    // in some browsers, and keeping it holds the file in memory for as long as the tab lives.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { fileName };
}
