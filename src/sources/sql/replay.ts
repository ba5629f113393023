/**
 * Replays SQL files in migration order into the final schema: tables, columns (with their types,
 * definition lines and annotations), partitions, COMMENT ON, and what deletes rows (pg_cron jobs,
 * pg_partman retention, TimescaleDB retention policies, the functions those jobs call).
 * The result is Stores; rules decide what is wrong with them.
 *
 * In layers: replay-state.ts (the state, names, annotations, the statement model of other dialects
 * and of migrations in code) ← replay-statements.ts (PostgreSQL's statements) ← this file (reading
 * files in their dialects, a live database's catalog, and the result); replay-evidence.ts holds
 * the retention evidence helpers they share.
 */
import type { Location, RetentionEvidence, SourceResult, Store, Suppression } from '../../core/types.js';
import { purgeOf, type Purge } from './age.js';
import { as, constValue, field, funcCalls, list, names, stringOf, walk } from './ast.js';
import { upSectionsOnly, withoutFrontMatter } from './sections.js';
import { isSqlTemplate, oneNotePerTemplate } from './templates.js';
import { normalisePlaceholders } from './placeholders.js';
import { unreadDialectOfPath, type Dialect } from './dialect.js';
import { readDialect, type DialectRead } from './dialects/index.js';
import { cockroachForPostgres } from './dialects/cockroach.js';
import { evalInterval, type Lookup } from './interval.js';
import { FileContext } from './file-context.js';
import { LineIndex, lexSql } from './lex.js';
import { loadParser, parsePlpgsql, parserSync, parseText, parseTextsInChunksWith, parseWholeText, type AstObject, type ParsedStatement, type ParseFailure, type PgModule } from './parse.js';
import { NONE, ownClaims, pushSuppressions, type ColumnState, type CronJob, type FunctionState, type SqlFile, type TableState } from './replay-state.js';
import { StatementReplay } from './replay-statements.js';
import { evidenceOf, parseCommands, partmanEvidence, resolvedEvidence, sortEvidence, sortedByLocation, withSchedule } from './replay-evidence.js';

export { typeText } from './sql-type.js';
export type { SqlFile } from './replay-state.js';

/** One database's schema being replayed. */
export class SchemaReplay extends StatementReplay {
  async replayFile(input: SqlFile & { dialect?: Dialect }): Promise<void> {
    return this.replayFiles([input]);
  }

  /**
   * Replays files in the given order; their statements are parsed together, in shared chunks.
   * A file in another dialect than PostgreSQL (`dialect`, default PostgreSQL) is read by its own
   * parser into the statement model (model.ts); files keep their order whatever their dialects.
   */
  async replayFiles(inputs: Array<SqlFile & { dialect?: Dialect }>): Promise<void> {
    const pending = this.replayFilesNow(inputs);
    if (pending) await pending;
  }

  /**
   * replayFiles, as far as it can at once: PostgreSQL's statements once its parser is loaded, and
   * ClickHouse's, are replayed without a wait (a migration in code replays its SQL strings one at a
   * time, hundreds in a folder). Undefined when all is replayed, else the promise of the rest.
   */
  replayFilesNow(inputs: Array<SqlFile & { dialect?: Dialect }>): Promise<void> | undefined {
    // a migration file's down part is not the schema (embedded SQL has no sections); placeholders
    // become names (placeholders.ts)
    const reported = this.diagnostics.length;
    const templates = new Set(this.embedded ? [] : inputs.filter((input) => isSqlTemplate(input.text)).map((input) => input.file));
    inputs = inputs.map((input) => {
      const normalised = normalisePlaceholders(this.embedded ? input.text : upSectionsOnly(withoutFrontMatter(input.text)));
      const text = input.dialect === 'cockroachdb' ? cockroachForPostgres(normalised) : normalised;
      return text === input.text ? input : { ...input, text };
    });
    // a template's failures are one note (templates.ts), once every file is replayed
    // and so are a SQL file's failures where its path names a dialect policyproof does not read (docker/oracle/init.sql)
    const unread = new Map<string, string>();
    for (const input of this.embedded ? [] : inputs) {
      const name = unreadDialectOfPath(input.file);
      if (name) unread.set(input.file, name);
    }
    const done = (): void => oneNotePerTemplate(this.diagnostics, reported, templates, unread);
    const pending = this.replayFrom(inputs, 0);
    if (pending) return pending.then(done);
    done();
    return undefined;
  }

