import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileScan } from './model.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

/** Files per message: large enough to amortise the message cost, small enough to balance the workers. */
const BATCH = 16;

/**
 * The compiled worker beside this module, or undefined when it is not there (running from the
 * TypeScript sources under a test runner): the caller then reads the files in its own thread.
 */
export function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) && import.meta.url.endsWith('.js') ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Extracts the files on `count` worker threads. Results come back in the order of `files`, whatever
 * order the workers finish in, so the output equals a single-threaded run.
 */
export async function extractInWorkers(script: URL, files: Array<{ file: string; text: string }>, count: number): Promise<FileScan[]> {
  const { Worker } = await import('node:worker_threads');
  const batches: Array<Array<{ file: string; text: string }>> = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const results: FileScan[][] = new Array(batches.length);
  const workers = Array.from({ length: Math.max(1, Math.min(count, batches.length)) }, () => new Worker(script));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= batches.length) return resolve();
              const batch = next++;
              worker.postMessage({ batch, files: batches[batch] } satisfies WorkerRequest);
            };
            worker.on('message', (res: WorkerResponse) => {
              if (res.error !== undefined || !res.scans) return reject(new Error(res.error ?? 'worker returned nothing'));
              results[res.batch] = res.scans;
              done += 1;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (done < batches.length) reject(new Error(`worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
