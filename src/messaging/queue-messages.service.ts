// How the collections run hands messages to messaging, inside its own transaction: it renders
// each reminder with the organization's templates and queues it in the outbox, from where
// deliver-outbox.service.ts sends it.
export {
  copyOutboxMessages as queueMessages,
  listTemplateRows as storedTemplates,
  type NewOutboxMessage,
  type OutboxAttachment,
} from './outbox.sql.js';
