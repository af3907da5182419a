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

-- What a person said when deciding: why a line was set aside, who undid an application and why.
-- The audit log has them too; the line's page shows them without reading the log.
ALTER TABLE bank_lines ADD COLUMN aside_reason text;
ALTER TABLE bank_matches ADD COLUMN undone_by text;
ALTER TABLE bank_matches ADD COLUMN undo_reason text;