  /** Replays inputs[from…]: consecutive PostgreSQL files together, any other file alone. */
  private replayFrom(inputs: Array<SqlFile & { dialect?: Dialect }>, from: number): Promise<void> | undefined {
    for (let i = from; i < inputs.length; ) {
      let j = i + 1;
      if (isPostgres(inputs[i].dialect)) {
        while (j < inputs.length && isPostgres(inputs[j].dialect)) j++;
        const files = i === 0 && j === inputs.length ? inputs : inputs.slice(i, j);
        const parser = parserSync();
        if (!parser) {
          const next = j;
          return loadParser().then((loaded) => {
            this.replayPostgres(loaded, files);
            return this.replayFrom(inputs, next);
          });
        }
        this.replayPostgres(parser, files);
      } else {
        // (ClickHouse's reader is synchronous: no wait for a file it reads)
        const pending = this.replayDialect(inputs[i], inputs[i].dialect!);
        if (pending) {
          const next = j;
          return pending.then(() => this.replayFrom(inputs, next));
        }
      }
      i = j;
    }
    return undefined;
  }

  private prepare(input: SqlFile, dialect?: Dialect): { ctx: FileContext; spans: ReturnType<typeof lexSql>['statements'] } {
    const lexed = lexSql(input.text, dialect === 'mysql' || dialect === 'mariadb' || dialect === 'clickhouse');
    return { ctx: new FileContext(input.file, input.text, lineIndexOf(input), lexed.comments), spans: lexed.statements };
  }

  private replayDialect(input: SqlFile, dialect: Dialect): Promise<void> | undefined {
    // SQL Server's batch separator `GO` (a line of its own) ends a statement as `;` does
    if (dialect === 'sqlserver') input = { ...input, text: input.text.replace(/^([ \t]*)GO([ \t]*\r?)$/gim, '$1; $2') };
    const { ctx, spans } = this.prepare(input, dialect);
    const read = readDialect(dialect, input.text, spans, (index) => ctx.loc(index));
    if (read instanceof Promise) return read.then((r) => this.applyRead(r, ctx, dialect));
    this.applyRead(read, ctx, dialect);
    return undefined;
  }

  private applyRead(read: DialectRead, ctx: FileContext, dialect: Dialect): void {
    for (const f of read.failures) this.diagnostics.push({ code: 'parse-error', message: `${DIALECT_NAMES[dialect]} parser rejects this statement: ${f.message}`, location: ctx.loc(f.index) });
    for (const op of read.ops) this.applyOp(op, ctx);
  }

  private replayPostgres(pg: PgModule, inputs: SqlFile[]): void {
    // One text that can hold no annotation (a migration in code runs its SQL strings one at a time):
    // parsed whole at once. Its comments would annotate nothing and a whole parse needs no statement
    // spans, so it is lexed only when PostgreSQL rejects it, for the statement-by-statement retry below.
    if (inputs.length === 1 && !inputs[0].text.includes('@')) {
      const input = inputs[0];
      const whole = parseWholeText(pg, input.text);
      if (whole) {
        this.applyParsed(new FileContext(input.file, input.text, lineIndexOf(input), []), whole, []);
        return;
      }
    }
    const prepared = inputs.map((input) => this.prepare(input));
    parseTextsInChunksWith(
      pg,
      inputs.map((input, i) => ({ text: input.text, spans: prepared[i].spans })),
      (i, statements, failures) => this.applyParsed(prepared[i].ctx, statements, failures),
    );
  }

  private applyParsed(ctx: FileContext, statements: ParsedStatement[], failures: ParseFailure[]): void {
    for (const f of failures) {
      this.diagnostics.push({ code: 'parse-error', message: `PostgreSQL rejects this statement: ${f.message}`, location: ctx.loc(f.index) });
    }
    // within a chunk, statements parsed one by one after a rejection come in span order already
    if (statements.length > 1) statements.sort((a, b) => a.start - b.start);
    for (const s of statements) {
      try {
        this.apply(s, ctx);
      } catch (e) {
        this.diagnostics.push({ code: 'parse-error', message: `statement not understood: ${(e as Error).message}`, location: ctx.loc(s.start) });
      }
    }
  }


  // ───────────────────────── catalog input (a live database) ─────────────────────────

