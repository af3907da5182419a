/**
 * A counter bumped after every action that changed something on the server. Every GET the pages
 * show (use-api-get.ts) listens to it and fetches again, so that after recording a payment the
 * balance, the open invoices and the timeline on screen are the new ones, without each action
 * having to know which parts of the page read what it changed.
 */
let version = 0;
const listeners = new Set<() => void>();

export function dataChanged(): void {
  version += 1;
  listeners.forEach((listener) => listener());
}

export function subscribeDataChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const dataVersion = (): number => version;
