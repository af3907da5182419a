-- Cash application (issue #14): bank statements come in as files, each transaction a bank line;
-- the matcher proposes or applies payments from the incoming ones. Keyed by org_id first, like
-- every table.

-- The organization's own accounts that statements are for. A statement names its account by IBAN
-- or by number; a CSV export names none, so its account and its column mapping are saved here.
CREATE TABLE bank_accounts (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL,
  iban text,
  account_number text,
  bic text,
  currency char(3),
  csv_mapping jsonb,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  CHECK (iban IS NOT NULL OR account_number IS NOT NULL)
);
CREATE UNIQUE INDEX bank_accounts_iban ON bank_accounts (org_id, iban) WHERE iban IS NOT NULL;
CREATE UNIQUE INDEX bank_accounts_number ON bank_accounts (org_id, account_number)
  WHERE iban IS NULL AND account_number IS NOT NULL;

-- One row per file imported, found again by its hash: a file imported twice is the same file.
CREATE TABLE bank_files (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  sha256 text NOT NULL,
  file_name text,
  format text NOT NULL CHECK (format IN ('camt.053', 'camt.054', 'mt940', 'bai2', 'ofx', 'csv')),
  version text,
  statements int4 NOT NULL,
  lines int4 NOT NULL,
  lines_added int4 NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  imported_by uuid,
  imported_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, sha256)
);

-- A bank transaction. `dedupe_key` says which transaction of the account it is whatever file it
-- came in (a camt.054 in the day, the camt.053 at night, overlapping statements); `occurrence`
-- counts identical transactions within one file, so that two genuine identical lines both count
-- while the same two seen again in another file add nothing (bank-line-key.ts).
CREATE TABLE bank_lines (
  org_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  bank_account_id uuid NOT NULL,
  file_id uuid NOT NULL,
  position int4 NOT NULL,
  dedupe_key text NOT NULL,
  occurrence int4 NOT NULL CHECK (occurrence >= 1),
  value_date date,
  booking_date date,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
  status text NOT NULL CHECK (status IN ('booked', 'pending', 'info')),
  reversal boolean NOT NULL,
  payer_name text,
  payer_account text,
  payer_bic text,
  ref text NOT NULL,
  refs jsonb NOT NULL,
  remittance jsonb NOT NULL,
  transaction_code text,
  additional_info text,
  -- What became of it: waiting for the matcher or a person, applied (a payment exists), or not
  -- for matching at all (a debit, a pending or informational line, one a person set aside).
  state text NOT NULL CHECK (state IN ('unmatched', 'review', 'applied', 'ignored')),
  payment_id uuid,
  created_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, bank_account_id, dedupe_key, occurrence),
  FOREIGN KEY (org_id, bank_account_id) REFERENCES bank_accounts (org_id, id),
  FOREIGN KEY (org_id, file_id) REFERENCES bank_files (org_id, id),
  FOREIGN KEY (org_id, payment_id) REFERENCES payments (org_id, id)
);
CREATE INDEX bank_lines_state ON bank_lines (org_id, state, booking_date) WHERE state IN ('unmatched', 'review');
CREATE INDEX bank_lines_file ON bank_lines (org_id, file_id, position);

ALTER TABLE payments DROP CONSTRAINT payments_origin_check;
ALTER TABLE payments ADD CONSTRAINT payments_origin_check CHECK (origin IN ('api', 'import', 'demo', 'bank'));
