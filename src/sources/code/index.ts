import type { Diagnostic, Source, SourceContext, SourceResult, Store } from '../../core/types.js';
import { cmp, sortResult } from '../../core/compare.js';
import { skipReason } from '../typescript/index.js';
import { evaluateRetention, evaluateText } from '../typescript/evaluate.js';
import type { FileScan } from '../typescript/model.js';
import { fillPlaceholders, mayHoldSql } from '../typescript/sql-text.js';
import { TAG_IN_TEXT } from './extract.js';
import { TreeSitterHost } from './host.js';
import { LANGUAGES, languageOf } from './languages.js';
import type { LanguageId, LanguageModule, ModelHint } from './model.js';
import { parseFile, type ParsedFile } from './parse.js';
import { ConstantResolver, RepositoryFiles } from './resolve.js';
import { ParseThreads } from './threads.js';

/**
 * The code source: Python, Go, Java, Kotlin, Ruby, PHP and C# read with tree-sitter (syntax only,
 * nothing executed). The same vocabulary as TypeScript in each language's comments, `@retention`
 * constants evaluated statically, `@implements` promises, ORM models as stores over their SQL
 * tables, and SQL held in string literals handed to the SQL source.
 */
export const codeSource: Source = {
  kind: 'code',
  async scan(ctx) {
    return (await scanCode(ctx)).result;
  },
};

export interface CodeScanOptions {
  /** parse only files that hold a tag, SQL-looking text or a model marker (default true) */
  prefilter?: boolean;
  /** grammar files by language, for tests */
  wasm?: Partial<Record<LanguageId, string>>;
  /** longest time one file may take to parse (default PARSE_BUDGET_MS) */
  parseBudgetMs?: number;
  /**
   * Worker threads for parsing, as in the TypeScript source. Default: when more than `workerThreshold`
   * files need a parse and the compiled worker exists (the built CLI); 0 reads everything in this thread.
   */
  workers?: number;
  /** files to parse above which workers pay for their start-up (default 200) */
  workerThreshold?: number;
  /** the SQL adapter for SQL in literals (default: the SQL source's scanSqlText, told what the repository's configuration says of the dialect) */
  sqlScanner?: (text: string, file: string, startLine: number, startColumn: number) => Promise<SourceResult>;
}

export interface CodeScanStats {
  files: number;
  parsed: number;
  skipped: number;
  sqlLiterals: number;
  /** worker threads used (0: in this thread) */
  workers: number;
  /** files per language among the candidates */
  languages: Partial<Record<LanguageId, number>>;
}

const READ_CONCURRENCY = 32;
const TEST_PATH = /(?:^|\/)(?:tests?|specs?)\/|(?:^|\/)[^/]*\.Tests?\//i;
/**
 * Paths of schema migrations and install scripts: DDL in their strings defines tables (Froxlor's
 * install/froxlor.sql.php returns its schema as a nowdoc); elsewhere it is only mentioned. (Another
 * question than extract.ts' MIGRATION_FILE: where a backward direction may be.)
 */
const SCHEMA_PATH = /(?:^|\/)(?:migrations?|migrate|alembic|versions|install(?:er)?\/|db\/schema\.rb$)/i;

/** Does this file need a syntax tree? (a tag, SQL-looking text, or a model marker of its language) */
export function needsParse(lang: LanguageModule, file: string, text: string): boolean {
  return TAG_IN_TEXT.test(text) || mayHoldSql(text) || lang.modelMarkers.test(text) || (lang.id === 'ruby' && /(?:^|\/)db\/schema\.rb$/.test(file));
}

function languageById(id: LanguageId): LanguageModule {
  return LANGUAGES.find((l) => l.id === id) as LanguageModule;
}

