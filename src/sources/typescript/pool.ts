import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
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
    return url.protocol === 'file:' && import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Worker threads that extract files. Started as soon as it is clear they will pay (each loads the
 * compiler while the main thread goes on reading files); results come back in the order of the
 * files given, whatever order the workers finish in, so the output equals a single-threaded run.
 */
export class ExtractPool {
  private readonly workers: Worker[];

  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  static async start(script: URL, count: number): Promise<ExtractPool> {
    const { Worker } = await import('node:worker_threads');
    return new ExtractPool(Array.from({ length: Math.max(1, count) }, () => new Worker(script)));
  }

  get size(): number {
    return this.workers.length;
  }

  async extract(files: Array<{ file: string; text: string }>): Promise<FileScan[]> {
    const batches: Array<Array<{ file: string; text: string }>> = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
    const results: FileScan[][] = new Array(batches.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= batches.length) return finish(resolve);
              const batch = next++;
              worker.postMessage({ batch, files: batches[batch] } satisfies WorkerRequest);
            };
            const onMessage = (res: WorkerResponse) => {
              if (res.error !== undefined || !res.scans) return finish(() => reject(new Error(res.error ?? 'worker returned nothing')));
              results[res.batch] = res.scans;
              done += 1;
              send();
            };
            const onError = (e: Error) => finish(() => reject(e));
            const onExit = (code: number) => finish(() => reject(new Error(`worker exited with code ${code}`)));
            const finish = (then: () => void) => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('exit', onExit);
              then();
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.on('exit', onExit);
            send();
          }),
      ),
    );
    if (done < batches.length) throw new Error('workers stopped before the last batch');
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
