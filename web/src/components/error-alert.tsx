import { ApiError } from '../api/client';

/**
 * An error as the user should read it: the API's message, led by the field it names (with the
 * label the form shows for it), and the code, which is what support and the docs refer to.
 */
export function ErrorAlert({
  error,
  fieldLabels = {},
}: {
  error: Error;
  fieldLabels?: Readonly<Record<string, string>>;
}) {
  const field = error instanceof ApiError ? error.field : undefined;
  const label = field === undefined ? undefined : fieldLabels[field];
  return (
    <div role="alert" className="error">
      {field !== undefined && <strong>{label ? `${label} (${field})` : field}: </strong>}
      {error.message}
      {error instanceof ApiError && <span className="error-code"> [{error.code}]</span>}
    </div>
  );
}

/** The field an error names, so that a form can mark that input as invalid. */
export function invalidField(error: Error | undefined): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}
