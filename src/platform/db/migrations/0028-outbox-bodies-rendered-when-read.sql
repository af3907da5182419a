-- A collections run queues thousands of messages at once. Each is rendered again from its
-- template and stored context when it is sent (the mail settings of that moment apply), so the
-- bodies rendered at queue time were only ever shown, never sent: a run now stores the subject
-- and the context, and the bodies are rendered when the message is read, then stored as sent.
-- A message without a stored context (a one-off, an invoice e-mail) keeps its bodies.
ALTER TABLE outbox_messages ALTER COLUMN body_text DROP NOT NULL;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_body_or_context
  CHECK (body_text IS NOT NULL OR (render_context IS NOT NULL AND template_key IS NOT NULL));
