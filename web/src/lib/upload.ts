// Uploads a file to POST /api/v1/imports with XMLHttpRequest, which (unlike fetch) reports upload progress: a long
// file shows how far it has gone.
import type { ImportReport } from '../../../src/import/import.types.js';
import { ApiError, authHeader, clearApiCache } from './api.js';

export type { ImportReport };

export interface UploadOptions {
  file: File;
  dryRun: boolean;
  acceptPartial?: boolean;
  millesime?: string;
  source?: string;
  /** The file to import in a ZIP archive of several. */
  entry?: string;
  /** The worksheet to import in a workbook. */
  sheet?: string;
  onProgress?: (sent: number, total: number) => void;
  /** Called when the upload is over and the server analyses the file. */
  onUploaded?: () => void;
}

export const uploadImport = (o: UploadOptions): Promise<ImportReport> =>
  new Promise((resolve, reject) => {
    const q = new URLSearchParams();
    if (o.dryRun) q.set('dry_run', 'true');
    if (o.acceptPartial) q.set('accept_partial', 'true');
    if (o.millesime) q.set('millesime', o.millesime);
    if (o.source) q.set('source', o.source);
    if (o.entry) q.set('entry', o.entry);
    if (o.sheet) q.set('sheet', o.sheet);
    const form = new FormData();
    form.append('file', o.file, o.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports?${q}`);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && o.onProgress?.(e.loaded, e.total);
    xhr.upload.onload = () => o.onUploaded?.();
    xhr.onerror = () => reject(new ApiError('le serveur Socle ne répond pas : vérifiez qu’il est lancé et que le réseau est disponible', 'RESEAU', 0));
    xhr.onload = () => {
      let body: { error?: { code: string; message: string; details?: unknown } } & Partial<ImportReport> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        reject(new ApiError(`le serveur a répondu ${xhr.status} sans JSON`, 'ERREUR_HTTP', xhr.status));
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (!o.dryRun) clearApiCache();
        resolve(body as ImportReport);
      } else if (body.error) reject(new ApiError(body.error.message, body.error.code, xhr.status, body.error.details));
      else reject(new ApiError(`le serveur a répondu ${xhr.status}`, 'ERREUR_HTTP', xhr.status));
    };
    xhr.send(form);
  });
