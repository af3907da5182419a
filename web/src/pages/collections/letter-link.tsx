import { apiUrl } from '../../api/client';

/** The dunning letter a run wrote for a letter task, to print and post. */
export function LetterLink({ taskId, customerName }: { taskId: string; customerName: string }) {
  return (
    <a href={apiUrl(`/tasks/${taskId}/letter.pdf`)} download>
      Letter to {customerName} (PDF)
    </a>
  );
}
