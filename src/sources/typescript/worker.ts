import { parentPort } from 'node:worker_threads';
import { extractFile } from './extract.js';
import { loadTypeScript } from './load-ts.js';
import type { FileScan } from './model.js';

/**
 * A worker thread of the TypeScript source: receives batches of (file, text), answers with their
 * FileScans. It reads no files itself, so what it sees is exactly what the main thread would.
 */
export interface WorkerRequest {
  batch: number;
  files: Array<{ file: string; text: string }>;
}
export interface WorkerResponse {
  batch: number;
  scans?: FileScan[];
  error?: string;
}

const port = parentPort;
if (port) {
  const tsReady = loadTypeScript();
  port.on('message', (req: WorkerRequest) => {
    void tsReady
      .then((ts) => {
        const scans = req.files.map(({ file, text }) => extractFile(ts, file, text));
        port.postMessage({ batch: req.batch, scans } satisfies WorkerResponse);
      })
      .catch((e: unknown) => port.postMessage({ batch: req.batch, error: (e as Error).message } satisfies WorkerResponse));
  });
}
