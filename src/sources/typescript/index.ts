import type { Diagnostic, Source, SourceContext, SourceResult, Store } from '../../core/types.js';
import { evaluateRetention, evaluateTarget, evaluateText, NeedModule, NeedResolution, type ModuleLookup, type Resolution } from './evaluate.js';
import { extractFile, holdsPolicyContent, needsParse } from './extract.js';
import { loadTypeScript, type TypeScriptApi } from './load-ts.js';
import type { FileScan, ModuleTable } from './model.js';
import { threadsFor, workerScript, WorkerPool } from './pool.js';
import { ImportResolver } from './resolve.js';
import { fillPlaceholders } from './sql-text.js';
import { sortResult } from '../../core/compare.js';
import { isCodeMigration } from '../migrations/index.js';
import { splitLines } from '../../core/text.js';

/**
 * The TypeScript/JavaScript source: JSDoc annotations on declarations, `@retention` constants
 * evaluated statically, `@implements` promises, ORM entities and SQL held in literals.
 * Syntax only (ts.createSourceFile): no program, no type checker, no code executed.
 */
export const typescriptSource: Source = {
  kind: 'typescript',
  async scan(ctx) {
    return (await scanTypeScript(ctx)).result;
  },
};

export type SqlScanner = (text: string, file: string, startLine: number, startColumn: number) => Promise<SourceResult>;

export interface TypeScriptScanOptions {
  /**
   * Worker threads for parsing. Default: when more than `workerThreshold` files need a parse and the
   * compiled worker exists (the built CLI), one per FILES_PER_THREAD files to parse, at most
   * os.availableParallelism(); 0 reads everything in this thread.
   */
  workers?: number;
  /** files to parse above which workers pay for their start-up (default 200) */
  workerThreshold?: number;
  /** parse only files that hold a tag or SQL-looking text (default true); false parses every file */
  prefilter?: boolean;
  /** the SQL adapter for SQL in literals (default: the SQL source's scanSqlText, told what the repository's configuration says of the dialect) */
  sqlScanner?: SqlScanner;
}

export interface TypeScriptScanStats {
  /** TypeScript/JavaScript files among the candidates */
  files: number;
  /** files given to the parser */
  parsed: number;
  /** files left out with a reason (bundles, minified, binary) or as build output (dist/) */
  skipped: number;
  /** worker threads used (0: in this thread) */
  workers: number;
  /** SQL literals handed to the SQL adapter */
  sqlLiterals: number;
}

const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$|\.d\.[^/]*\.ts$/;
const BUILD_OUTPUT = /(?:^|\/)dist\//;
/** Hand-written source files stay well below this; anything larger is a bundle or generated. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
const READ_CONCURRENCY = 32;
/** Files per message to a worker: large enough to amortise the message, small enough to balance the threads. */
const BATCH = 16;
/** Batches still queued after reading for which this thread loads the compiler and helps. */
const MAIN_THREAD_MIN_BATCHES = 8;
/** Files to parse that pay for one more worker thread (its start: loading the compiler, a cold JIT). */
const FILES_PER_THREAD = 250;

/** Control characters other than tab, line breaks and escape, and U+FFFD (bytes that were not UTF-8). */
// eslint-disable-next-line no-control-regex
const ODD_CHARACTER = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/g;

/** Is this repository file a TypeScript/JavaScript source the scan reads? (.d.ts and dist/ are not.) */
export function isScriptFile(file: string): boolean {
  return SOURCE_FILE.test(file) && !DECLARATION_FILE.test(file) && !BUILD_OUTPUT.test(file);
}

/** Why a file is not parsed: too big, binary, or a bundle's long lines; and the message saying so. */
export interface SkipReason {
  kind: 'size' | 'binary' | 'minified';
  message: string;
}

/**
 * Why a file's text is not source code worth parsing, or undefined when it is. `minified` asks whether
 * long lines make it a bundle, a JavaScript notion: a Django migration or a Go file with one long
 * generated line (a list of choices, an embedded asset) is still a hand-kept source file.
 */
