import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, postJson, sendJson, type SendOptions } from '../../../api/client';
import type { MessagePreview, MessageTemplate, MessageTemplateList } from '../../../api/types';
import { useAction } from '../../../api/use-action';
import { useApiGet } from '../../../api/use-api-get';
import { ActionDialog } from '../../../components/dialog';
import { ErrorAlert, invalidField } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { useNotice } from '../../../components/notice';
import { ReportTable } from '../../../components/report-table';
import { useCan } from '../../../permissions';
import { Link, useLocation } from '../../../routing';
import { addressOf, readQuery } from '../../../url-query';
import { CustomerPicker, type PickedCustomer } from './customer-picker';
import './settings-collections.css';

const pathname = '/settings/templates';

const fieldLabels = {
  subject: 'Subject',
  body_text: 'Text',
  body_html: 'HTML',
  customer_id: 'Customer',
  key: 'Template',
};

interface Draft {
  readonly subject: string;
  readonly body_text: string;
  readonly body_html: string;
}

/** How long typing must pause before the preview is rendered again. */
const previewDelayMs = 350;

type PreviewState =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly last: MessagePreview | null }
  | { readonly state: 'done'; readonly preview: MessagePreview }
  | { readonly state: 'failed'; readonly error: Error; readonly last: MessagePreview | null };

/**
 * The message the draft makes for a real customer today, rendered by the API as it would be sent
 * (the same renderer as the run), again each time typing pauses. It is not a change, so it is a
 * plain request rather than an action: it must not reload the lists on the page.
 */
function usePreview(key: string, customerId: string, draft: Draft): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ state: 'idle' });
  const draftText = JSON.stringify(draft);
  useEffect(() => {
    if (!customerId) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setPreview((current) => ({ state: 'loading', last: lastOf(current) }));
      postJson<MessagePreview>(
        `/message-templates/${key}/preview`,
        { customer_id: customerId, ...(JSON.parse(draftText) as Draft) },
        { signal: controller.signal },
      ).then(
        (answer) => setPreview({ state: 'done', preview: answer }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setPreview((current) => ({
            state: 'failed',
            error: error instanceof Error ? error : new Error(String(error)),
            last: lastOf(current),
          }));
        },
      );
    }, previewDelayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, customerId, draftText]);
  return preview;
}

function lastOf(state: PreviewState): MessagePreview | null {
  if (state.state === 'done') return state.preview;
  if (state.state === 'loading' || state.state === 'failed') return state.last;
  return null;
}

function PreviewPane({ preview, customer }: { preview: PreviewState; customer: string }) {
  const shown = preview.state === 'done' ? preview.preview : lastOf(preview);
  return (
    <section
      className="template-preview"
      aria-labelledby="preview-heading"
      aria-busy={preview.state === 'loading'}
    >
      <h2 id="preview-heading">Preview{customer ? ` for ${customer}` : ''}</h2>
      <p className="muted" role="status">
        {preview.state === 'loading'
          ? 'Updating the preview…'
          : preview.state === 'failed'
            ? 'The preview shows the last text that could be rendered.'
            : shown
              ? 'As it would be sent today, with the customer’s open invoices.'
              : 'Choose a customer to see the message they would get.'}
      </p>
      {preview.state === 'failed' && <ErrorAlert error={preview.error} fieldLabels={fieldLabels} />}
      {shown && (
        <>
          <dl>
            <dt>To</dt>
            <dd>
              {shown.to.length > 0 ? shown.to.join(', ') : 'nobody: no contact receives reminders'}
            </dd>
            {shown.reply_to && (
              <>
                <dt>Reply to</dt>
                <dd>{shown.reply_to}</dd>
              </>
            )}
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{shown.subject}</dd>
          </dl>
          <pre aria-label="Text of the message">{shown.text}</pre>
          <details>
            <summary>HTML version (source)</summary>
            <pre>{shown.html}</pre>
          </details>
        </>
      )}
    </section>
  );
}

