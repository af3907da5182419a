import { uploadFile, type SendOptions } from '../../../api/client';
import type { DisputeDocument, DisputeEvidence } from '../../../api/types';

/** The file's bytes in base64, which is how the API takes a dispute's evidence. */
export function fileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    // A data: URL is "data:<type>;base64,<bytes>": the bytes are what follows the first comma.
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/**
 * Adds one document of evidence to a dispute. The JSON body goes through uploadFile rather than
 * postJson so that the dialog can show how much of a large scan has been sent.
 */
export async function uploadEvidence(
  disputeId: string,
  file: File,
  options: SendOptions & { readonly onProgress?: (sent: number, total: number) => void },
): Promise<DisputeDocument> {
  const body: DisputeEvidence = {
    file_name: file.name,
    content_type: file.type || 'application/octet-stream',
    content_base64: await fileAsBase64(file),
  };
  return uploadFile<DisputeDocument>(
    `/disputes/${disputeId}/documents`,
    new Blob([JSON.stringify(body)], { type: 'application/json' }),
    { ...options, contentType: 'application/json' },
  );
}
