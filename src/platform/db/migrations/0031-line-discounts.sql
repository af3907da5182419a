-- A line may carry a discount (an EN 16931 line allowance): what it takes off quantity × price,
-- the percent it was given as when it was one, and why. net_minor is the line after it. Lines
-- written before have none.
ALTER TABLE invoice_lines
  ADD COLUMN discount_minor bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
  ADD COLUMN discount_percent numeric(7, 4) CHECK (discount_percent > 0 AND discount_percent <= 100),
  ADD COLUMN discount_reason text,
  ADD CONSTRAINT invoice_lines_discount_whole
    CHECK ((discount_minor = 0) = (discount_reason IS NULL)
      AND (discount_percent IS NULL OR discount_minor > 0)
      AND net_minor >= 0);

ALTER TABLE credit_note_lines
  ADD COLUMN discount_minor bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
  ADD COLUMN discount_percent numeric(7, 4) CHECK (discount_percent > 0 AND discount_percent <= 100),
  ADD COLUMN discount_reason text,
  ADD CONSTRAINT credit_note_lines_discount_whole
    CHECK ((discount_minor = 0) = (discount_reason IS NULL)
      AND (discount_percent IS NULL OR discount_minor > 0)
      AND net_minor >= 0);
