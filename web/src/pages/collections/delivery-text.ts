import type { OutboxMessage } from '../../api/types';

/** What became of a message, in words: sent, or why it waits in the outbox. */
export function deliveryText(message: Pick<OutboxMessage, 'status' | 'status_reason'>): string {
  if (message.status === 'sent') return 'sent';
  if (message.status === 'held' && message.status_reason === 'no_smtp_settings')
    return 'held in the outbox until mail settings exist';
  if (message.status === 'held' && message.status_reason === 'no_recipient')
    return 'held in the outbox: the customer has no contact who receives reminders';
  if (message.status === 'pending' && message.status_reason === 'retrying')
    return 'waiting to be tried again';
  if (message.status === 'pending') return 'waiting in the outbox to be sent';
  return `${message.status} (${message.status_reason ?? 'see the outbox'})`;
}
