import { parentPort } from 'node:worker_threads';
import { extractFile } from './extract.js';
import { loadTypeScript } from './load-ts.js';
import type { FileScan } from './model.js';
import type { PoolRequest, PoolResponse } from './pool.js';

/**
 * A worker thread of the TypeScript source (pool.ts's protocol): receives batches of (file, text),
 * answers with their FileScans. It loads the compiler once, when it starts, and keeps it for every
 * later batch and scan; it reads no files itself, so what it sees is exactly what the main thread would.
 */
export type ExtractItem = { file: string; text: string };

const port = parentPort;
if (port) {
  const tsReady = loadTypeScript();
  port.on('message', (req: PoolRequest<ExtractItem>) => {
    void tsReady
      .then((ts) => {
        const results = req.items.map(({ file, text }) => extractFile(ts, file, text));
        port.postMessage({ id: req.id, results } satisfies PoolResponse<FileScan>);
      })
      .catch((e: unknown) => port.postMessage({ id: req.id, error: (e as Error).message } satisfies PoolResponse<FileScan>));
  });
}