  /** A table read from a catalog; `comment` is its COMMENT (annotations are read from it). */
  defineTable(t: { schema: string; name: string; location: Location; comment?: string | null; partitionOf?: string; partitionBy?: string }): void {
    const key = `${t.schema}.${t.name}`;
    const table: TableState = { schema: t.schema, name: t.name, location: t.location, columns: new Map(), inline: NONE };
    if (t.partitionOf) table.partitionOf = t.partitionOf;
    if (t.partitionBy) table.partitionBy = t.partitionBy;
    if (t.comment) table.comment = this.annotateText(t.comment, t.location, () => `sql:table:${key}`);
    this.tables.set(key, table);
  }

  defineColumn(tableKey: string, c: { name: string; sqlType: string; location: Location; comment?: string | null }): void {
    const table = this.tables.get(tableKey);
    if (!table) return;
    const col: ColumnState = { name: c.name, sqlType: c.sqlType, location: c.location, inline: NONE };
    if (c.comment) col.comment = this.annotateText(c.comment, c.location, () => `sql:column:${tableKey}.${c.name}`);
    table.columns.set(c.name, col);
  }

  /** A function's CREATE statement (pg_get_functiondef), for the jobs that call it. */
  async defineFunction(definition: string, location: Location): Promise<void> {
    const parsed = await parseText(definition);
    const body = as(parsed?.[0]?.node, 'CreateFunctionStmt');
    if (!body) return;
    const ctx = new FileContext(location.file, definition, new LineIndex(definition, location.line, location.column), []);
    this.createFunction(body, { node: parsed![0].node, start: 0, end: definition.length, toIndex: () => 0 }, ctx);
  }

  defineJob(name: string, schedule: string, command: string, location: Location): void {
    this.jobs.set(name, { name, schedule, command: { A_Const: { sval: { sval: command } } }, location });
  }

  definePartman(parent: string, retention: string | null, keepTable: boolean, location: Location): void {
    const table = this.tables.get(this.keyOfText(parent));
    if (!table) return;
    table.partman = { retention, keepTable, location };
  }

  defineTimescaleRetention(tableKey: string, dropAfter: string, location: Location): void {
    const table = this.tables.get(tableKey);
    if (!table) return;
    table.timescale = { node: { A_Const: { sval: { sval: dropAfter } } }, location, via: `TimescaleDB retention policy on ${tableKey}` };
  }


  // ───────────────────────── result ─────────────────────────