export function skipReason(file: string, text: string, minified = true): SkipReason | undefined {
  if (text.length > MAX_SOURCE_BYTES) {
    return { kind: 'size', message: `${(text.length / 1024 / 1024).toFixed(1)} MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read` };
  }
  const sample = text.slice(0, 65536);
  // (a native search first: source code has no such character, and a loop over every character of
  // every file was a tenth of the whole scan of a large repository)
  ODD_CHARACTER.lastIndex = 0;
  if (ODD_CHARACTER.test(sample)) {
    let odd = 0;
    let replaced = 0;
    for (let i = 0; i < sample.length; i++) {
      const c = sample.charCodeAt(i);
      if (c < 9 || (c > 13 && c < 32 && c !== 27)) odd++;
      else if (c === 0xfffd) replaced++;
    }
    // A stray Latin-1 byte in a comment (read as U+FFFD, reported by the text layer) is not binary.
    if (odd / sample.length > 0.01 || (replaced > 16 && replaced / sample.length > 0.01)) return { kind: 'binary', message: 'binary content (control bytes or invalid UTF-8), not source code; not read' };
  }
  if (!minified) return undefined;
  if (/\.min\.[cm]?js$/.test(file)) return { kind: 'minified', message: 'a minified file (.min.js); not read' };
  // (code lines average at most the text's length per line: a file below 500 characters per line,
  // as nearly every file is, is not split into lines for it)
  if (text.length > 16384 && text.length > 500 * lineCount(text)) {
    // characters of code per line: one long comment line (a licence, prose) does not make a file minified
    const lines = splitLines(text);
    let chars = 0;
    for (const line of lines) if (!/^\s*(?:\/\/|\/\*|\*)/.test(line.slice(0, 64))) chars += line.length + 1;
    const average = Math.max(0, chars - 1) / lines.length;
    if (average > 500) return { kind: 'minified', message: `minified code (lines average ${Math.round(average)} characters); not read` };
  }
  return undefined;
}

/** How many lines `splitLines` makes of a text (line breaks LF, CRLF or CR), without making them. */
function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  if (text.includes('\r')) for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
  return n;
}

