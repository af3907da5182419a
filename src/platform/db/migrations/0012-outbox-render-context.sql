-- What a queued message says about the customer and its invoices, kept beside the rendered text,
-- so that it is rendered again when it is sent: a message queued before the mail settings existed
-- (or before the bank details or the payment link were filled in) goes out with them, not without.
ALTER TABLE outbox_messages ADD COLUMN render_context jsonb;
