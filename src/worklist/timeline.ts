/** The types of event a customer's timeline shows (get-timeline.service.ts), in the API's order. */
export const timelineTypes = [
  'message',
  'step',
  'task_created',
  'task_completed',
  'note',
  'promise',
  'dispute',
  'payment_plan',
  'placement',
  'invoice_issued',
  'payment_received',
] as const;
export type TimelineType = (typeof timelineTypes)[number];
