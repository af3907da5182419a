-- Rebuild the balance steps once per transaction, at commit, instead of after every statement.
--
-- 0003's statement triggers refreshed an item's steps as soon as a statement touched it. A payment
-- touches its items in several statements (the payment, its applications, the invoices' status),
-- so each payment rebuilt the same items two or three times: the benchmark's concurrent payments
-- fell from 199 to 110 a second on PostgreSQL when balance_periods arrived (docs/benchmarks.md).
--
-- Now the statement triggers only note the touched items in a transaction-local setting, and a
-- deferred constraint trigger on the same rows rebuilds everything noted when the transaction
-- commits. A constraint trigger can only be a row trigger, so several may fire at commit: the
-- first takes the whole list and clears it, the others find it empty. The list lives in a setting
-- rather than a table so that no table fills with dead rows (PGlite runs no autovacuum); a rolled
-- back savepoint takes its part of the list back with it, as it does its queued trigger events.
-- Code that must read balance_periods inside the transaction that wrote can run
-- SET CONSTRAINTS ALL IMMEDIATE first. Bulk loaders still defer everything and refresh once
-- (settle.defer_balance_periods, 0003); the WHEN clauses, evaluated when the row is written, keep
-- their rows from queuing commit-time events at all.

-- The list: "org:item" pairs separated by commas. Each note rewrites the whole setting, so a
-- transaction that writes thousands of items one statement at a time would copy a growing string
-- each time; past about 200 items the list is rebuilt there and then and starts again empty (an
-- item written again later is noted again, so the commit still sees its last state).
CREATE FUNCTION balance_periods_note(p_org uuid, p_items uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending text := concat_ws(',', nullif(current_setting('settle.balance_periods_pending', true), ''),
    (SELECT string_agg(p_org::text || ':' || i::text, ',') FROM unnest(p_items) i));
BEGIN
  PERFORM set_config('settle.balance_periods_pending', pending, true);
  IF length(pending) > 15000 THEN
    PERFORM balance_periods_flush();
  END IF;
END $$;

CREATE FUNCTION balance_periods_flush() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pending text := nullif(current_setting('settle.balance_periods_pending', true), '');
  touched record;
BEGIN
  IF pending IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('settle.balance_periods_pending', '', true);
  FOR touched IN
    SELECT split_part(e, ':', 1)::uuid AS org_id, array_agg(DISTINCT split_part(e, ':', 2)::uuid) AS items
    FROM unnest(string_to_array(pending, ',')) e
    GROUP BY 1
  LOOP
    PERFORM refresh_balance_periods(touched.org_id, touched.items);
  END LOOP;
END $$;

CREATE FUNCTION balance_periods_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM balance_periods_flush();
  RETURN NULL;
END $$;

-- 0003's trigger functions, noting instead of refreshing; what each notes is unchanged.
CREATE OR REPLACE FUNCTION balance_periods_after_applications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT t.org_id, array_agg(DISTINCT t.item_id) AS items FROM (
        SELECT n.org_id, n.invoice_id AS item_id FROM written n
        UNION ALL
        SELECT n.org_id, n.source_id FROM written n WHERE n.source_type IN ('payment', 'credit_note')
      ) t GROUP BY t.org_id
    LOOP
      PERFORM balance_periods_note(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balance_periods_after_source_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN EXECUTE format(
      'SELECT org_id, array_agg(DISTINCT %I) AS items FROM written GROUP BY org_id', TG_ARGV[0])
    LOOP
      PERFORM balance_periods_note(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balance_periods_after_invoice_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT n.org_id, array_agg(n.id) AS items FROM written n WHERE n.status <> 'draft' GROUP BY n.org_id
    LOOP
      PERFORM balance_periods_note(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balance_periods_after_invoice_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  IF NOT balance_periods_deferred() THEN
    FOR touched IN
      SELECT n.org_id, array_agg(n.id) AS items
      FROM written n JOIN previous o ON o.org_id = n.org_id AND o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status AND (o.status = 'draft' OR n.status = 'void')
      GROUP BY n.org_id
    LOOP
      PERFORM balance_periods_note(touched.org_id, touched.items);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

-- The commit-time triggers, on the rows whose statements note items, with the same conditions.
CREATE CONSTRAINT TRIGGER applications_balance_periods_commit AFTER INSERT ON applications
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER payments_balance_periods_commit AFTER INSERT ON payments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER credit_notes_balance_periods_commit AFTER INSERT ON credit_notes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER refunds_balance_periods_commit AFTER INSERT ON refunds
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER payment_reversals_balance_periods_commit AFTER INSERT ON payment_reversals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER invoices_insert_balance_periods_commit AFTER INSERT ON invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status <> 'draft' AND NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();
CREATE CONSTRAINT TRIGGER invoices_update_balance_periods_commit AFTER UPDATE ON invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status AND (OLD.status = 'draft' OR NEW.status = 'void')
    AND NOT balance_periods_deferred())
  EXECUTE FUNCTION balance_periods_at_commit();

-- As in 0003: PGlite's bulk COPYs run with session_replication_role = replica.
ALTER TABLE applications ENABLE ALWAYS TRIGGER applications_balance_periods_commit;
ALTER TABLE payments ENABLE ALWAYS TRIGGER payments_balance_periods_commit;
ALTER TABLE credit_notes ENABLE ALWAYS TRIGGER credit_notes_balance_periods_commit;
ALTER TABLE refunds ENABLE ALWAYS TRIGGER refunds_balance_periods_commit;
ALTER TABLE payment_reversals ENABLE ALWAYS TRIGGER payment_reversals_balance_periods_commit;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_insert_balance_periods_commit;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_update_balance_periods_commit;
