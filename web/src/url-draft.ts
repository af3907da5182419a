import { useState } from 'react';
import type { QueryState } from './url-query';

/**
 * A form's copy of a page's query while the user edits it: the address changes only when the
 * form is submitted. Returns the draft and a setter per field.
 */
export function useQueryDraft<Field extends string>(query: QueryState<Field>) {
  const [draft, setDraft] = useState<QueryState<Field>>(query);
  const set = (field: Field) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  return [draft, set] as const;
}
