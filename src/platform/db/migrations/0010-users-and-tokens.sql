-- Users who are people and users who are programs, and who made each token.
--
-- Until now an owner or admin could mint an API token acting as any user, an admin one acting as
-- an owner among them, and everything done with it was logged under that user's name. A token
-- now acts only as the user who made it, or as a service user (a program's identity: no password,
-- no sign-in) that the owner making it created. created_by keeps who did each.
ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'));
ALTER TABLE users ADD COLUMN created_by uuid;
ALTER TABLE users ADD CONSTRAINT users_service_without_password CHECK (kind = 'person' OR password_hash IS NULL);
ALTER TABLE api_tokens ADD COLUMN created_by uuid;

-- Tokens made for someone else under the old rule act with rights their maker may not have had:
-- they stop working. Their makers are in the audit log (the user a token acts as is in "after").
UPDATE api_tokens t
SET revoked_at = now()
FROM audit_events a
WHERE a.org_id = t.org_id
  AND a.entity_id = t.id
  AND a.action = 'api_token.created'
  AND t.revoked_at IS NULL
  AND a.actor_id IS DISTINCT FROM t.user_id::text;

UPDATE api_tokens t
SET created_by = t.user_id
WHERE t.created_by IS NULL;
