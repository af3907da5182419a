import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { apiUrl, type QueryParams } from '../api/client';
import { downloadFile } from '../api/download-file';
import { ErrorAlert } from './error-alert';
import { useNotice } from './notice';
import './download-links.css';

export interface DownloadableFile {
  /** The API path of the file, e.g. `/invoices/{id}/ubl`. */
  readonly path: string;
  readonly params?: QueryParams;
  /** What the file is, shown as "Download {kind}" ("PDF", "e-invoice (UBL)"). */
  readonly kind: string;
  /** The name to save under should the API give none. */
  readonly fallbackName: string;
}

/**
 * Download links that fetch the file with the session and save it, so that a refusal (an
 * e-invoice the standard cannot express) shows the API's error, naming the field, next to the
 * links instead of the browser saving the JSON error or nothing. They stay links to the file, so
 * that opening one in a new tab or copying its address still works; only a plain click is taken
 * over. While a file is on its way the links say so and take no second click.
 */
export function DownloadLinks({
  files,
  of,
  fieldLabels = {},
  className = '',
}: {
  files: readonly DownloadableFile[];
  /** Whose files these are, for the links' accessible names ("invoice INV-000042"). */
  of?: string | undefined;
  /** The labels of the fields a refusal may name, as ErrorAlert shows them. */
  fieldLabels?: Readonly<Record<string, string>>;
  className?: string;
}) {
  const { notify } = useNotice();
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const suffix = of === undefined ? '' : ` of ${of}`;
  const download = async (event: MouseEvent<HTMLAnchorElement>, file: DownloadableFile) => {
    // A click with a modifier (new tab, new window, save link) is the browser's to handle.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    if (controller.current) return;
    const current = new AbortController();
    controller.current = current;
    setRunning(file.path);
    setError(null);
    try {
      const { fileName } = await downloadFile(file.path, file.params, {
        fallbackName: file.fallbackName,
        signal: current.signal,
      });
      notify(`Downloaded ${file.kind}${suffix} as ${fileName}.`);
    } catch (failure: unknown) {
      if (current.signal.aborted) return;
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      controller.current = null;
      if (!current.signal.aborted) setRunning(null);
    }
  };

  return (
    <div className={`download-links ${className}`.trim()}>
      <p className="downloads">
        {files.map((file) => {
          const busy = running === file.path;
          return (
            <a
              key={file.path}
              href={apiUrl(file.path, file.params)}
              download
              aria-label={
                busy ? `Downloading ${file.kind}${suffix}…` : `Download ${file.kind}${suffix}`
              }
              // aria-disabled rather than removing the link: the keyboard focus stays on it.
              aria-disabled={running !== null || undefined}
              onClick={(event) => void download(event, file)}
            >
              {busy ? `Downloading ${file.kind}…` : `Download ${file.kind}`}
            </a>
          );
        })}
      </p>
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
    </div>
  );
}
