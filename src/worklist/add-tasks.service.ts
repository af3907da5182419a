import type { Tx } from '../platform/db/database.js';
import type { NewTask } from './task.js';
import { insertTasks } from './task.sql.js';

export type { NewTask } from './task.js';

/**
 * Adds tasks inside the caller's transaction, so that they commit or roll back with what made
 * them (a slice of a collections run, its steps and letters). The caller names customers it read
 * in that transaction and gives each task its id.
 */
export async function addTasks(tx: Tx, orgId: string, tasks: readonly NewTask[]): Promise<void> {
  await insertTasks(tx, orgId, tasks);
}
