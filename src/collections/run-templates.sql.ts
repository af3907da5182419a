import type { Db } from '../platform/db/database.js';
import type { MessageTemplate } from './message-template.js';

/** The organization's own versions of the message templates, by key; the rest are built in. */
export async function organizationTemplates(db: Db, orgId: string): Promise<Map<string, MessageTemplate>> {
  const rows = await db.selectFrom('message_templates').select(['key', 'subject', 'body_text', 'body_html']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((row) => [row.key, { key: row.key, subject: row.subject, bodyText: row.body_text, bodyHtml: row.body_html }]));
}
