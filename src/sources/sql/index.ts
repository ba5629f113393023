/**
 * The SQL source: migration files (and any other *.sql) replayed with the real PostgreSQL parser
 * into the final schema, per migration folder. Store ids: `sql:table:<schema>.<table>`,
 * `sql:column:<schema>.<table>.<column>` (the same ids as the Prisma and live PostgreSQL sources,
 * so the engine pools what several sources know about one table) — except a table created in
 * several services of a monorepo, whose ids name the service (see services.ts).
 */
import type { Diagnostic, Source, SourceContext, SourceResult } from '../../core/types.js';
import { groupMigrations, type MigrationGroup } from './order.js';
import { SchemaReplay, type SqlFile } from './replay.js';
import { qualifySharedTables } from './services.js';
import { DIALECTS, dialectOf, dialectOfName, dialectOfPath, dialectRules, readToolDialects, withoutDialect, type Dialect, type DialectRules } from './dialect.js';

const BATCH_CHARS = 4 * 1024 * 1024;
const READ_AHEAD = 32;
/**
 * A migration in code larger than this is data: a hand-written one is a few KB, one TypeORM generated
 * for three databases at once (a branch each) up to 3 MB (ever-gauzy's).
 */
const MAX_CODE_MIGRATION = 4 * 1024 * 1024;
const CODE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/i;

export const sqlSource: Source = {
  kind: 'sql',
  async scan(ctx: SourceContext): Promise<SourceResult> {
    const results: SourceResult[] = [];
    const groups = groupMigrations(ctx.files);
    const rules = await dialectRulesOf(ctx);
    for (const group of groups) {
      const replay = new SchemaReplay('sql');
      await replayGroup(ctx, group, rules, replay);
      for (const n of replay.notes) ctx.log(`sql: ${n.location.file}:${n.location.line}: ${n.message}`);
      results.push(await replay.finish());
    }
    reportDialectCopiesOnce(groups, results, ctx.sqlPrimaryDialect);
    qualifySharedTables(groups.map((g) => g.dir), results);
    return concat(results);
  },
};

/** Replays a group's files in order: SQL files (each in its dialect) and migrations in code, read ahead in batches that bound memory. */
async function replayGroup(ctx: SourceContext, group: MigrationGroup, rules: DialectRules, replay: SchemaReplay): Promise<void> {
  let code: Awaited<ReturnType<typeof codeReader>> | undefined;
  let branchRules: DialectRules | undefined;
  let batch: Array<SqlFile & { dialect: Dialect }> = [];
  let size = 0;
  const flush = async () => {
    if (batch.length) await replay.replayFiles(batch);
    batch = [];
    size = 0;
  };
  for (let i = 0; i < group.files.length; i += READ_AHEAD) {
    const names = group.files.slice(i, i + READ_AHEAD);
    const texts = await Promise.all(names.map((f) => ctx.read(f)));
    for (let k = 0; k < names.length; k++) {
      const text = texts[k];
      const file = names[k];
      if (typeof text !== 'string') {
        // a migration in code that cannot be read is the TypeScript source's to report
        if (!CODE_FILE.test(file)) replay.diagnostics.push(text as Diagnostic);
        continue;
      }
      if (CODE_FILE.test(file)) {
        if (text.length > MAX_CODE_MIGRATION) {
          replay.diagnostics.push({ code: 'skipped-file', message: `${(text.length / 1024 / 1024).toFixed(1)} MB is more than a migration in code holds (limit ${MAX_CODE_MIGRATION / 1024 / 1024} MB): data; not read`, location: { file, line: 1, column: 1 } });
          continue;
        }
        // the reader and TypeScript are loaded once per group, not looked up again for every file
        code ??= await (reader ??= codeReader());
        let steps;
        try {
          // a migration written for several databases is read in the branch of the one this history is
          steps = code.read(file, text, group.dialect ?? dialectOf(file, '', (branchRules ??= withPrimary(rules, ctx.sqlPrimaryDialect))));
        } catch (e) {
          // TypeScript's parser recurses once per nesting level: thousands overflow the stack
          if (!(e instanceof RangeError)) throw e;
          replay.diagnostics.push({ code: 'parse-error', message: 'the code is nested too deeply for the parser; file not read', location: { file, line: 1, column: 1 } });
          continue;
        }
        if (!steps) continue;
        if (batch.length) await flush();
        // the SQL of one migration is in one dialect: what its path, then its SQL strings say (the
        // TypeScript around them says nothing of it), asked only when it runs SQL
        let dialect: Dialect | undefined;
        const sqlOf = () => steps.map((s) => (s.kind === 'sql' ? s.text : '')).join('\n');
        for (const step of steps) {
          if (step.kind === 'op') replay.applyOp(step.op);
          else if (/\S/.test(step.text)) {
            // (at once once the parser is loaded: no wait per SQL string)
            const pending = replay.replayFilesNow([{ file, text: step.text, startLine: step.line, startColumn: step.column, dialect: step.dialect ?? (dialect ??= group.dialect ?? dialectOf(file, sqlOf(), rules)) }]);
            if (pending) await pending;
          }
        }
        continue;
      }
      batch.push({ file, text, dialect: group.dialect ?? dialectOf(file, text, rules) });
      size += text.length;
      if (size > BATCH_CHARS) await flush();
    }
  }
  await flush();
}

/** The reader once loaded (a module and the compiler, loaded once per process like the SQL parser). */
let reader: ReturnType<typeof codeReader> | undefined;