  async finish(): Promise<SourceResult> {
    const stores: Store[] = [];
    const suppressions: Suppression[] = [];
    const evidence = new Map<string, RetentionEvidence[]>();
    const stubs = new Map<string, Location>();
    const addEvidence = (table: string[], e: RetentionEvidence): void => {
      let key = table.length >= 2 ? `${table[0]}.${table[1]}` : this.key(undefined, table[0] ?? '?');
      // a partition is part of its parent: deleting from it is the parent's retention
      for (let hops = 0, t = this.tables.get(key); t?.partitionOf && hops < 32; hops++, t = this.tables.get(key)) key = t.partitionOf;
      if (!this.tables.has(key) && !stubs.has(key)) stubs.set(key, e.location);
      const l = evidence.get(key) ?? [];
      l.push(e);
      evidence.set(key, l);
    };
    const jobs = [...this.jobs.values()];
    const commands = jobs.map((job) => stringOf(job.command));
    const parsedCommands = await parseCommands(commands);
    for (let i = 0; i < jobs.length; i++) await this.jobEvidence(jobs[i], commands[i], parsedCommands[i], addEvidence);
    for (const d of this.directEvidence) addEvidence(d.table, d.evidence);
    // one pass over the tables for their own evidence and their partitions (a schema has hundreds)
    const partitionsOf = new Map<string, string[]>();
    const ttls = this.rowTtl.size > 0;
    for (const [key, table] of this.tables) {
      if (table.partitionOf) {
        const p = partitionsOf.get(table.partitionOf);
        if (p) p.push(key);
        else partitionsOf.set(table.partitionOf, [key]);
      }
      const ttl = ttls ? this.rowTtl.get(key) : undefined;
      const partman = table.partman?.retention !== undefined && table.partman.retention !== null;
      // (a table with no evidence of its own keeps none: nothing is added for it)
      if (!table.timescale && !ttl && !partman) continue;
      const l = evidence.get(key) ?? [];
      if (table.timescale) l.push(this.timescaleEvidence(table.timescale));
      if (ttl) l.push(...ttl);
      if (partman) l.push(partmanEvidence(key, table.partman!));
      evidence.set(key, l);
    }

    const partitioned = partitionsOf.size > 0;
    const evidenced = evidence.size > 0;
    for (const [key, table] of this.tables) {
      const id = `sql:table:${key}`;
      const parts = partitioned ? partitionsOf.get(key) : undefined;
      // (most tables have no details: no object is made for them)
      const details = table.partitionBy || parts || table.inherits || table.partman || table.partitionOf ? tableDetails(table, parts) : undefined;
      const claims = ownClaims(table);
      pushSuppressions(suppressions, table);
      if (table.partitionOf) {
        details!.partitionOf = table.partitionOf;
        stores.push({ id, kind: 'partition', name: key, source: this.source, location: table.location, parent: `sql:table:${table.partitionOf}`, categories: claims, dataTypes: [], retention: [], retentionBearing: false, details });
        continue;
      }
      const retention = evidenced ? sortEvidence(evidence.get(key) ?? []) : [];
      stores.push(details
        ? { id, kind: 'table', name: key, source: this.source, location: table.location, categories: claims, dataTypes: [], retention, retentionBearing: true, details }
        : { id, kind: 'table', name: key, source: this.source, location: table.location, categories: claims, dataTypes: [], retention, retentionBearing: true });
      // (one literal per shape, fields in the same order, rather than spreads: a schema has thousands of columns)
      for (const col of table.columns.values()) {
        // (most columns have no annotation: nothing to look up for them)
        const plain = col.inline === NONE && col.comment === undefined;
        if (!plain) pushSuppressions(suppressions, col);
        const name = `${key}.${col.name}`;
        const categories = plain ? [] : ownClaims(col);
        stores.push(col.sqlType
          ? { id: `sql:column:${name}`, kind: 'column', name, source: this.source, location: col.location, parent: id, identifier: col.name, sqlType: col.sqlType, categories, dataTypes: [], retention: [], retentionBearing: false }
          : { id: `sql:column:${name}`, kind: 'column', name, source: this.source, location: col.location, parent: id, identifier: col.name, categories, dataTypes: [], retention: [], retentionBearing: false });
      }
    }
    for (const [key, location] of stubs) {
      stores.push({
        id: `sql:table:${key}`, kind: 'table', name: key, source: this.source, location, categories: [], dataTypes: [],
        retention: sortEvidence(evidence.get(key) ?? []), retentionBearing: true, details: { definedElsewhere: 'true' },
      });
    }
    return {
      stores: sortedByLocation(stores),
      implementations: sortedByLocation(this.implementations),
      suppressions: sortedByLocation(suppressions),
      diagnostics: sortedByLocation([...this.diagnostics, ...this.createdAgainNotes()]),
      references: sortedByLocation(this.references),
    };
  }

  private timescaleEvidence(ts: { node: unknown; location: Location; via: string }): RetentionEvidence {
    if (ts.node === undefined) return { status: 'unknown', bound: 'max', reason: 'add_retention_policy() without drop_after', via: ts.via, location: ts.location };
    const v = constValue(ts.node);
    if (typeof v === 'number') {
      return { status: 'unknown', bound: 'max', reason: `drop_after => ${v} is in the units of an integer time column, which are not known`, via: ts.via, location: ts.location };
    }
    return resolvedEvidence(evalInterval(ts.node), ts.via, ts.location);
  }

  private async jobEvidence(
    job: CronJob,
    command: string | undefined,
    stmts: Array<{ node: AstObject }> | undefined,
    add: (table: string[], e: RetentionEvidence) => void,
  ): Promise<void> {
    const via = `pg_cron job '${job.name}' (${job.schedule})`;
    if (command === undefined) {
      this.diagnostics.push({ code: 'unresolved', message: `${via}: the command is not a constant string, so what it deletes is unknown`, location: job.location });
      return;
    }
    if (!stmts) {
      this.diagnostics.push({ code: 'parse-error', message: `${via}: PostgreSQL rejects the job's command`, location: job.location });
      return;
    }
    for (const { node } of stmts) {
      const purge = purgeOf(node);
      if (purge) {
        add(purge.table, withSchedule(evidenceOf(purge, via, job.location), job.schedule));
        continue;
      }
      // CALL f() / SELECT f(): the function's own statements
      for (const fn of funcCalls(node).map((c) => names(c.funcname))) {
        const key = fn.length >= 2 ? fn.join('.') : `${this.searchSchema}.${fn[0]}`;
        const f = this.functions.get(key);
        if (!f) continue;
        for (const p of await this.functionPurges(f)) add(p.table, withSchedule(evidenceOf(p, `${via} → ${f.name}()`, job.location), job.schedule));
      }
    }
  }