export async function scanTypeScript(ctx: SourceContext, opts: TypeScriptScanOptions = {}): Promise<{ result: SourceResult; stats: TypeScriptScanStats }> {
  const all = ctx.files.filter((f) => SOURCE_FILE.test(f) && !DECLARATION_FILE.test(f));
  const files = all.filter((f) => !BUILD_OUTPUT.test(f));
  const stats: TypeScriptScanStats = { files: files.length, parsed: 0, skipped: all.length - files.length, workers: 0, sqlLiterals: 0 };
  const diagnostics: Diagnostic[] = [];
  const prefilter = opts.prefilter ?? true;

  // Worker threads start as soon as enough files need a parse; from then on each batch of files goes
  // to them as soon as it is read, so parsing overlaps reading. A pool started by an earlier scan in
  // this process is warm (its threads loaded the compiler once) and is used again.
  const script = workerScript(import.meta.url, './worker.js');
  const threshold = opts.workerThreshold ?? 200;
  const auto = opts.workers === undefined;
  let pool: WorkerPool | undefined;
  let poolFailed = false;
  let starting: Promise<void> | undefined;
  const startPool = (size: number) => {
    if (starting || !script || size <= 0) return;
    starting = WorkerPool.shared(script, size).then(
      (p) => {
        pool = p;
        submit(false);
      },
      (e: unknown) => {
        poolFailed = true;
        ctx.log(`typescript: worker threads could not start (${(e as Error).message}); reading in one thread`);
      },
    );
  };
  if (!auto) startPool(opts.workers ?? 0);

  // Read (a bounded number at a time) and keep only what needs a parse. With no worker threads
  // possible, each file is parsed as soon as it is read, so its text is not kept.
  const streaming = !script || opts.workers === 0;
  let tsApi: TypeScriptApi | undefined;
  const scanned: Array<{ index: number; scan: FileScan }> = [];
  const toParse: Array<{ index: number; file: string; text: string }> = [];
  const batches: Array<Promise<void>> = [];
  let submitted = 0;
  const submit = (all: boolean) => {
    if (!pool) return;
    while (toParse.length - submitted >= BATCH || (all && submitted < toParse.length)) {
      const batch = toParse.slice(submitted, submitted + BATCH);
      submitted += batch.length;
      batches.push(pool.submit<{ file: string; text: string }, FileScan>(batch.map(({ file, text }) => ({ file, text }))).then(
        (results) => {
          results.forEach((scan, i) => scanned.push({ index: batch[i].index, scan }));
        },
        () => {
          poolFailed = true;
        },
      ));
    }
  };
  let cursor = 0;
  let sinceYield = 0;
  const readNext = async (): Promise<void> => {
    while (cursor < files.length) {
      // Reads may complete synchronously; the threads' start and answers (and so the next batches)
      // need the event loop now and then.
      if (starting && ++sinceYield >= BATCH) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (cursor >= files.length) break;
      }
      const index = cursor++;
      const file = files[index];
      const text = await ctx.read(file);
      if (typeof text !== 'string') {
        diagnostics.push(text);
        stats.skipped++;
        continue;
      }
      // a migration in code is history, replayed by the SQL source with the .sql files (sources/migrations)
      if (isCodeMigration(file, text)) continue;
      const reason = skipReason(file, text);
      if (reason) {
        stats.skipped++;
        // A bundle or generated file with no policy tag or ORM table in it loses nothing by not being
        // parsed: a warning for each vendored jquery.min.js or GraphQL codegen file would be noise.
        if (reason.kind === 'binary' || holdsPolicyContent(text, reason.kind !== 'minified')) diagnostics.push({ code: 'skipped-file', message: reason.message, location: { file, line: 1, column: 1 } });
        else ctx.log(`typescript: ${file} not read (${reason.message}); it holds no policy tag or ORM table`);
        continue;
      }
      if (!prefilter || needsParse(text)) {
        stats.parsed++;
        if (streaming) {
          tsApi ??= await loadTypeScript();
          scanned.push({ index, scan: extractFile(tsApi, file, text) });
          continue;
        }
        toParse.push({ index, file, text });
        // Threads for the work this scan will have, projected from the share of files read so far.
        if (auto && stats.parsed > threshold) startPool(threadsFor((stats.parsed / cursor) * files.length, FILES_PER_THREAD));
        submit(false);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, Math.max(1, files.length)) }, readNext));
  await starting;
  submit(true);
  // This thread is idle until the threads finish: it takes batches from the end of their queue too,
  // when enough are left to pay for loading the compiler here.
  if (pool && pool.queued >= MAIN_THREAD_MIN_BATCHES) {
    const ts = await loadTypeScript();
    for (let job = pool.takeQueued<{ file: string; text: string }, FileScan>(); job; job = pool.takeQueued()) {
      try {
        job.done(job.items.map(({ file, text }) => extractFile(ts, file, text)));
      } catch (e) {
        job.fail(e as Error);
      }
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the threads' answers in
    }
  }
  await Promise.all(batches);
  if (pool && !poolFailed && toParse.length > 0) stats.workers = Math.min(pool.size, Math.ceil(toParse.length / BATCH));
  else if (poolFailed) ctx.log('typescript: worker threads failed; reading in one thread');
  if (!streaming && (poolFailed || !pool)) {
    // No threads (too few files to pay for them) or threads that failed: this thread reads them all.
    scanned.length = 0;
    const ts = toParse.length > 0 ? await loadTypeScript() : undefined;
    if (ts) for (const { index, file, text } of toParse) scanned.push({ index, scan: extractFile(ts, file, text) });
  }
  toParse.length = 0;
  const scans = scanned.sort((a, b) => a.index - b.index).map((s) => s.scan);

  const resolver = new ConstantResolver(scans, ctx);
  await resolveRetention(scans, resolver);
  await resolveTableNames(scans, resolver, ctx);
  await resolveImplementsTargets(scans, resolver);
  const sql = await scanSqlLiterals(ctx, scans, resolver, opts.sqlScanner, stats);

  const tsStores = scans.flatMap((s) => s.stores);
  lendEntityCategories(tsStores, sql.stores);
  const result: SourceResult = {
    stores: [...tsStores, ...sql.stores],
    implementations: scans.flatMap((s) => s.implementations),
    suppressions: [...scans.flatMap((s) => s.suppressions), ...sql.suppressions],
    diagnostics: [...diagnostics, ...scans.flatMap((s) => s.diagnostics), ...sql.diagnostics],
    references: [...scans.flatMap((s) => s.references), ...sql.references],
  };
  sortResult(result);
  ctx.log(`typescript: ${stats.files} files, ${stats.parsed} parsed${stats.workers ? ` on ${stats.workers} worker threads` : ''}, ${stats.skipped} skipped, ${stats.sqlLiterals} SQL literals`);
  return { result, stats };
}

