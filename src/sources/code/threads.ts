import type { SourceContext } from '../../core/types.js';
import { ParseThreads as Threads, workerScript, type ParseThreadsOptions } from '../typescript/pool.js';
import type { ParsedFile } from './parse.js';
import type { CodeItem } from './code-worker.js';

/**
 * The code source's files on worker threads (the TypeScript source's pool and scheme): 16 files
 * per message; a thread pays for itself from 250 files (its start: the tree-sitter runtime, the
 * grammars, a cold JIT); this thread helps when 8 batches are still queued after reading.
 */
export class ParseThreads extends Threads<CodeItem, ParsedFile> {
  constructor(ctx: SourceContext, opts: ParseThreadsOptions, local: (items: CodeItem[]) => Promise<ParsedFile[]>) {
    const script = workerScript(import.meta.url, './code-worker.js');
    super({ script, label: 'code', log: ctx.log, batch: 16, filesPerThread: 250, mainThreadMinBatches: 8 }, opts, local);
  }
}
