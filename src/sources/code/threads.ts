import type { SourceContext } from '../../core/types.js';
import { threadsFor, workerScript, WorkerPool } from '../typescript/pool.js';
import type { ParsedFile } from './parse.js';
import type { CodeItem } from './worker.js';

/** Files per message to a worker (as the TypeScript source). */
const BATCH = 16;
/** Files to parse that pay for one more thread (its start: the tree-sitter runtime, the grammars, a cold JIT). */
const FILES_PER_THREAD = 250;
/** Batches still queued after reading for which this thread helps. */
const MAIN_THREAD_MIN_BATCHES = 8;

type Parsed = { index: number; parsed: ParsedFile };
type Pending = { index: number; item: CodeItem };

/**
 * The code source's files on worker threads (the TypeScript source's pool and scheme): the threads
 * start once more than `workerThreshold` files needed a parse (those are read in this thread); each batch goes to them as soon as
 * it is full; this thread helps with what is still queued when reading is done. A thread that fails
 * or exits is logged and its batches are read here: the scan's result is the same either way.
 */
export class ParseThreads {
  private readonly script: URL | undefined;
  private readonly auto: boolean;
  private readonly threshold: number;
  private pool: WorkerPool | undefined;
  private starting: Promise<void> | undefined;
  private failure: string | undefined;
  private readonly waiting: Pending[] = [];
  /** batches the threads could not read, for this thread */
  private readonly retry: Pending[] = [];
  private readonly batches: Array<Promise<void>> = [];
  private readonly done: Parsed[] = [];
  private sent = 0;
  private offered = 0;
  /** threads that read files of this scan */
  used = 0;

  constructor(
    private readonly ctx: SourceContext,
    opts: { workers?: number; workerThreshold?: number },
    private readonly local: (items: CodeItem[]) => Promise<ParsedFile[]>,
  ) {
    this.script = opts.workers === 0 ? undefined : workerScript(import.meta.url, './worker.js');
    this.auto = opts.workers === undefined;
    this.threshold = opts.workerThreshold ?? 200;
    if (!this.auto) this.start(opts.workers ?? 0);
  }

  /** Takes a file for the threads; false when none will run (the caller parses it now). */
  add(index: number, item: CodeItem, projectedFiles: number): boolean {
    if (!this.script || this.failure !== undefined) return false;
    // Until the threads are asked for, files are parsed as they are read (their texts not kept).
    if (this.auto && !this.starting && ++this.offered > this.threshold) this.start(threadsFor(projectedFiles, FILES_PER_THREAD));
    if (!this.starting) return false;
    this.waiting.push({ index, item });
    this.submit(false);
    return true;
  }

  /** Every file taken, read (by the threads, or here), in no particular order. */
  async finish(): Promise<Parsed[]> {
    await this.starting;
    this.submit(true);
    const pool = this.pool;
    if (pool && this.failure === undefined && pool.queued >= MAIN_THREAD_MIN_BATCHES) {
      for (let job = pool.takeQueued<CodeItem, ParsedFile>(); job; job = pool.takeQueued()) {
        try {
          job.done(await this.local(job.items));
        } catch (e) {
          job.fail(e as Error);
        }
        await new Promise<void>((resolve) => setImmediate(resolve)); // let the threads' answers in
      }
    }
    await Promise.all(this.batches);
    if (this.failure !== undefined) this.ctx.log(`code: worker threads failed (${this.failure}); ${this.retry.length + this.waiting.length} files read in this thread`);
    else if (pool && this.sent > 0) this.used = Math.min(pool.size, Math.ceil(this.sent / BATCH));
    // files no thread read: too few to start them, or threads that failed
    const rest = [...this.retry.splice(0), ...this.waiting.splice(0)];
    const parsed = await this.local(rest.map((r) => r.item));
    return [...this.done.splice(0), ...rest.map((r, i) => ({ index: r.index, parsed: parsed[i] }))];
  }

  private start(size: number): void {
    if (this.starting || !this.script || size <= 0) return;
    this.starting = WorkerPool.shared(this.script, size).then(
      (p) => {
        this.pool = p;
        this.submit(false);
      },
      (e: unknown) => {
        this.failure ??= `they could not start: ${(e as Error).message}`;
      },
    );
  }

  private submit(all: boolean): void {
    const pool = this.pool;
    if (!pool || this.failure !== undefined) return;
    while (this.waiting.length >= BATCH || (all && this.waiting.length > 0)) {
      const batch = this.waiting.splice(0, BATCH);
      this.sent += batch.length;
      this.batches.push(
        pool.submit<CodeItem, ParsedFile>(batch.map((b) => b.item)).then(
          (results) => results.forEach((parsed, i) => this.done.push({ index: batch[i].index, parsed })),
          (e: unknown) => {
            this.failure ??= (e as Error).message;
            this.retry.push(...batch);
          },
        ),
      );
    }
  }
}