/** Most files a constant's imports may pull in (each read and parsed once). */
const MAX_IMPORTED_MODULES = 2000;

/**
 * Evaluates constants across files: the module tables of the files already parsed, and of the
 * files their imports lead to, read and parsed on demand (evaluation throws NeedModule; retry).
 */
class ConstantResolver {
  private readonly tables: Map<string, ModuleTable | null>;
  private readonly fileSet: Set<string>;
  /** bare and aliased imports (`from\0specifier`), resolved through the repository's tsconfigs and workspaces */
  private readonly resolutions = new Map<string, Resolution>();
  private imports: ImportResolver | undefined;
  private loaded = 0;
  readonly lookup: ModuleLookup;

  constructor(scans: FileScan[], private readonly ctx: SourceContext) {
    this.tables = new Map(scans.filter((s) => s.moduleRead).map((s) => [s.file, s.module]));
    this.fileSet = new Set(ctx.files);
    this.lookup = {
      table: (f) => this.tables.get(f),
      has: (f) => this.fileSet.has(f),
      resolve: (from, specifier) => this.resolutions.get(`${from}\0${specifier}`),
    };
  }

  async run<T>(evaluate: () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return evaluate();
      } catch (e) {
        if (e instanceof NeedResolution) {
          const key = `${e.from}\0${e.specifier}`;
          if (this.resolutions.has(key) || attempt > MAX_IMPORTED_MODULES) this.resolutions.set(key, { why: 'not resolved (too many imports to follow)' });
          else this.resolutions.set(key, await (this.imports ??= new ImportResolver(this.ctx)).resolve(e.from, e.specifier));
          continue;
        }
        if (!(e instanceof NeedModule)) throw e;
        if (this.tables.has(e.file) || attempt > MAX_IMPORTED_MODULES) this.tables.set(e.file, null);
        else await this.load(e.file);
      }
    }
  }

  private async load(file: string): Promise<void> {
    this.loaded++;
    if (this.loaded > MAX_IMPORTED_MODULES || !isScriptFile(file)) {
      this.tables.set(file, null);
      return;
    }
    const text = await this.ctx.read(file);
    if (typeof text !== 'string' || skipReason(file, text)) {
      this.tables.set(file, null);
      return;
    }
    this.tables.set(file, extractFile(await loadTypeScript(), file, text, { module: 'always' }).module);
  }
}

async function resolveRetention(scans: FileScan[], resolver: ConstantResolver): Promise<void> {
  for (const scan of scans) {
    if (scan.retention.length === 0) continue;
    const stores = new Map<string, Store>(scan.stores.map((s) => [s.id, s]));
    for (const p of scan.retention) {
      const evidence = await resolver.run(() => evaluateRetention(p, scan.file, resolver.lookup));
      stores.get(p.storeId)?.retention.push(evidence);
    }
  }
}

/**
 * `@implements` on a reference (`handler: deleteHistory`, `export { deleteHistory as handler } from
 * '@app/history'`): the implementation names the function it leads to, through imports, aliases and
 * barrels. One that cannot be followed still counts where the tag is, and says why it was not followed.
 */
async function resolveImplementsTargets(scans: FileScan[], resolver: ConstantResolver): Promise<void> {
  for (const scan of scans) {
    for (const t of scan.implementsTargets ?? []) {
      const impl = scan.implementations[t.index];
      const found = await resolver.run(() => evaluateTarget(t, scan.file, resolver.lookup));
      if (!impl || !found) continue;
      if ('why' in found) {
        scan.diagnostics.push({
          code: 'unresolved', location: impl.location,
          message: `@implements ${impl.category}.${impl.promise} names "${t.name}", which cannot be followed to a function: ${found.why}; the promise counts as implemented at the tag`,
        });
        continue;
      }
      impl.target = { symbol: found.name, location: { file: found.file, line: found.line, column: found.column } };
    }
  }
}

