import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { getTask } from '../worklist/manage-tasks.service.js';
import { findStoredFile } from '../platform/files/stored-files.sql.js';

export interface TaskLetter {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/**
 * The dunning letter a run wrote for a letter task, to print and post: reached through the task,
 * which is how a collector meets it. Codes: task_not_found, letter_not_found (a task without one).
 */
export async function getTaskLetter(
  database: Database,
  actor: Actor,
  taskId: string,
): Promise<TaskLetter> {
  const task = await getTask(database, actor, taskId);
  const letter =
    task.documentId === null
      ? undefined
      : await findStoredFile(database.db, actor.orgId, task.documentId, 'letter');
  if (!letter) throw AppError.notFound('letter', 'id');
  return letter;
}