function TemplateEditor({
  template,
  variables,
  editable,
}: {
  template: MessageTemplate;
  variables: MessageTemplateList['variables'];
  editable: boolean;
}) {
  const { notify } = useNotice();
  const [draft, setDraft] = useState<Draft>({
    subject: template.subject,
    body_text: template.body_text,
    body_html: template.body_html,
  });
  const [search, setSearch] = useState('');
  const [customer, setCustomer] = useState<PickedCustomer | undefined>();
  const preview = usePreview(template.key, customer?.id ?? '', draft);
  const save = useAction(
    useCallback(
      (input: Draft, options: SendOptions) =>
        sendJson<MessageTemplate>('PUT', `/message-templates/${template.key}`, input, options),
      [template.key],
    ),
  );
  const reset = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        sendJson<void>('DELETE', `/message-templates/${template.key}`, undefined, options).then(
          () => true,
        ),
      [template.key],
    ),
  );
  const changed =
    draft.subject !== template.subject ||
    draft.body_text !== template.body_text ||
    draft.body_html !== template.body_html;
  // A draft the preview refuses (an unknown variable) names its field as saving would.
  const previewError = preview.state === 'failed' ? preview.error : undefined;
  const invalid =
    invalidField(save.error) ??
    (previewError instanceof ApiError && previewError.field !== 'customer_id'
      ? previewError.field
      : undefined);
  const set = (field: keyof Draft) => (value: string) => setDraft({ ...draft, [field]: value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run(draft);
    if (saved) notify(`Template ${saved.key} saved: "${saved.subject}".`);
  };
  const area = (field: keyof Draft, label: string, rows: number) => (
    <label className="field">
      <span>{label}</span>
      <textarea
        name={field}
        rows={rows}
        value={draft[field]}
        readOnly={!editable}
        onChange={(event) => set(field)(event.target.value)}
        aria-invalid={invalid === field || undefined}
      />
    </label>
  );
  return (
    <div className="template-editor">
      <section aria-labelledby="template-heading">
        <h2 id="template-heading">
          {template.key}{' '}
          <span className="muted">({template.customized ? 'your text' : 'Settle’s text'})</span>
        </h2>
        <form onSubmit={submit} aria-label={`Edit ${template.key}`}>
          <label className="field">
            <span>Subject</span>
            <input
              name="subject"
              value={draft.subject}
              readOnly={!editable}
              onChange={(event) => set('subject')(event.target.value)}
              aria-invalid={invalid === 'subject' || undefined}
            />
          </label>
          {area('body_text', 'Text', 14)}
          {area('body_html', 'HTML', 8)}
          {save.error && <ErrorAlert error={save.error} fieldLabels={fieldLabels} />}
          {editable && (
            <div className="policy-save">
              <button type="submit" disabled={!changed || save.running}>
                {save.running ? 'Saving…' : 'Save template'}
              </button>
              <button
                type="button"
                disabled={!changed}
                onClick={() => {
                  setDraft({
                    subject: template.subject,
                    body_text: template.body_text,
                    body_html: template.body_html,
                  });
                  save.reset();
                }}
              >
                Discard changes
              </button>
              {changed && <span className="muted">Unsaved changes.</span>}
            </div>
          )}
        </form>
        {editable && template.customized && (
          <ActionDialog
            label={template.built_in ? 'Reset to Settle’s text' : 'Delete template'}
            title={template.built_in ? `Reset ${template.key}?` : `Delete ${template.key}?`}
          >
            {(close) => (
              <>
                <p>
                  {template.built_in
                    ? 'Your text for this template is removed and messages use Settle’s text again.'
                    : 'This template is removed; a policy step that names it can no longer send it.'}
                </p>
                {reset.error && <ErrorAlert error={reset.error} />}
                <div className="dialog-actions">
                  <button type="button" onClick={close}>
                    Cancel
                  </button>
                  <button
                    type="button"
                    disabled={reset.running}
                    onClick={async () => {
                      if (await reset.run()) {
                        close();
                        notify(
                          template.built_in
                            ? `Template ${template.key} is back to Settle’s text.`
                            : `Template ${template.key} deleted.`,
                        );
                      }
                    }}
                  >
                    {template.built_in ? 'Reset' : 'Delete'}
                  </button>
                </div>
              </>
            )}
          </ActionDialog>
        )}
        <details className="template-variables">
          <summary>Variables you can use</summary>
          <p>
            Write <code>{'{{name}}'}</code>; <code>{'{{#name}}…{{/name}}'}</code> shows its content
            only when the variable has a value.
          </p>
          <dl>
            {variables.map((variable) => (
              <div key={variable.name}>
                <dt>
                  <code>{`{{${variable.name}}}`}</code>
                </dt>
                <dd>{variable.description}</dd>
              </div>
            ))}
          </dl>
        </details>
      </section>
      <div>
        <form
          className="report-form"
          aria-label="Preview for a customer"
          onSubmit={(event) => event.preventDefault()}
        >
          <CustomerPicker
            idPrefix="preview"
            search={search}
            onSearch={setSearch}
            chosenId={customer?.id ?? ''}
            onChoose={setCustomer}
          />
        </form>
        <PreviewPane preview={preview} customer={customer?.name ?? ''} />
      </div>
    </div>
  );
}

function TemplatesTable({
  templates,
  selected,
}: {
  templates: readonly MessageTemplate[];
  selected: string | undefined;
}) {
  return (
    <ReportTable label="Message templates" columns={['Template', 'Subject', 'Text']}>
      {templates.map((template) => (
        <tr key={template.key}>
          <td>
            <Link
              to={addressOf(pathname, { key: template.key })}
              aria-current={template.key === selected ? 'true' : undefined}
            >
              {template.key}
            </Link>
          </td>
          <td>{template.subject}</td>
          <td>{template.customized ? 'Yours' : 'Settle’s'}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

/**
 * The texts of the messages the collections send (reminders, statements, letters): each edited
 * beside a live preview of what a chosen customer would receive today, and reset to Settle's text.
 */
export function TemplatesPage() {
  const can = useCan();
  const editable = can('collections.manage');
  const location = useLocation();
  const query = readQuery(location.search, ['key'] as const);
  const templates = useApiGet<MessageTemplateList>('/message-templates');
  if (templates.state !== 'loaded')
    return (
      <>
        <h1>Message templates</h1>
        {templates.state === 'loading' ? (
          <Loading what="the templates" />
        ) : (
          <ErrorAlert error={templates.error} />
        )}
      </>
    );
  const items = templates.data.items;
  const selected = items.find((template) => template.key === query.key) ?? items[0];
  return (
    <>
      <h1>Message templates</h1>
      <p className="page-intro">
        The e-mails and letters the collections send. A template you change is yours; resetting it
        returns to Settle&rsquo;s text.
      </p>
      <TemplatesTable templates={items} selected={selected?.key} />
      {selected && (
        <TemplateEditor
          key={`${selected.key}@${selected.updated_at ?? 'built-in'}`}
          template={selected}
          variables={templates.data.variables}
          editable={editable}
        />
      )}
    </>
  );
}