export async function scanCode(ctx: SourceContext, opts: CodeScanOptions = {}): Promise<{ result: SourceResult; stats: CodeScanStats }> {
  const candidates = ctx.files.map((file) => ({ file, lang: languageOf(file) })).filter((c): c is { file: string; lang: LanguageModule } => c.lang !== undefined);
  const stats: CodeScanStats = { files: candidates.length, parsed: 0, skipped: 0, sqlLiterals: 0, workers: 0, languages: {} };
  for (const c of candidates) stats.languages[c.lang.id] = (stats.languages[c.lang.id] ?? 0) + 1;
  const diagnostics: Diagnostic[] = [];
  if (candidates.length === 0) return { result: { stores: [], implementations: [], suppressions: [], diagnostics, references: [] }, stats };
  const host = new TreeSitterHost(opts.wasm);
  const repo = new RepositoryFiles(ctx.files);
  for (const gomod of repo.goModFiles()) {
    const text = await ctx.read(gomod);
    const path = typeof text === 'string' ? /^module\s+"?([^\s"]+)"?/m.exec(text)?.[1] : undefined;
    if (path) repo.setGoModule(gomod === 'go.mod' ? '' : gomod.slice(0, -'/go.mod'.length), path);
  }
  const prefilter = opts.prefilter ?? true;
  const failedGrammars = new Map<LanguageId, { reason: string; files: string[] }>();
  const scans: Array<FileScan | undefined> = new Array(candidates.length);

  // models other files map, by the index of the file that maps them (in file order, whichever thread read it)
  const hintsAt: Array<Array<ModelHint & { lang: LanguageModule }> | undefined> = [];
  const taken = (lang: LanguageModule, file: string, parsed: ParsedFile): FileScan | undefined => {
    if (parsed.grammar !== undefined) {
      const failed = failedGrammars.get(lang.id) ?? { reason: parsed.grammar, files: [] };
      failed.files.push(file);
      failedGrammars.set(lang.id, failed);
    }
    return parsed.scan;
  };
  const parseOne = async (lang: LanguageModule, file: string, text: string, withModule: boolean, tables?: ReadonlyMap<string, string>, index?: number): Promise<FileScan | undefined> => {
    const parsed = await parseFile(host, lang, file, text, repo, withModule, tables, opts.parseBudgetMs);
    if (index !== undefined && parsed.hints.length > 0) hintsAt[index] = parsed.hints.map((h) => ({ lang, ...h }));
    return taken(lang, file, parsed);
  };
  const threads = new ParseThreads(ctx, opts, (files) => Promise.all(files.map(({ lang, file, text }) => parseFile(host, languageById(lang), file, text, repo, false, undefined, opts.parseBudgetMs))));

  /**
   * Models another file declares the table of (EF Core's DbSet<Message> in a DbContext): the class's
   * file, by its language's convention, is read (again) with that table known.
   */
  const readHintedModels = async (): Promise<void> => {
    const byFile = new Map<string, { lang: LanguageModule; tables: Map<string, string> }>();
    for (const h of hintsAt.flatMap((at) => at ?? [])) {
      const named = repo.endingWith(`/${h.file}`).concat(repo.has(h.file) ? [h.file] : []).filter((f) => languageOf(f) === h.lang && !TEST_PATH.test(f));
      // several files of that name (a view model beside the entity): the one that declares the class
      // in a namespace the hinting file sees
      const declares = new RegExp(`\\b(?:class|record|struct)\\s+${h.className}\\b`);
      const inScope = new RegExp(`\\bnamespace\\s+(?:${h.namespaces.map((n) => n.replace(/\./g, '\\.')).join('|') || '(?!)'})\\s*[;{]`);
      const found: string[] = [];
      for (const f of named.length > 1 ? named : []) {
        const text = await ctx.read(f);
        if (typeof text === 'string' && declares.test(text) && inScope.test(text)) found.push(f);
      }
      const target = named.length === 1 ? named[0] : found.length === 1 ? found[0] : undefined;
      if (!target) continue;
      const entry = byFile.get(target) ?? { lang: h.lang, tables: new Map<string, string>() };
      entry.tables.set(h.className, h.table);
      byFile.set(target, entry);
    }
    const indexOf = new Map(candidates.map((c, i) => [c.file, i]));
    for (const [file, { lang, tables }] of [...byFile].sort(([a], [b]) => cmp(a, b))) {
      const index = indexOf.get(file);
      const text = index === undefined ? undefined : await ctx.read(file);
      if (index === undefined || typeof text !== 'string' || skipReason(file, text, false)) continue;
      if (scans[index] === undefined) stats.parsed++;
      scans[index] = await parseOne(lang, file, text, scans[index]?.moduleRead ?? false, tables);
    }
  };

  let cursor = 0;
  const readNext = async (): Promise<void> => {
    while (cursor < candidates.length) {
      const index = cursor++;
      const { file, lang } = candidates[index];
      const text = await ctx.read(file);
      if (typeof text !== 'string') {
        diagnostics.push(text);
        stats.skipped++;
        continue;
      }
      const reason = skipReason(file, text, false);
      if (reason) {
        stats.skipped++;
        if (reason.kind === 'binary' || TAG_IN_TEXT.test(text) || lang.modelMarkers.test(text)) diagnostics.push({ code: 'skipped-file', message: reason.message, location: { file, line: 1, column: 1 } });
        else ctx.log(`code: ${file} not read (${reason.message}); it holds no policy tag or model`);
        continue;
      }
      if (prefilter && !needsParse(lang, file, text)) continue;
      stats.parsed++;
      // A `@retention` constant may need the module table, which asks about the repository's files:
      // such a file is read here; any other may go to a worker thread.
      if (text.includes('@retention') || !threads.add(index, { file, lang: lang.id, text, wasm: opts.wasm, budgetMs: opts.parseBudgetMs }, (stats.parsed / cursor) * candidates.length)) {
        scans[index] = await parseOne(lang, file, text, false, undefined, index);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, candidates.length) }, readNext));
  for (const { index, parsed } of await threads.finish()) {
    const { lang, file } = candidates[index];
    if (parsed.hints.length > 0) hintsAt[index] = parsed.hints.map((h) => ({ lang, ...h }));
    scans[index] = taken(lang, file, parsed);
  }
  stats.workers = threads.used;

  await readHintedModels();
  for (const [id, failed] of [...failedGrammars].sort(([a], [b]) => cmp(a, b))) {
    const sorted = failed.files.sort(cmp);
    diagnostics.push({ code: 'skipped-file', message: `${failed.reason}; ${sorted.length} ${LANGUAGES.find((l) => l.id === id)?.label ?? id} file${sorted.length === 1 ? '' : 's'} not read (the other languages are checked)`, location: { file: sorted[0], line: 1, column: 1 } });
  }

  const done = scans.filter((s): s is FileScan => s !== undefined);
  const resolver = new ConstantResolver(done, repo, async (file) => {
    const lang = languageOf(file);
    const text = lang ? await ctx.read(file) : undefined;
    if (!lang || typeof text !== 'string' || skipReason(file, text, false)) return null;
    return (await parseOne(lang, file, text, true))?.module ?? null;
  });
  for (const scan of done) {
    if (scan.retention.length === 0) continue;
    const stores = new Map<string, Store>(scan.stores.map((s) => [s.id, s]));
    for (const p of scan.retention) stores.get(p.storeId)?.retention.push(await resolver.run(() => evaluateRetention(p, scan.file, resolver.lookup)));
  }
  const sql = await scanSqlLiterals(ctx, done, resolver, opts.sqlScanner, stats);

  const result: SourceResult = {
    stores: [...done.flatMap((s) => s.stores), ...sql.stores],
    implementations: done.flatMap((s) => s.implementations),
    suppressions: [...done.flatMap((s) => s.suppressions), ...sql.suppressions],
    diagnostics: [...diagnostics, ...done.flatMap((s) => s.diagnostics), ...sql.diagnostics],
    references: [...done.flatMap((s) => s.references), ...sql.references],
  };
  sortResult(result);
  const languages = Object.entries(stats.languages).map(([k, n]) => `${n} ${k}`).join(', ');
  ctx.log(`code: ${stats.files} files (${languages}), ${stats.parsed} parsed${stats.workers ? ` on ${stats.workers} worker threads` : ''}, ${stats.skipped} skipped, ${stats.sqlLiterals} SQL literals`);
  return { result, stats };
}

