import { parentPort } from 'node:worker_threads';
import { parseHcl, type HclItem, type HclResult } from './hcl.js';
import type { PoolRequest, PoolResponse } from '../typescript/pool.js';

/**
 * A worker thread of the Terraform source (the TypeScript source's pool.ts protocol): receives
 * batches of (file, text), answers with hcl2json's JSON or message for each. hcl2json's WebAssembly
 * loads once per thread and stays for later batches and scans; the thread reads no files.
 */
const port = parentPort;
if (port) {
  port.on('message', (req: PoolRequest<HclItem>) => {
    parseHcl(req.items).then(
      (results) => port.postMessage({ id: req.id, results } satisfies PoolResponse<HclResult>),
      (e: unknown) => port.postMessage({ id: req.id, error: (e as Error).message } satisfies PoolResponse<HclResult>),
    );
  });
}
