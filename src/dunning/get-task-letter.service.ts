import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../platform/db/database.js';
import { findStoredFile } from '../platform/files/stored-files.sql.js';
import { getTask } from '../worklist/manage-tasks.service.js';

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
  if (!letter)
    throw new AppError(
      'not_found',
      'letter_not_found',
      `Task ${taskId} has no dunning letter: only a letter task that a collections run made has one.`,
      'id',
    );
  return letter;
}
