-- Invoices and credit notes waiting for their PDF. Issuing one queues it in the issuing
-- transaction; the server's rendering job (src/rendering/schedule-rendering.service.ts) renders
-- it outside that transaction, stores it with its hash (document_renderings) and takes it off the
-- queue. A document that failed to render keeps its row with the error, and is tried again a
-- few times before it waits for a person (its download shows the error).
CREATE TABLE rendering_queue (
  org_id uuid NOT NULL REFERENCES organizations (id),
  source_type text NOT NULL CHECK (source_type IN ('invoice', 'credit_note')),
  source_id uuid NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT settle_now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (org_id, source_type, source_id)
);
CREATE INDEX rendering_queue_waiting ON rendering_queue (queued_at) WHERE attempts < 5;
