import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { postJson, type SendOptions } from '../../api/client';
import type { MessagePreview, MessageTemplateList, OutboxMessageDetail } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { SelectField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { useNotice } from '../../components/notice';
import { deliveryText } from './delivery-text';
import './collections.css';

const fieldLabels = { template_key: 'Template', customer_id: 'Customer' };

/** The template rendered for the customer, as the API will send it. */
function usePreview(templateKey: string, customerId: string) {
  const [preview, setPreview] = useState<
    { key: string; preview?: MessagePreview; error?: Error } | undefined
  >();
  useEffect(() => {
    if (!templateKey) return;
    let current = true;
    // A POST that only renders: nothing is written, so it needs no idempotency key.
    postJson<MessagePreview>(`/message-templates/${encodeURIComponent(templateKey)}/preview`, {
      customer_id: customerId,
    }).then(
      (answer) => current && setPreview({ key: templateKey, preview: answer }),
      (error: unknown) =>
        current &&
        setPreview({
          key: templateKey,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [templateKey, customerId]);
  return preview?.key === templateKey ? preview : undefined;
}

function SendEmailForm({ customerId, close }: { customerId: string; close: () => void }) {
  const { notify } = useNotice();
  const templates = useApiGet<MessageTemplateList>('/message-templates');
  const [templateKey, setTemplateKey] = useState('');
  const preview = usePreview(templateKey, customerId);
  const send = useAction(
    useCallback(
      (key: string, options: SendOptions) =>
        postJson<OutboxMessageDetail>(
          `/customers/${customerId}/messages`,
          { template_key: key },
          options,
        ),
      [customerId],
    ),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const message = await send.run(templateKey);
    if (!message) return;
    const to = message.to.length > 0 ? ` to ${message.to.join(', ')}` : '';
    notify(`E-mail “${message.subject}”${to}: ${deliveryText(message)}.`);
    close();
  };
  if (templates.state === 'loading') return <Loading what="the templates" />;
  if (templates.state === 'failed') return <ErrorAlert error={templates.error} />;
  const invalid = invalidField(send.error);
  return (
    <form onSubmit={submit} aria-label="Send an e-mail" className="send-email">
      <SelectField
        name="template_key"
        label="Template"
        value={templateKey}
        onChange={setTemplateKey}
        invalidField={invalid}
      >
        <option value="">Choose a template…</option>
        {templates.data.items.map((template) => (
          <option key={template.key} value={template.key}>
            {template.key.replace(/_/g, ' ')}
          </option>
        ))}
      </SelectField>
      {templateKey && !preview && <Loading what="the preview" />}
      {preview?.error && <ErrorAlert error={preview.error} fieldLabels={fieldLabels} />}
      {preview?.preview && (
        <section aria-label="Preview" className="email-preview">
          <dl>
            <dt>To</dt>
            <dd>
              {preview.preview.to.length > 0
                ? preview.preview.to.join(', ')
                : 'Nobody: the customer has no contact who receives reminders, so the message will be held in the outbox.'}
            </dd>
            {preview.preview.reply_to && (
              <>
                <dt>Reply to</dt>
                <dd>{preview.preview.reply_to}</dd>
              </>
            )}
            <dt>Subject</dt>
            <dd>{preview.preview.subject}</dd>
          </dl>
          <pre tabIndex={0} aria-label="Message text">
            {preview.preview.text}
          </pre>
        </section>
      )}
      {send.error && <ErrorAlert error={send.error} fieldLabels={fieldLabels} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Close
        </button>
        <button type="submit" disabled={!templateKey || send.running}>
          Send e-mail
        </button>
      </div>
    </form>
  );
}

/**
 * A one-off e-mail to a customer's reminder contacts from one of the organization's templates:
 * choose it, read it as it will go out (rendered with the customer's open invoices today), send
 * it. It goes through the outbox and onto the customer's timeline like the run's reminders.
 * `customerName`, when given, names the button after the customer, for a list of customers.
 */
export function SendEmailDialog({
  customerId,
  customerName,
}: {
  customerId: string;
  customerName?: string;
}) {
  const form = (close: () => void) => <SendEmailForm customerId={customerId} close={close} />;
  if (customerName === undefined)
    return (
      <ActionDialog label="Send e-mail" title="Send an e-mail">
        {form}
      </ActionDialog>
    );
  return (
    <ActionDialog
      label="Send e-mail"
      name={`Send e-mail to ${customerName}`}
      title={`Send an e-mail to ${customerName}`}
    >
      {form}
    </ActionDialog>
  );
}