/** `@Entity(TABLES.messages)`: the entity maps the table the constant names (known), else the ORM's default stays. */
async function resolveTableNames(scans: FileScan[], resolver: ConstantResolver, ctx: SourceContext): Promise<void> {
  for (const scan of scans) {
    for (const pending of scan.tableNames ?? []) {
      const store = scan.stores.find((s) => s.id === pending.storeId);
      if (!store) continue;
      const name = await resolver.run(() => evaluateText(pending.expr, scan.file, resolver.lookup));
      if (name === undefined || name === '') {
        ctx.log(`typescript: ${scan.file}: the table name of ${store.name} is not a constant that can be evaluated; ${store.parent ? `${store.parent} is assumed` : 'no SQL table is linked'}`);
        continue;
      }
      store.details = { ...store.details, table: name };
      store.parent = `sql:table:${pending.schema}.${name}`;
    }
  }
}

/**
 * SQL in the code that deletes from a table (`DELETE FROM messages WHERE created_at < …`) gives
 * retention evidence to `sql:table:public.messages`; when only an ORM entity or model names the table's
 * category (no SQL file annotates it), that evidence would be compared with no category. The table
 * takes the categories of the entities that map it (their parent is its id).
 */
function lendEntityCategories(tsStores: Store[], sqlStores: Store[]): void {
  const byParent = new Map<string, Store[]>();
  for (const s of tsStores) {
    if (s.kind !== 'table' || !s.parent?.startsWith('sql:table:') || s.categories.length === 0) continue;
    const list = byParent.get(s.parent);
    if (list) list.push(s);
    else byParent.set(s.parent, [s]);
  }
  if (byParent.size === 0) return;
  for (const table of sqlStores) {
    if (table.categories.length > 0) continue;
    const entities = byParent.get(table.id);
    if (!entities) continue;
    const seen = new Set<string>();
    for (const e of entities) {
      for (const c of e.categories) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        table.categories.push({ ...c, via: 'inherited' });
      }
    }
  }
}

const EMPTY: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };

async function scanSqlLiterals(ctx: SourceContext, scans: FileScan[], resolver: ConstantResolver, scanner: SqlScanner | undefined, stats: TypeScriptScanStats): Promise<SourceResult> {
  const snippets = scans.flatMap((s) => s.sql.map((q) => ({ ...q, file: s.file })));
  if (snippets.length === 0) return EMPTY;
  // the dialect the project's configuration states (a knexfile's client) where the SQL and its file say none
  const scan: SqlScanner = scanner ?? (await (await import('../sql/index.js')).sqlTextScanner(ctx));
  const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
  for (const q of snippets) {
    stats.sqlLiterals++;
    let text = q.text;
    if (q.template) {
      const values: Array<string | undefined> = [];
      for (const expr of q.template.exprs) values.push(await resolver.run(() => evaluateText(expr, q.file, resolver.lookup)));
      if (values.some((v) => v !== undefined)) text = fillPlaceholders(q.template.parts, values);
    }
    let r: SourceResult;
    try {
      r = await scan(text, q.file, q.line, q.column);
    } catch (e) {
      if (q.trusted) out.diagnostics.push({ code: 'parse-error', message: `SQL in this literal could not be read: ${(e as Error).message}`, location: { file: q.file, line: q.line, column: q.column } });
      continue;
    }
    const failed = r.diagnostics.some((d) => d.code === 'parse-error');
    // A literal that merely reads like SQL ("Delete from your account?") and does not parse is prose, not a query.
    if (failed && !q.trusted) continue;
    out.stores.push(...r.stores);
    out.implementations.push(...r.implementations);
    out.suppressions.push(...r.suppressions);
    out.diagnostics.push(...r.diagnostics);
    out.references.push(...r.references);
  }
  return out;
}