  /** The DELETE/UPDATE statements inside a function body (SQL or PL/pgSQL). */
  private async functionPurges(f: FunctionState): Promise<Purge[]> {
    if (f.sqlBody) {
      const found: Purge[] = [];
      walk(f.sqlBody, (obj) => {
        for (const type of ['DeleteStmt', 'UpdateStmt']) {
          if (obj[type]) {
            const p = purgeOf({ [type]: obj[type] });
            if (p) found.push(p);
          }
        }
      });
      return found;
    }
    if (f.language === 'sql') {
      const stmts = (await parseText(f.body)) ?? [];
      return stmts.map((s) => purgeOf(s.node)).filter((p): p is Purge => !!p);
    }
    if (f.language !== 'plpgsql') return [];
    const tree = await parsePlpgsql(f.statementText);
    if (!tree) return [];
    // variables with a default value: `keep interval := '60 days'`
    const defaults = new Map<string, string>();
    const queries: string[] = [];
    walk(tree, (obj) => {
      const v = obj.PLpgSQL_var as AstObject | undefined;
      if (v && typeof v.refname === 'string') {
        const q = (field(v.default_val as AstObject, 'PLpgSQL_expr') as AstObject | undefined)?.query;
        if (typeof q === 'string') defaults.set(v.refname.toLowerCase(), q);
      }
      const assign = obj.PLpgSQL_stmt_assign as AstObject | undefined;
      if (assign) {
        const q = (field(assign.expr as AstObject, 'PLpgSQL_expr') as AstObject | undefined)?.query;
        if (typeof q === 'string') {
          const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:?=\s*([\s\S]*)$/.exec(q);
          if (m) defaults.set(m[1].toLowerCase(), m[2]);
        }
      }
      const sql = obj.PLpgSQL_stmt_execsql as AstObject | undefined;
      if (sql) {
        const q = (field(sql.sqlstmt as AstObject, 'PLpgSQL_expr') as AstObject | undefined)?.query;
        if (typeof q === 'string') queries.push(q);
      }
    });
    const resolvedDefaults = new Map<string, unknown>();
    for (const [name, expr] of defaults) {
      const parsed = await parseText(`SELECT ${expr}`);
      const target = as(list(as(parsed?.[0]?.node, 'SelectStmt')?.targetList)[0], 'ResTarget');
      if (target) resolvedDefaults.set(name, target.val);
    }
    const lookup: Lookup = (name) => resolvedDefaults.get(name.toLowerCase());
    const out: Purge[] = [];
    for (const q of queries) {
      const stmts = await parseText(q);
      for (const s of stmts ?? []) {
        const p = purgeOf(s.node, lookup);
        if (p) out.push(p);
      }
    }
    return out;
  }
}

const DIALECT_NAMES: Record<Dialect, string> = {
  postgresql: 'PostgreSQL', cockroachdb: 'CockroachDB', mysql: 'The MySQL', mariadb: 'The MariaDB', sqlite: 'The SQLite', sqlserver: 'The SQL Server', clickhouse: 'The ClickHouse',
};

/** What a table store says besides its columns: how it is partitioned, inherits, is managed by pg_partman. */
function tableDetails(table: TableState, parts: string[] | undefined): Record<string, string> {
  const details: Record<string, string> = {};
  if (table.partitionBy) details.partitionBy = table.partitionBy;
  if (parts) details.partitions = String(parts.length);
  if (table.inherits) details.inherits = table.inherits.join(', ');
  if (table.partman) details.partman = table.partman.retention ? `retention ${table.partman.retention}, keep table ${table.partman.keepTable}` : 'managed, no retention';
  return details;
}

/** Positions in a text that may start inside another file (SQL in code). */
function lineIndexOf(input: SqlFile): LineIndex {
  return new LineIndex(input.text, input.startLine ?? 1, input.startColumn ?? 1);
}

function isPostgres(d: Dialect | undefined): boolean {
  return d === undefined || d === 'postgresql' || d === 'cockroachdb';
}