async function scanSqlLiterals(ctx: SourceContext, scans: FileScan[], resolver: ConstantResolver, scanner: CodeScanOptions['sqlScanner'], stats: CodeScanStats): Promise<SourceResult> {
  const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
  const snippets = scans.flatMap((s) => s.sql.map((q) => ({ ...q, file: s.file })));
  if (snippets.length === 0) return out;
  // the dialect the project's configuration states (config/database.php) where the SQL and its file say none
  const scan = scanner ?? (await (await import('../sql/index.js')).sqlTextScanner(ctx));
  for (const q of snippets) {
    stats.sqlLiterals++;
    let text = q.text;
    let trusted = q.trusted;
    if (q.template) {
      const values: Array<string | undefined> = [];
      for (const e of q.template.exprs) values.push(await resolver.run(() => evaluateText(e, q.file, resolver.lookup)));
      text = fillPlaceholders(q.template.parts, values);
      // SQL built from run-time values (`ALTER TABLE #{name} DROP CONSTRAINT #{key}`) is not all in the
      // code: where the placeholders leave it unparseable, that is no error of the code's.
      if (values.includes(undefined)) trusted = false;
    }
    let r: SourceResult;
    try {
      r = await scan(text, q.file, q.line, q.column);
    } catch (e) {
      if (trusted) out.diagnostics.push({ code: 'parse-error', message: `SQL in this literal could not be read: ${(e as Error).message}`, location: { file: q.file, line: q.line, column: q.column } });
      continue;
    }
    // A literal that merely reads like SQL and does not parse is prose, not a query.
    if (r.diagnostics.some((d) => d.code === 'parse-error') && !trusted) continue;
    // DDL defines a table only in a migration; elsewhere (a test, a job) a CREATE TABLE is not the schema.
    const migration = SCHEMA_PATH.test(q.file);
    out.stores.push(...(migration ? r.stores : r.stores.filter((s) => s.retention.length > 0)));
    out.implementations.push(...r.implementations);
    out.suppressions.push(...r.suppressions);
    // One literal is one statement out of its migration's context: a table it alters that the ORM
    // created (Django's RunSQL after CreateModel) is not missing, only unknown to this literal.
    out.diagnostics.push(...r.diagnostics.filter((d) => d.code !== 'unresolved'));
    out.references.push(...r.references);
  }
  return out;
}
