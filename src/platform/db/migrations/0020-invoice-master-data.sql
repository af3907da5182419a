-- Invoices out (issue #15): the master data an invoice document and an EN 16931 e-invoice need,
-- the details frozen onto each document at issue, and the rendered PDFs.

-- The organization as a seller. The address is one JSON object (line1, line2, city, postal_code,
-- region, country as ISO 3166-1 alpha-2), as a customer's billing address already is; the bank
-- accounts an invoice tells the customer to pay into are a JSON array of objects (iban, bic,
-- account_number, routing_number, bank_name, account_name). The logo is a stored document.
ALTER TABLE organizations
  ADD COLUMN legal_name text,
  ADD COLUMN address jsonb,
  ADD COLUMN vat_id text,
  ADD COLUMN registration_id text,
  ADD COLUMN electronic_address_scheme text,
  ADD COLUMN electronic_address_id text,
  ADD COLUMN payment_accounts jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN logo_document_id uuid,
  ADD COLUMN invoice_footer text,
  ADD CONSTRAINT organizations_electronic_address_whole
    CHECK ((electronic_address_scheme IS NULL) = (electronic_address_id IS NULL));

-- The customer as a buyer: its tax id (tax_id) and billing address already exist.
ALTER TABLE customers
  ADD COLUMN registration_id text,
  ADD COLUMN electronic_address_scheme text,
  ADD COLUMN electronic_address_id text,
  ADD COLUMN buyer_reference text,
  -- Whether the invoice e-mail carries the UBL e-invoice beside the PDF.
  ADD COLUMN send_ubl boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT customers_electronic_address_whole
    CHECK ((electronic_address_scheme IS NULL) = (electronic_address_id IS NULL));

-- Lines say their unit (UN/ECE Rec 20) and VAT category (S, Z, E, AE, K, G, O). Existing lines
-- are counted pieces, standard rated when taxed and zero rated when not.
ALTER TABLE invoice_lines
  ADD COLUMN unit_code text NOT NULL DEFAULT 'C62',
  ADD COLUMN vat_category text NOT NULL DEFAULT 'S',
  ADD COLUMN exemption_reason text;
UPDATE invoice_lines SET vat_category = 'Z' WHERE tax_rate = 0;
ALTER TABLE invoice_lines ALTER COLUMN vat_category DROP DEFAULT,
  ADD CONSTRAINT invoice_lines_vat_category CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O'));

ALTER TABLE credit_note_lines
  ADD COLUMN unit_code text NOT NULL DEFAULT 'C62',
  ADD COLUMN vat_category text NOT NULL DEFAULT 'S',
  ADD COLUMN exemption_reason text;
UPDATE credit_note_lines SET vat_category = 'Z' WHERE tax_rate = 0;
ALTER TABLE credit_note_lines ALTER COLUMN vat_category DROP DEFAULT,
  ADD CONSTRAINT credit_note_lines_vat_category CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O'));

-- What an issued document shows of its two parties, as they were at issue: IssuedDocument's
-- seller and buyer (src/invoicing/issued-document.ts) in snake_case JSON. Written with the number
-- when Settle issues an invoice, and with a credit note when it is made. Documents that came in
-- by import (issued elsewhere) or were issued before this migration have none until they are
-- first rendered, which freezes them then: the parties are written once and never changed. The
-- RF creditor reference is not stored: it is made from the number, always the same.
ALTER TABLE invoices ADD COLUMN seller jsonb, ADD COLUMN buyer jsonb;
ALTER TABLE credit_notes ADD COLUMN seller jsonb, ADD COLUMN buyer jsonb;

CREATE TRIGGER invoices_parties_guard
  BEFORE UPDATE OF seller, buyer ON invoices
  FOR EACH ROW WHEN (OLD.status <> 'draft' AND (OLD.seller IS NOT NULL OR OLD.buyer IS NOT NULL))
  EXECUTE FUNCTION guard_issued_invoice();

-- A credit note stays immutable but for freezing its parties once.
DROP TRIGGER credit_notes_immutable ON credit_notes;
CREATE TRIGGER credit_notes_immutable
  BEFORE UPDATE OF org_id, id, number, customer_id, invoice_id, currency, issued_on, subtotal_minor,
    tax_minor, total_minor, reason, memo, origin, created_at
  ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER credit_notes_delete_guard BEFORE DELETE ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();
CREATE TRIGGER credit_notes_parties_guard
  BEFORE UPDATE OF seller, buyer ON credit_notes
  FOR EACH ROW WHEN (OLD.seller IS NOT NULL OR OLD.buyer IS NOT NULL)
  EXECUTE FUNCTION refuse_change_to_posted_row();

-- An issued document's PDF, rendered once in the background and kept: the stored file and the
-- SHA-256 of its bytes, which rendering the document again must reproduce. Never updated.
CREATE TABLE document_renderings (
  org_id uuid NOT NULL REFERENCES organizations (id),
  source_type text NOT NULL CHECK (source_type IN ('invoice', 'credit_note')),
  source_id uuid NOT NULL,
  document_id uuid NOT NULL,
  sha256 text NOT NULL,
  rendered_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, source_type, source_id),
  FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id)
);
CREATE TRIGGER document_renderings_immutable BEFORE UPDATE OR DELETE ON document_renderings
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_posted_row();

ALTER TABLE documents DROP CONSTRAINT documents_kind_check,
  ADD CONSTRAINT documents_kind_check
    CHECK (kind IN ('letter', 'evidence', 'agency_file', 'logo', 'invoice_pdf', 'credit_note_pdf', 'statement_pdf'));