/** The migrations-in-code reader with TypeScript loaded (both loaded on first need). */
async function codeReader(): Promise<{ read: (file: string, text: string, database: Dialect) => ReturnType<typeof import('../migrations/index.js').readCodeMigration> }> {
  const { readCodeMigration } = await import('../migrations/index.js');
  const { loadTypeScript } = await import('../typescript/load-ts.js');
  const ts = await loadTypeScript();
  return { read: (file, text, database) => readCodeMigration(ts, file, text, database) };
}

/** policyproof.yaml's globs and what each tool's or application's configuration says, for SQL files and SQL in code alike. */
export function dialectRulesOf(ctx: SourceContext): Promise<DialectRules> {
  // the SQL, TypeScript and code sources all ask, each with the repository's one file list: read the configurations once
  const known = RULES_OF.get(ctx.files);
  if (known && known.overrides === ctx.sqlDialects) return known.rules;
  const rules = readToolDialects(ctx.files, (f) => ctx.read(f)).then((tools) => dialectRules(ctx.sqlDialects, tools));
  RULES_OF.set(ctx.files, { overrides: ctx.sqlDialects, rules });
  return rules;
}
const RULES_OF = new WeakMap<readonly string[], { overrides: SourceContext['sqlDialects']; rules: Promise<DialectRules> }>();

/**
 * The rules a migration in code's database branch is chosen by: the configured `sql-primary-dialect`
 * stands as the root's database where no tool states one, so it comes before the PostgreSQL default
 * and after what the file's path, sql-dialects or a nearer tool say.
 */
function withPrimary(rules: DialectRules, primary: string | undefined): DialectRules {
  const d = primary ? dialectOfName(primary) : undefined;
  return d && !rules.tools.has('') ? { ...rules, tools: new Map([...rules.tools, ['', d]]) } : rules;
}

/**
 * One logical database kept as one history per dialect (`x.postgres.up.sql` beside `x.mysql.up.sql`,
 * or `migrations/postgres/` beside `migrations/mysql/`): each store is reported once, at the primary
 * dialect's file (PostgreSQL first, or `sql-primary-dialect`); a store only another dialect has stays.
 */
function reportDialectCopiesOnce(groups: MigrationGroup[], results: SourceResult[], primary?: string): void {
  const order = [...(primary && DIALECTS.includes(primary as Dialect) ? [primary as Dialect] : []), ...DIALECTS];
  const rank = (g: MigrationGroup) => {
    const d = g.dialect ?? dialectOfPath(`${g.dir}/x.sql`);
    return d ? order.indexOf(d) : order.length;
  };
  const byDatabase = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const key = withoutDialect(g.dir);
    if (!g.dialect && key === g.dir) return;
    byDatabase.set(key, [...(byDatabase.get(key) ?? []), i]);
  });
  for (const members of byDatabase.values()) {
    if (members.length < 2) continue;
    const sorted = [...members].sort((a, b) => rank(groups[a]) - rank(groups[b]));
    const seen = new Set<string>();
    for (const i of sorted) {
      const r = results[i];
      const dropped = new Set(r.stores.filter((s) => seen.has(s.id)).map((s) => s.id));
      for (const s of r.stores) seen.add(s.id);
      if (dropped.size === 0) continue;
      r.stores = r.stores.filter((s) => !dropped.has(s.id));
      r.suppressions = r.suppressions.filter((s) => s.storeId === undefined || !dropped.has(s.storeId));
    }
  }
}

/** SQL in code given no configuration to ask (a test, a bench): what its file and its SQL say. */
const NO_RULES = dialectRules(undefined, new Map());

/**
 * SQL embedded in another file (a string literal in TypeScript). `startLine`/`startColumn` are the
 * 1-based position of the SQL text's first character in `file`. A CREATE TABLE is a store; a
 * DELETE (or UPDATE … SET col = NULL) by age is retention evidence for its table, since code that
 * runs such SQL is a cleanup job.
 */
export async function scanSqlText(text: string, file: string, startLine: number, startColumn: number, rules: DialectRules = NO_RULES): Promise<SourceResult> {
  const replay = new SchemaReplay('sql', true);
  // SQL in code: the dialect its file or folder names (kanboard's app/Schema/Mysql.php, lago's
  // db/clickhouse_migrate/), else its own syntax (backticks, STORING, AUTOINCREMENT…), else what the
  // project's configuration states (Laravel's config/database.php, a knexfile); PostgreSQL otherwise
  await replay.replayFile({ file, text, startLine, startColumn, dialect: dialectOf(file, text, rules) });
  return replay.finish();
}

/** scanSqlText for the SQL in one repository's code, with what its configuration says of the dialect. */
export async function sqlTextScanner(ctx: SourceContext): Promise<(text: string, file: string, startLine: number, startColumn: number) => Promise<SourceResult>> {
  const rules = await dialectRulesOf(ctx);
  return (text, file, startLine, startColumn) => scanSqlText(text, file, startLine, startColumn, rules);
}

export function concat(results: SourceResult[]): SourceResult {
  if (results.length === 1) return results[0];
  return {
    stores: results.flatMap((r) => r.stores),
    implementations: results.flatMap((r) => r.implementations),
    suppressions: results.flatMap((r) => r.suppressions),
    diagnostics: results.flatMap((r) => r.diagnostics),
    references: results.flatMap((r) => r.references),
  };
}

export { SchemaReplay } from './replay.js';
export { groupMigrations, compareMigrations } from './order.js';
export { serviceOf, qualifySharedTables } from './services.js';
export { parseIntervalText } from './interval.js';
