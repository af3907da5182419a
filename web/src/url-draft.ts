import { useState, type FormEvent } from 'react';
import type { QueryState } from './url-query';

/**
 * A form's copy of a page's query while the user edits it: the address changes only when the
 * form is submitted. Returns the draft and a setter per field.
 */
function useQueryDraft<Field extends string>(query: QueryState<Field>) {
  const [draft, setDraft] = useState<QueryState<Field>>(query);
  const set = (field: Field) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  return [draft, set] as const;
}

/**
 * A report's form over the page's query: its draft, the props that bind one input to a field of
 * it (marked when the API's last error named that field), and the submit handler.
 */
export function useQueryForm<Field extends string>({
  query,
  invalid,
  onSubmit,
}: {
  query: QueryState<Field>;
  invalid: string | undefined;
  onSubmit: (query: QueryState<Field>) => void;
}) {
  const [draft, set] = useQueryDraft(query);
  const field = (name: Field) => ({
    name,
    value: draft[name],
    onChange: set(name),
    invalidField: invalid,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return { draft, set, field, submit };
}

/**
 * useQueryForm for a paged list: a new search starts from its first page. `complete` adds what
 * the form keeps outside the draft.
 */
export function useFilterForm<Field extends string>({
  query,
  invalid,
  onSubmit,
  complete,
}: {
  query: QueryState<Field | 'cursor'>;
  invalid: string | undefined;
  onSubmit: (query: QueryState<Field | 'cursor'>) => void;
  complete?: () => Partial<QueryState<Field>>;
}) {
  return useQueryForm({
    query,
    invalid,
    onSubmit: (draft) => onSubmit({ ...draft, ...complete?.(), cursor: '' }),
  });
}
