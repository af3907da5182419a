-- Lines waiting for review are matched again when the book changes (invoices issued, customers
-- added or renamed, money applied elsewhere). The scheduler compares the organization's newest
-- audit event (its ids are time-ordered, so the newest is one step down the primary key) with
-- the one it saw when it last matched; a change since means a rematch.
CREATE TABLE bank_rematch_marks (
  org_id uuid NOT NULL REFERENCES organizations (id),
  last_event_id uuid,
  rematched_at timestamptz NOT NULL DEFAULT settle_now(),
  PRIMARY KEY (org_id)
);

-- Whether the person who imported the file asked for sure matches to be applied: a later
-- rematch of its lines honours the same choice.
ALTER TABLE bank_files ADD COLUMN auto_apply boolean NOT NULL DEFAULT false;
