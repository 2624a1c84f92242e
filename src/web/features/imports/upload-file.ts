import type { FileDto } from '../../../shared/files.ts';
import type { Problem } from '../../../shared/problem.ts';
import { ApiError, qs } from '../../lib/api.ts';

/** The formats the import reads, by extension (the server checks the content as well). */
export const acceptedExtensions = ['.csv', '.tsv', '.txt', '.xlsx', '.vcf', '.jsonl'] as const;

export const hasAcceptedExtension = (name: string) =>
  acceptedExtensions.some((ext) => name.toLowerCase().endsWith(ext));

type Options = {
  csrfToken: string | null;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
};

/**
 * Sends the raw file to `POST /files` with XMLHttpRequest rather than the API client's fetch: only XHR
 * reports upload progress, which matters for files of hundreds of megabytes. Failures become the same
 * ApiError (problem+json) the rest of the app handles.
 */
export function uploadFile(file: File, { csrfToken, onProgress, signal }: Options): Promise<FileDto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/files${qs({ name: file.name })}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data as FileDto);
      } else reject(new ApiError(xhr.status, data as Problem | null, `${xhr.status} ${xhr.statusText}`));
    };
    // A connection dropped mid-upload (also what some proxies do on a too-large body) has status 0.
    xhr.onerror = () => reject(new ApiError(0, null, 'network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
