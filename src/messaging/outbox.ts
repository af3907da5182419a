/**
 * The states of an outbox message: pending (to send), sending, sent, failed (refused, or out of
 * attempts), held (no SMTP settings or no recipient: kept, not sent), uncertain (a sender stopped
 * mid-way: not re-sent by itself).
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'uncertain';
export const outboxStatuses: readonly OutboxStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'held',
  'uncertain',
];
