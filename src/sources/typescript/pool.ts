import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';

/**
 * A pool of worker threads that map batches of items to results, for any source whose work is a
 * pure function of its input (parsing, extraction). The protocol a worker script speaks:
 *
 *   in:  { id: number, items: I[] }          (postMessage from the pool)
 *   out: { id: number, results?: O[], error?: string }
 *
 * results[i] belongs to items[i]. A worker reads no files itself: what it sees is exactly what the
 * main thread would. `workerScript(import.meta.url, './worker.js')` finds a compiled script beside
 * the caller; `WorkerPool.shared(script, size)` gives the one pool of that script in this process:
 * started on first use, its threads load their libraries once and stay (unreferenced while idle,
 * so they never keep the process alive) for the next scan. `closeSharedPools()` ends them all.
 */
export interface PoolRequest<I> {
  id: number;
  items: I[];
}
export interface PoolResponse<O> {
  id: number;
  results?: O[];
  error?: string;
}

interface Job {
  id: number;
  items: unknown[];
  resolve: (results: unknown[]) => void;
  reject: (e: Error) => void;
}

/**
 * The compiled worker script `relative` to the module at `base` (its import.meta.url), or undefined
 * when it is not there (running from the TypeScript sources under a test runner): the caller then
 * works in its own thread.
 */
export function workerScript(base: string, relative: string): URL | undefined {
  try {
    const url = new URL(relative, base);
    return url.protocol === 'file:' && base.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Most threads a pool starts by default: each holds a compiler and its heap (~80 MB). */
export const MAX_THREADS = 4;

/** Threads worth starting for this many units of work (files), at most the cores there are (and MAX_THREADS). */
export function threadsFor(work: number, perThread: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, MAX_THREADS, Math.ceil(work / Math.max(1, perThread))));
}

const shared = new Map<string, WorkerPool>();

/**
 * Batches a thread holds at once: the one it works on and the next, so that it never waits for the
 * main thread to take its answer and send more (the main thread parses too, and answers between
 * two of its own batches).
 */
const IN_FLIGHT = 2;

export class WorkerPool {
  /** each thread's batches sent and not answered, oldest first */
  private readonly busy = new Map<Worker, Job[]>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.unref();
      w.on('message', (res: PoolResponse<unknown>) => this.answered(w, res));
      w.on('error', (e: Error) => this.failed(w, e));
      w.on('exit', (code: number) => this.failed(w, new Error(`worker exited with code ${code}`)));
      this.busy.set(w, []);
    }
  }

  /** A new pool of `size` threads running `script` (`stackSizeMb`: each thread's stack, default Node's 4 MB). */
  static async start(script: URL, size: number, stackSizeMb?: number): Promise<WorkerPool> {
    const { Worker } = await import('node:worker_threads');
    // A small young generation: a thread's garbage (one file's tree at a time) is collected sooner,
    // which keeps each thread's memory ~20 MB lower for a few per cent of its time.
    const resourceLimits = { maxYoungGenerationSizeMb: 8, ...(stackSizeMb ? { stackSizeMb } : {}) };
    return new WorkerPool(Array.from({ length: Math.max(1, size) }, () => new Worker(script, { resourceLimits })));
  }

  /** The pool of `script` in this process, grown to at least `size` threads (a failed pool is replaced). */
  static async shared(script: URL, size: number, stackSizeMb?: number): Promise<WorkerPool> {
    const key = script.href;
    const existing = shared.get(key);
    if (existing && !existing.failure && existing.size >= size) return existing;
    if (existing) await existing.close();
    const pool = await WorkerPool.start(script, size, stackSizeMb);
    shared.set(key, pool);
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one batch to the next free thread; resolves with its results in the items' order. */
  submit<I, O>(items: I[]): Promise<O[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, items, resolve: resolve as (r: unknown[]) => void, reject });
      this.dispatch();
    });
  }

  /** Batches waiting for a free thread. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Takes the last batch no thread has started, for the caller to work on in its own thread (an
   * otherwise idle main thread is one more core's worth): `done` settles that batch's promise.
   */
  takeQueued<I, O>(): { items: I[]; done(results: O[]): void; fail(e: Error): void } | undefined {
    const job = this.queue.pop();
    return job && { items: job.items as I[], done: (r) => job.resolve(r), fail: (e) => job.reject(e) };
  }

  async close(): Promise<void> {
    for (const [key, pool] of shared) if (pool === this) shared.delete(key);
    this.failure ??= new Error('the worker pool was closed');
    this.rejectAll(this.failure);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // the least busy thread with room (the first of them: the order is the pool's)
      let worker: Worker | undefined;
      for (const w of this.workers) if (this.busy.get(w)!.length < IN_FLIGHT && (!worker || this.busy.get(w)!.length < this.busy.get(worker)!.length)) worker = w;
      if (!worker) return;
      const job = this.queue.shift() as Job;
      this.busy.get(worker)!.push(job);
      worker.ref(); // an answer is awaited: the process must wait for it
      worker.postMessage({ id: job.id, items: job.items } satisfies PoolRequest<unknown>);
    }
  }

  private answered(worker: Worker, res: PoolResponse<unknown>): void {
    const jobs = this.busy.get(worker) ?? [];
    const at = jobs.findIndex((j) => j.id === res.id);
    if (at === -1) return;
    const [job] = jobs.splice(at, 1);
    if (jobs.length === 0) worker.unref();
    if (res.error !== undefined || !res.results) job.reject(new Error(res.error ?? 'worker returned nothing'));
    else job.resolve(res.results);
    this.dispatch();
  }

  private failed(worker: Worker, e: Error): void {
    this.failure ??= e;
    this.rejectAll(this.failure);
    worker.unref();
  }

  private rejectAll(e: Error): void {
    for (const jobs of this.busy.values()) for (const job of jobs.splice(0)) job.reject(e);
    for (const job of this.queue.splice(0)) job.reject(e);
  }
}

type Done<O> = { index: number; parsed: O };
type Pending<I> = { index: number; item: I };

export interface ParseThreadsOptions {
  /** threads to use: 0 reads everything in the caller's thread; undefined decides by the work */
  workers?: number;
  /** files to parse above which threads pay for their start-up */
  workerThreshold?: number;
}

/**
 * A source's files on worker threads of the shared pool of `script`: the threads start once more
 * than `workerThreshold` files needed a parse (those are read in the caller's thread, by `local`);
 * each batch goes to them as soon as it is full; the caller's thread helps with what is still
 * queued when reading is done. A thread that fails or exits is logged and its batches are read by
 * `local`: the scan's result is the same either way.
 */
export class ParseThreads<I, O> {
  private readonly auto: boolean;
  private readonly threshold: number;
  private pool: WorkerPool | undefined;
  private starting: Promise<void> | undefined;
  private failure: string | undefined;
  private readonly waiting: Array<Pending<I>> = [];
  /** batches the threads could not read, for this thread */
  private readonly retry: Array<Pending<I>> = [];
  private readonly batches: Array<Promise<void>> = [];
  private readonly done: Array<Done<O>> = [];
  private sent = 0;
  private offered = 0;
  /** threads that read files of this scan */
  used = 0;

  constructor(
    private readonly tuning: {
      /** the compiled worker script (undefined: none, everything is read by `local`) */
      script: URL | undefined;
      /** what the log lines start with ("code") */
      label: string;
      log: (message: string) => void;
      /** files per message to a thread */
      batch: number;
      /** files to parse that pay for one more thread */
      filesPerThread: number;
      /** batches still queued after reading for which the caller's thread helps */
      mainThreadMinBatches: number;
      /** threads at most, below the cores there are (default: as many as the cores) */
      maxThreads?: number;
      /** each thread's stack (default Node's 4 MB for a worker) */
      stackSizeMb?: number;
    },
    opts: ParseThreadsOptions,
    private readonly local: (items: I[]) => Promise<O[]>,
  ) {
    if (opts.workers === 0) this.tuning = { ...tuning, script: undefined };
    this.auto = opts.workers === undefined;
    this.threshold = opts.workerThreshold ?? 200;
    if (!this.auto) this.start(opts.workers ?? 0);
  }

  /** Takes a file for the threads; false when none will run (the caller parses it now). */
  add(index: number, item: I, projectedFiles: number): boolean {
    if (!this.tuning.script || this.failure !== undefined) return false;
    // Until the threads are asked for, files are parsed as they are read (their texts not kept).
    if (this.auto && !this.starting && ++this.offered > this.threshold) {
      this.start(Math.min(this.tuning.maxThreads ?? MAX_THREADS, threadsFor(projectedFiles, this.tuning.filesPerThread)));
    }
    if (!this.starting) return false;
    this.waiting.push({ index, item });
    this.submit(false);
    return true;
  }

  /** Every file taken, read (by the threads, or here), in no particular order. */
  async finish(): Promise<Array<Done<O>>> {
    await this.starting;
    this.submit(true);
    const pool = this.pool;
    if (pool && this.failure === undefined && pool.queued >= this.tuning.mainThreadMinBatches) {
      for (let job = pool.takeQueued<I, O>(); job; job = pool.takeQueued()) {
        try {
          job.done(await this.local(job.items));
        } catch (e) {
          job.fail(e as Error);
        }
        await new Promise<void>((resolve) => setImmediate(resolve)); // let the threads' answers in
      }
    }
    await Promise.all(this.batches);
    if (this.failure !== undefined) this.tuning.log(`${this.tuning.label}: worker threads failed (${this.failure}); ${this.retry.length + this.waiting.length} files read in this thread`);
    else if (pool && this.sent > 0) this.used = Math.min(pool.size, Math.ceil(this.sent / this.tuning.batch));
    // files no thread read: too few to start them, or threads that failed
    const rest = [...this.retry.splice(0), ...this.waiting.splice(0)];
    const parsed = await this.local(rest.map((r) => r.item));
    return [...this.done.splice(0), ...rest.map((r, i) => ({ index: r.index, parsed: parsed[i] }))];
  }

  private start(size: number): void {
    if (this.starting || !this.tuning.script || size <= 0) return;
    this.starting = WorkerPool.shared(this.tuning.script, size, this.tuning.stackSizeMb).then(
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
    const size = this.tuning.batch;
    while (this.waiting.length >= size || (all && this.waiting.length > 0)) {
      const batch = this.waiting.splice(0, size);
      this.sent += batch.length;
      this.batches.push(
        pool.submit<I, O>(batch.map((b) => b.item)).then(
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

/** Ends every shared pool of this process (tests, embedders that want their threads back). */
export async function closeSharedPools(): Promise<void> {
  await Promise.all([...shared.values()].map((p) => p.close()));
}
