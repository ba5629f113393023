/**
 * Replays SQL files in migration order into the final schema: tables, columns (with their types,
 * definition lines and annotations), partitions, COMMENT ON, and what deletes rows (pg_cron jobs,
 * pg_partman retention, TimescaleDB retention policies, the functions those jobs call).
 * The result is Stores; rules decide what is wrong with them.
 */
import { parseAnnotations } from '../../core/annotations.js';
import type {
  CategoryClaim,
  CategoryReference,
  Diagnostic,
  Implementation,
  Location,
  RetentionEvidence,
  SourceKind,
  SourceResult,
  Store,
  Suppression,
} from '../../core/types.js';
import { purgeOf, describeSeconds, type Purge } from './age.js';
import { as, boolOf, callArgs, constValue, field, funcCalls, list, names, nodeType, str, stringOf, walk } from './ast.js';
import { gapBeyondDaily } from './cron.js';
import { upSectionsOnly } from './sections.js';
import { normalisePlaceholders } from './placeholders.js';
import type { Dialect } from './dialect.js';
import type { ColumnSpec, SchemaOp, TableName } from './model.js';
import { readDialect, type DialectRead } from './dialects/index.js';
import { cockroachForPostgres } from './dialects/cockroach.js';
import { evalInterval, parseIntervalText, toDuration, type Lookup, type Resolved } from './interval.js';
import { FileContext } from './file-context.js';
import { LineIndex, lexSql, type SqlComment } from './lex.js';
import { typeText } from './sql-type.js';

export { typeText } from './sql-type.js';
import { parsePlpgsql, parserSync, parseText, parseTexts, parseTextsInChunks, type AstObject, type ParsedStatement } from './parse.js';

export interface SqlFile {
  file: string;
  text: string;
  /** position of the text's first character in the file (SQL embedded in code) */
  startLine?: number;
  startColumn?: number;
}

interface Annotated {
  claims: CategoryClaim[];
  suppressions: Suppression[];
}

interface ColumnState {
  name: string;
  sqlType: string;
  location: Location;
  inline: Annotated;
  comment?: Annotated;
}

interface PartmanConfig {
  retention?: string | null;
  keepTable: boolean;
  location: Location;
}

interface TableState {
  schema: string;
  name: string;
  location: Location;
  columns: Map<string, ColumnState>;
  inline: Annotated;
  comment?: Annotated;
  partitionOf?: string;
  partitionBy?: string;
  inherits?: string[];
  timescale?: { node: unknown; location: Location; via: string };
  partman?: PartmanConfig;
}

interface FunctionState {
  name: string;
  language: string;
  body: string;
  /** BEGIN ATOMIC … END: the statements, already parsed */
  sqlBody?: unknown;
  statementText: string;
  location: Location;
}

interface CronJob {
  name: string;
  schedule: string;
  command: unknown;
  location: Location;
}

const empty = (): Annotated => ({ claims: [], suppressions: [] });
/**
 * A definition's annotations before any is found: one shared, never-written value (most tables and
 * columns have none; three objects each would be most of what the replay keeps). annotate() gives
 * the definition its own once something is found.
 */
const NONE: Annotated = Object.freeze({ claims: Object.freeze([]) as unknown as CategoryClaim[], suppressions: Object.freeze([]) as unknown as Suppression[] });

/** What annotations are written into: a table or column (its `inline`), or a sink that is thrown away. */
interface Annotatable {
  inline: Annotated;
}

/** One database's schema being replayed. */
export class SchemaReplay {
  private readonly tables = new Map<string, TableState>();
  private readonly functions = new Map<string, FunctionState>();
  private readonly jobs = new Map<string, CronJob>();
  private jobCount = 0;
  private searchSchema = 'public';
  readonly diagnostics: Diagnostic[] = [];
  readonly references: CategoryReference[] = [];
  readonly implementations: Implementation[] = [];
  /** what is worth saying under --verbose only: statements naming tables the history does not know */
  readonly notes: Array<{ message: string; location: Location }> = [];
  /** a table's removal of rows by age written in its own definition (ClickHouse TTL) */
  private readonly rowTtl = new Map<string, RetentionEvidence[]>();
  /** evidence from statements run directly (SQL embedded in code: a cleanup job's DELETE) */
  private readonly directEvidence: Array<{ table: string[]; evidence: RetentionEvidence }> = [];

  constructor(
    private readonly source: SourceKind = 'sql',
    /** SQL embedded in code runs as a job: its DELETEs are retention evidence */
    private readonly embedded = false,
  ) {}

  async replayFile(input: SqlFile & { dialect?: Dialect }): Promise<void> {
    return this.replayFiles([input]);
  }

  /**
   * Replays files in the given order; their statements are parsed together, in shared chunks.
   * A file in another dialect than PostgreSQL (`dialect`, default PostgreSQL) is read by its own
   * parser into the statement model (model.ts); files keep their order whatever their dialects.
   */
  async replayFiles(inputs: Array<SqlFile & { dialect?: Dialect }>): Promise<void> {
    // a migration file's down part is not the schema (embedded SQL has no sections); placeholders
    // become names (placeholders.ts)
    inputs = inputs.map((input) => {
      const text = normalisePlaceholders(this.embedded ? input.text : upSectionsOnly(input.text));
      return { ...input, text: input.dialect === 'cockroachdb' ? cockroachForPostgres(text) : text };
    });
    for (let i = 0; i < inputs.length; ) {
      let j = i;
      const pg = isPostgres(inputs[i].dialect);
      while (j < inputs.length && isPostgres(inputs[j].dialect) === pg) j++;
      if (pg) await this.replayPostgres(inputs.slice(i, j));
      else {
        for (const input of inputs.slice(i, j)) {
          // (ClickHouse's reader is synchronous: no wait for a file it reads)
          const pending = this.replayDialect(input, input.dialect!);
          if (pending) await pending;
        }
      }
      i = j;
    }
  }

  private prepare(input: SqlFile): { ctx: FileContext; spans: ReturnType<typeof lexSql>['statements'] } {
    const lexed = lexSql(input.text);
    const lines = new LineIndex(input.text, input.startLine ?? 1, input.startColumn ?? 1);
    return { ctx: new FileContext(input.file, input.text, lines, lexed.comments), spans: lexed.statements };
  }

  private replayDialect(input: SqlFile, dialect: Dialect): Promise<void> | undefined {
    // SQL Server's batch separator `GO` (a line of its own) ends a statement as `;` does
    if (dialect === 'sqlserver') input = { ...input, text: input.text.replace(/^([ \t]*)GO([ \t]*\r?)$/gim, '$1; $2') };
    const { ctx, spans } = this.prepare(input);
    const read = readDialect(dialect, input.text, spans, (index) => ctx.loc(index));
    if (read instanceof Promise) return read.then((r) => this.applyRead(r, ctx, dialect));
    this.applyRead(read, ctx, dialect);
    return undefined;
  }

  private applyRead(read: DialectRead, ctx: FileContext, dialect: Dialect): void {
    for (const f of read.failures) this.diagnostics.push({ code: 'parse-error', message: `${DIALECT_NAMES[dialect]} parser rejects this statement: ${f.message}`, location: ctx.loc(f.index) });
    for (const op of read.ops) this.applyOp(op, ctx);
  }

  private async replayPostgres(inputs: SqlFile[]): Promise<void> {
    const prepared = inputs.map((input) => this.prepare(input));
    await parseTextsInChunks(
      inputs.map((input, i) => ({ text: input.text, spans: prepared[i].spans })),
      (i, statements, failures) => {
        const { ctx } = prepared[i];
        for (const f of failures) {
          this.diagnostics.push({ code: 'parse-error', message: `PostgreSQL rejects this statement: ${f.message}`, location: ctx.loc(f.index) });
        }
        // within a chunk, statements parsed one by one after a rejection come in span order already
        statements.sort((a, b) => a.start - b.start);
        for (const s of statements) {
          try {
            this.apply(s, ctx);
          } catch (e) {
            this.diagnostics.push({ code: 'parse-error', message: `statement not understood: ${(e as Error).message}`, location: ctx.loc(s.start) });
          }
        }
      },
    );
  }

  // ───────────────────────── the statement model (other dialects, migrations in code) ─────────────────────────

  /**
   * Applies one statement of the model to the tables replayed so far. `ctx` is the SQL file it was
   * read from (its `--` comments annotate like PostgreSQL's); code passes its comments in `notes`.
   */
  applyOp(op: SchemaOp, ctx?: FileContext): void {
    const key = this.keyOfName(op.table);
    const table = this.tables.get(key);
    switch (op.op) {
      case 'create-table': {
        if (table && op.ifNotExists) return;
        if (table) this.diagnostics.push({ code: 'unresolved', message: `table ${key} is created again; the later definition replaces the earlier one`, location: op.location });
        const [schema, ...rest] = key.split('.');
        const created: TableState = { schema, name: rest.join('.'), location: op.location, columns: new Map(), inline: NONE };
        const line = op.location.line;
        if (ctx?.annotates) {
          const at = this.indexOfLine(ctx, op.location);
          this.annotate(ctx.commentsFor(ctx.lineZero(at), at, true), ctx, created, () => `sql:table:${key}`);
        }
        if (op.notes) this.annotateNotes(op.notes, created, () => `sql:table:${key}`);
        for (const c of op.columns) this.addSpec(created, c, ctx, line);
        this.tables.set(key, created);
        return;
      }
      case 'drop-table':
        this.tables.delete(key);
        this.rowTtl.delete(key);
        return;
    }
    if (!table) {
      this.notes.push({ message: `${describeOp(op)} ${key}: no such table in the migrations before this one`, location: op.location });
      return;
    }
    switch (op.op) {
      case 'add-column':
        if (!(op.ifNotExists && table.columns.has(op.column.name))) this.addSpec(table, op.column, ctx, op.location.line, true);
        return;
      case 'drop-column':
        table.columns.delete(op.column);
        return;
      case 'rename-column': {
        const col = table.columns.get(op.from);
        if (!col) return;
        table.columns.delete(op.from);
        col.name = op.to;
        table.columns.set(op.to, col);
        return;
      }
      case 'alter-column-type': {
        const col = table.columns.get(op.column);
        if (col && op.sqlType) col.sqlType = op.sqlType;
        return;
      }
      case 'rename-table': {
        const to = this.keyOfName({ schema: op.to.schema ?? op.table.schema, name: op.to.name });
        this.tables.delete(key);
        const [schema, ...rest] = to.split('.');
        table.schema = schema;
        table.name = rest.join('.');
        this.tables.set(to, table);
        const ttl = this.rowTtl.get(key);
        if (ttl) {
          this.rowTtl.delete(key);
          this.rowTtl.set(to, ttl);
        }
        return;
      }
      case 'row-ttl': {
        const via = `${op.text.length > 120 ? `${op.text.slice(0, 120)}…` : op.text} (rows removed by age)`;
        const evidence: RetentionEvidence = op.seconds !== undefined
          ? { status: 'known', duration: toDuration(op.seconds), bound: 'max', via, location: op.location }
          : { status: 'unknown', bound: 'max', reason: op.reason ?? 'the TTL could not be read', via, location: op.location };
        // MODIFY TTL replaces the table's TTL
        this.rowTtl.set(key, [evidence]);
        return;
      }
    }
  }

  private keyOfName(t: TableName): string {
    return this.key(t.schema, t.name);
  }

  private indexOfLine(ctx: FileContext, at: Location): number {
    return ctx.lines.lineStart(at.line - (ctx.lines.position(0).line)) + Math.max(0, at.column - 1);
  }

  private addSpec(table: TableState, c: ColumnSpec, ctx: FileContext | undefined, statementLine: number, alter = false): void {
    const key = `${table.schema}.${table.name}`;
    const col: ColumnState = { name: c.name, sqlType: c.sqlType, location: c.location, inline: NONE };
    if (ctx?.annotates) {
      const at = this.indexOfLine(ctx, c.location);
      const line = ctx.lineZero(at);
      const comments = line !== ctx.lineZero(this.indexOfLine(ctx, { ...c.location, line: statementLine, column: 1 })) || alter ? ctx.commentsFor(line, at, false) : ctx.trailingAfter(line, at);
      this.annotate(comments, ctx, col, () => `sql:column:${key}.${c.name}`);
    }
    if (c.notes) this.annotateNotes(c.notes, col, () => `sql:column:${key}.${c.name}`);
    table.columns.set(c.name, col);
  }

  private annotateNotes(notes: Array<{ text: string; location: Location }>, into: Annotatable, storeId: () => string): void {
    for (const n of notes) addAnnotations(into, this.annotateText(n.text, n.location, storeId));
  }

  // ───────────────────────── statements ─────────────────────────

  private apply(s: ParsedStatement, ctx: FileContext): void {
    const t = nodeType(s.node);
    if (!t) return;
    const [type, body] = t;
    switch (type) {
      case 'CreateStmt':
        return this.createTable(body, s, ctx);
      case 'CreateTableAsStmt':
        return this.createTableAs(body, s, ctx);
      case 'AlterTableStmt':
        return this.alterTable(body, s, ctx);
      case 'RenameStmt':
        return this.rename(body);
      case 'AlterObjectSchemaStmt':
        return this.setSchema(body);
      case 'DropStmt':
        return this.drop(body);
      case 'CommentStmt':
        return this.comment(body, s, ctx);
      case 'VariableSetStmt':
        if (body.name === 'search_path') {
          const first = list(body.args).map((a) => stringOf(a) ?? str(as(a, 'A_Const')?.sval)).find((x) => x && x !== '$user');
          if (first) this.searchSchema = first;
        }
        return;
      case 'CreateFunctionStmt':
        return this.createFunction(body, s, ctx);
      case 'SelectStmt':
      case 'CallStmt':
        return this.calls(s, ctx);
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
        if (this.partmanConfig(type, body, s, ctx)) return;
        if (this.embedded) this.direct(s, ctx);
        return;
      case 'DoStmt':
        return this.doBlock(body, s, ctx);
    }
  }

  /**
   * DO blocks: migrations often schedule jobs idempotently (`IF NOT EXISTS … THEN PERFORM
   * cron.schedule(…)`). The PL/pgSQL body is parsed and its SQL statements read like top-level ones,
   * located at the DO statement.
   */
  private doBlock(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const pg = parserSync();
    const code = list(body.args).map((a) => as(a, 'DefElem')).find((d) => d?.defname === 'as');
    const text = code ? str(code.arg) : undefined;
    if (!pg || !text) return;
    let tree: unknown;
    try {
      tree = pg.parsePlPgSQLSync(`CREATE FUNCTION pp_do_block() RETURNS void LANGUAGE plpgsql AS $pp_do$${text}$pp_do$`);
    } catch {
      this.diagnostics.push({ code: 'parse-error', message: 'PostgreSQL rejects the PL/pgSQL of this DO block', location: ctx.loc(s.start) });
      return;
    }
    const queries: string[] = [];
    walk(tree, (obj) => {
      for (const k of ['PLpgSQL_stmt_perform', 'PLpgSQL_stmt_execsql']) {
        const st = obj[k] as AstObject | undefined;
        if (!st) continue;
        const expr = (st.expr ?? st.sqlstmt) as AstObject | undefined;
        const q = (field(expr, 'PLpgSQL_expr') as AstObject | undefined)?.query;
        if (typeof q === 'string') queries.push(q);
      }
    });
    for (const q of queries) {
      let stmts: Array<{ stmt: AstObject }> = [];
      try {
        stmts = pg.parseSync(q).stmts ?? [];
      } catch {
        continue;
      }
      for (const st of stmts) {
        const t = nodeType(st.stmt);
        if (t?.[0] === 'DoStmt') continue;
        this.apply({ node: st.stmt, start: s.start, end: s.end, toIndex: () => s.start }, ctx);
      }
    }
  }

  private key(schema: unknown, name: string): string {
    return `${typeof schema === 'string' && schema ? schema : this.searchSchema}.${name}`;
  }

  private keyOfRangeVar(rv: unknown): string | undefined {
    const r = (as(rv, 'RangeVar') ?? rv) as AstObject | undefined;
    if (!r || typeof r.relname !== 'string') return undefined;
    return this.key(r.schemaname, r.relname);
  }

  /** 'public.t', 't', '"T"' as written in a string argument. */
  private keyOfText(text: string): string {
    const parts = text.split('.').map((p) => (p.startsWith('"') ? p.replace(/^"|"$/g, '') : p.toLowerCase()));
    return parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : this.key(undefined, parts[0]);
  }

  private createTable(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const key = this.keyOfRangeVar(body.relation);
    if (!key) return;
    // a temporary table lives for one session: it keeps nothing
    if ((body.relation as AstObject | undefined)?.relpersistence === 't') return;
    if (this.tables.has(key)) {
      if (body.if_not_exists) return;
      this.diagnostics.push({ code: 'unresolved', message: `table ${key} is created again; the later definition replaces the earlier one`, location: ctx.loc(s.start) });
    }
    const [schema, ...rest] = key.split('.');
    const table: TableState = {
      schema,
      name: rest.join('.'),
      location: ctx.loc(s.start),
      columns: new Map(),
      inline: NONE,
    };
    const tableLine = ctx.lineZero(s.start);
    this.annotate(ctx.commentsFor(tableLine, s.start, true), ctx, table, () => `sql:table:${key}`);
    const inh = list(body.inhRelations).map((r) => this.keyOfRangeVar(r)).filter((x): x is string => !!x);
    if (body.partbound && inh.length) {
      table.partitionOf = inh[0];
    } else if (inh.length) {
      table.inherits = inh;
      for (const parent of inh) {
        for (const col of this.tables.get(parent)?.columns.values() ?? []) table.columns.set(col.name, { ...col, comment: undefined });
      }
    }
    const spec = field(body, 'partspec') as AstObject | undefined;
    if (spec) {
      const strategy = String(spec.strategy ?? '').replace(/^PARTITION_STRATEGY_/, '').toLowerCase();
      const keys = list(spec.partParams).map((p) => (as(p, 'PartitionElem')?.name as string | undefined) ?? 'expression');
      table.partitionBy = `${strategy} (${keys.join(', ')})`;
    }
    for (const elt of list(body.tableElts)) {
      const def = as(elt, 'ColumnDef');
      if (def) {
        this.addColumn(table, def, s, ctx, tableLine);
        continue;
      }
      const like = as(elt, 'TableLikeClause');
      if (like) {
        const src = this.tables.get(this.keyOfRangeVar(like.relation) ?? '');
        for (const col of src?.columns.values() ?? []) table.columns.set(col.name, { ...col, comment: undefined, inline: NONE });
      }
    }
    this.tables.set(key, table);
  }

  private createTableAs(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const into = body.into as AstObject | undefined;
    if (!into || body.objtype === 'OBJECT_MATVIEW') return;
    const key = this.keyOfRangeVar(into.rel);
    if (!key) return;
    const [schema, ...rest] = key.split('.');
    const table: TableState = { schema, name: rest.join('.'), location: ctx.loc(s.start), columns: new Map(), inline: NONE };
    this.annotate(ctx.commentsFor(ctx.lineZero(s.start), s.start, true), ctx, table, () => `sql:table:${key}`);
    const derived = this.selectColumns(body.query);
    const named = list(into.colNames).map((c) => str(c));
    for (let i = 0; i < Math.max(named.length, derived.length); i++) {
      const name = named[i] ?? derived[i]?.name;
      if (name) table.columns.set(name, { name, sqlType: derived[i]?.sqlType ?? '', location: ctx.loc(s.start), inline: NONE });
    }
    this.tables.set(key, table);
  }

  /**
   * The columns a `CREATE TABLE … AS SELECT` makes: each output column's name (its alias, or the
   * column it reads) and, for a column of a table it reads from, that column's type. `*` copies the
   * columns of the tables read from. Empty when the query is not a plain SELECT.
   */
  private selectColumns(query: unknown): Array<{ name: string; sqlType?: string }> {
    const select = as(query, 'SelectStmt');
    if (!select) return [];
    const from = list(select.fromClause)
      .map((f) => this.tables.get(this.keyOfRangeVar(f) ?? ''))
      .filter((t): t is TableState => !!t);
    const typeOf = (col: string): string | undefined => {
      for (const t of from) {
        const c = t.columns.get(col);
        if (c) return c.sqlType;
      }
      return undefined;
    };
    const out: Array<{ name: string; sqlType?: string }> = [];
    for (const item of list(select.targetList)) {
      const target = as(item, 'ResTarget');
      if (!target) continue;
      const ref = as(target.val, 'ColumnRef');
      const fields = ref ? list(ref.fields) : [];
      const last = fields[fields.length - 1];
      if (!target.name && last && as(last, 'A_Star') !== undefined) {
        for (const t of from) for (const c of t.columns.values()) out.push({ name: c.name, sqlType: c.sqlType });
        continue;
      }
      const column = last === undefined ? undefined : str(last);
      const name = typeof target.name === 'string' ? target.name : column;
      if (!name) continue;
      const sqlType = column === undefined ? undefined : typeOf(column);
      out.push(sqlType ? { name, sqlType } : { name });
    }
    return out;
  }

  private addColumn(table: TableState, def: AstObject, s: ParsedStatement, ctx: FileContext, statementLine: number, alter = false): void {
    const name = def.colname;
    if (typeof name !== 'string') return;
    const at = typeof def.location === 'number' ? s.toIndex(def.location) : s.start;
    const line = ctx.lineZero(at);
    const col: ColumnState = { name, sqlType: typeText(def.typeName), location: ctx.loc(at), inline: NONE };
    const key = `${table.schema}.${table.name}`;
    // A column on the CREATE TABLE line shares its comments with the table; in ALTER … ADD COLUMN it owns them.
    if (alter && line !== statementLine) this.annotate([...ctx.commentsFor(statementLine, at, true).filter((c) => c.comment.ownLine), ...ctx.commentsFor(line, at, false)], ctx, col, () => `sql:column:${key}.${name}`);
    else if (line !== statementLine || alter) this.annotate(ctx.commentsFor(line, at, false), ctx, col, () => `sql:column:${key}.${name}`);
    else this.annotate(ctx.trailingAfter(line, at), ctx, col, () => `sql:column:${key}.${name}`);
    table.columns.set(name, col);
  }

  private alterTable(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    if (body.objtype && body.objtype !== 'OBJECT_TABLE') return;
    const key = this.keyOfRangeVar(body.relation);
    const table = key ? this.tables.get(key) : undefined;
    if (!key) return;
    for (const c of list(body.cmds)) {
      const cmd = as(c, 'AlterTableCmd');
      if (!cmd) continue;
      const sub = cmd.subtype;
      if (sub === 'AT_AttachPartition' || sub === 'AT_DetachPartition') {
        const part = as(cmd.def, 'PartitionCmd');
        const childKey = this.keyOfRangeVar(part?.name);
        const child = childKey ? this.tables.get(childKey) : undefined;
        if (child) child.partitionOf = sub === 'AT_AttachPartition' ? key : undefined;
        continue;
      }
      if (!table) {
        // only a change to what the table holds is lost: constraints, row level security, owners,
        // triggers on a table the repository does not create (Supabase's auth.users) are no news
        if (!body.missing_ok && (sub === 'AT_AddColumn' || sub === 'AT_AlterColumnType')) {
          this.notes.push({ message: `ALTER TABLE ${key}: no such table in the migrations before this one`, location: ctx.loc(s.start) });
          return;
        }
        continue;
      }
      if (sub === 'AT_AddColumn') {
        const def = as(cmd.def, 'ColumnDef');
        if (def && !(cmd.missing_ok && table.columns.has(String(def.colname)))) this.addColumn(table, def, s, ctx, ctx.lineZero(s.start), true);
      } else if (sub === 'AT_DropColumn') {
        if (typeof cmd.name === 'string') table.columns.delete(cmd.name);
      } else if (sub === 'AT_AlterColumnType') {
        const col = typeof cmd.name === 'string' ? table.columns.get(cmd.name) : undefined;
        const def = as(cmd.def, 'ColumnDef');
        if (col && def) col.sqlType = typeText(def.typeName);
      }
    }
  }

  private rename(body: AstObject): void {
    const type = body.renameType;
    const key = this.keyOfRangeVar(body.relation);
    if (!key || typeof body.newname !== 'string') return;
    const table = this.tables.get(key);
    if (!table) return;
    if (type === 'OBJECT_TABLE') {
      this.tables.delete(key);
      table.name = body.newname;
      const newKey = `${table.schema}.${table.name}`;
      this.tables.set(newKey, table);
      for (const t of this.tables.values()) {
        if (t.partitionOf === key) t.partitionOf = newKey;
        if (t.inherits) t.inherits = t.inherits.map((k) => (k === key ? newKey : k));
      }
    } else if (type === 'OBJECT_COLUMN' && typeof body.subname === 'string') {
      const col = table.columns.get(body.subname);
      if (!col) return;
      table.columns.delete(body.subname);
      col.name = body.newname;
      table.columns.set(col.name, col);
    }
  }

  private setSchema(body: AstObject): void {
    if (body.objectType !== 'OBJECT_TABLE' || typeof body.newschema !== 'string') return;
    const key = this.keyOfRangeVar(body.relation);
    const table = key ? this.tables.get(key) : undefined;
    if (!key || !table) return;
    this.tables.delete(key);
    table.schema = body.newschema;
    this.tables.set(`${table.schema}.${table.name}`, table);
  }

  private drop(body: AstObject): void {
    if (body.removeType !== 'OBJECT_TABLE') {
      if (body.removeType === 'OBJECT_SCHEMA' && body.behavior === 'DROP_CASCADE') {
        for (const o of list(body.objects)) {
          const schema = str(o);
          for (const k of [...this.tables.keys()]) if (k.startsWith(`${schema}.`)) this.tables.delete(k);
        }
      }
      return;
    }
    for (const o of list(body.objects)) {
      const parts = names(o);
      const key = parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : this.key(undefined, parts[0]);
      this.tables.delete(key);
      for (const [k, t] of [...this.tables]) if (t.partitionOf === key) this.tables.delete(k);
    }
  }

  private comment(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const parts = names(body.object);
    const text = typeof body.comment === 'string' ? body.comment : undefined;
    const at = ctx.commentStringIndex(s);
    if (body.objtype === 'OBJECT_TABLE') {
      const key = parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : this.key(undefined, parts[0]);
      const table = this.tables.get(key);
      if (!table) return this.unknownTarget(`COMMENT ON TABLE ${parts.join('.')}`, text, s, ctx);
      table.comment = text === undefined ? undefined : this.annotateText(text, ctx.loc(at), () => `sql:table:${key}`);
    } else if (body.objtype === 'OBJECT_COLUMN') {
      const col = parts[parts.length - 1];
      const tparts = parts.slice(0, -1);
      const key = tparts.length >= 2 ? `${tparts[tparts.length - 2]}.${tparts[tparts.length - 1]}` : this.key(undefined, tparts[0]);
      const column = this.tables.get(key)?.columns.get(col);
      if (!column) return this.unknownTarget(`COMMENT ON COLUMN ${parts.join('.')}`, text, s, ctx);
      column.comment = text === undefined ? undefined : this.annotateText(text, ctx.loc(at), () => `sql:column:${key}.${col}`);
    } else if ((body.objtype === 'OBJECT_FUNCTION' || body.objtype === 'OBJECT_PROCEDURE') && text) {
      const fn = as(body.object, 'ObjectWithArgs');
      const fname = names(fn?.objname).join('.');
      this.annotateText(text, ctx.loc(at), () => `sql:function:${fname}`, fname);
    }
  }

  /** A comment on something that is not a table or column here (a view's column) is news only when it annotates. */
  private unknownTarget(what: string, text: string | undefined, s: ParsedStatement, ctx: FileContext): void {
    if (!text || !/@(?:category|retention|policy-ignore|implements)\b/.test(text)) return;
    this.diagnostics.push({ code: 'unresolved', message: `${what}: no such table or column in the migrations before this one`, location: ctx.loc(s.start) });
  }

  private createFunction(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const fname = names(body.funcname);
    const key = fname.length >= 2 ? fname.join('.') : `${this.searchSchema}.${fname[0]}`;
    let language = 'sql';
    let text = '';
    for (const o of list(body.options)) {
      const d = as(o, 'DefElem');
      if (!d) continue;
      if (d.defname === 'language') language = String(str(d.arg) ?? 'sql').toLowerCase();
      if (d.defname === 'as') text = list(d.arg).map((x) => str(x) ?? '').join('\n') || (str(d.arg) ?? '');
    }
    const statementText = ctx.text.slice(s.start, s.end);
    this.functions.set(key, { name: key, language, body: text, ...(body.sql_body ? { sqlBody: body.sql_body } : {}), statementText, location: ctx.loc(s.start) });
    const line = ctx.lineZero(s.start);
    this.annotate(ctx.commentsFor(line, s.start, true), ctx, { inline: NONE }, () => `sql:function:${key}`, key);
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

  // ───────────────────────── retention mechanisms ─────────────────────────

  /** cron.schedule, add_retention_policy, create_parent … anywhere in a SELECT/CALL. */
  private calls(s: ParsedStatement, ctx: FileContext): void {
    for (const call of funcCalls(s.node)) {
      const fn = names(call.funcname);
      const name = fn[fn.length - 1];
      const qualified = fn.join('.');
      const at = typeof call.location === 'number' ? s.toIndex(call.location) : s.start;
      const { positional, named } = callArgs(call);
      if ((name === 'schedule' && (fn[0] === 'cron' || fn.length === 1)) || name === 'schedule_in_database') {
        const jobName = stringOf(named.get('job_name') ?? (positional.length >= 3 || name === 'schedule_in_database' ? positional[0] : undefined));
        const command = named.get('command') ?? (positional.length >= 3 ? positional[2] : positional[1]);
        const schedule = stringOf(named.get('schedule') ?? (positional.length >= 3 ? positional[1] : positional[0])) ?? '?';
        const id = jobName ?? `#${++this.jobCount}`;
        this.jobs.set(id, { name: id, schedule, command, location: ctx.loc(at) });
      } else if (name === 'unschedule' && fn[0] === 'cron') {
        const jobName = stringOf(positional[0]);
        if (jobName) this.jobs.delete(jobName);
      } else if (name === 'add_retention_policy') {
        const rel = stringOf(named.get('relation') ?? named.get('hypertable') ?? positional[0]);
        const drop = named.get('drop_after') ?? positional[1] ?? named.get('drop_created_before');
        const table = rel ? this.tables.get(this.keyOfText(rel)) : undefined;
        if (!rel || !table) {
          this.diagnostics.push({ code: 'unresolved', message: `${qualified}(): ${rel ? `no table ${rel} in the migrations` : 'the table is not a constant'}`, location: ctx.loc(at) });
          continue;
        }
        table.timescale = { node: drop, location: ctx.loc(at), via: `TimescaleDB add_retention_policy('${rel}')` };
      } else if (name === 'remove_retention_policy') {
        const rel = stringOf(named.get('relation') ?? named.get('hypertable') ?? positional[0]);
        const table = rel ? this.tables.get(this.keyOfText(rel)) : undefined;
        if (table) table.timescale = undefined;
      } else if (name === 'create_parent' && (fn[0] === 'partman' || fn.length === 1)) {
        const rel = stringOf(named.get('p_parent_table') ?? positional[0]);
        const table = rel ? this.tables.get(this.keyOfText(rel)) : undefined;
        if (table) table.partman ??= { keepTable: true, location: ctx.loc(at) };
      }
    }
  }

  /** INSERT INTO / UPDATE partman.part_config: pg_partman's retention settings. */
  private partmanConfig(type: string, body: AstObject, s: ParsedStatement, ctx: FileContext): boolean {
    const rel = (body.relation ?? {}) as AstObject;
    if (rel.relname !== 'part_config' || (rel.schemaname !== undefined && rel.schemaname !== 'partman')) return false;
    const location = ctx.loc(s.start);
    const apply = (parent: string | undefined, values: Map<string, unknown>): void => {
      const table = parent ? this.tables.get(this.keyOfText(parent)) : undefined;
      if (!parent || !table) {
        this.diagnostics.push({ code: 'unresolved', message: `pg_partman part_config: ${parent ? `no table ${parent} in the migrations` : 'the parent table is not a constant'}`, location });
        return;
      }
      const cfg = (table.partman ??= { keepTable: true, location });
      cfg.location = location;
      if (values.has('retention')) {
        const v = values.get('retention');
        cfg.retention = constValue(v) === null ? null : stringOf(v) ?? undefined;
      }
      if (values.has('retention_keep_table')) cfg.keepTable = boolOf(values.get('retention_keep_table')) ?? true;
    };
    if (type === 'UpdateStmt') {
      const values = new Map<string, unknown>();
      for (const t of list(body.targetList)) {
        const rt = as(t, 'ResTarget');
        if (rt && typeof rt.name === 'string') values.set(rt.name, rt.val);
      }
      apply(parentFromWhere(body.whereClause), values);
      return true;
    }
    if (type === 'InsertStmt') {
      const cols = list(body.cols).map((c) => String(as(c, 'ResTarget')?.name ?? ''));
      const select = as(body.selectStmt, 'SelectStmt');
      for (const row of list(select?.valuesLists)) {
        const values = new Map<string, unknown>();
        list(row).forEach((v, i) => values.set(cols[i] ?? `#${i}`, v));
        apply(stringOf(values.get('parent_table')), values);
      }
      return true;
    }
    return true;
  }

  /** SQL embedded in code: a DELETE/UPDATE it runs is a cleanup job of its own. */
  private direct(s: ParsedStatement, ctx: FileContext): void {
    const purge = purgeOf(s.node);
    // Application code deletes single rows all the time (logout, "delete my account"): only a
    // statement that removes rows by their age is a retention mechanism.
    if (!purge || purge.ageColumn === undefined) return;
    this.directEvidence.push({ table: purge.table, evidence: evidenceOf(purge, `${purge.action === 'delete' ? 'DELETE' : 'UPDATE'} in code`, ctx.loc(s.start)) });
  }

  // ───────────────────────── annotations ─────────────────────────

  private annotate(comments: Array<{ comment: SqlComment }>, ctx: FileContext, into: Annotatable, storeId: () => string, functionName?: string): void {
    for (const { comment } of comments) {
      if (!comment.text.includes('@')) continue;
      addAnnotations(into, this.annotateText(comment.text, ctx.loc(comment.textStart), storeId, functionName));
    }
  }

  private annotateText(text: string, at: Location, storeId: () => string, functionName?: string): Annotated {
    const out = empty();
    if (!text.includes('@')) return out;
    for (const a of parseAnnotations(text, at.line, at.column)) {
      const location: Location = { file: at.file, line: a.line, column: a.column };
      switch (a.tag) {
        case 'category':
          for (const id of a.ids) {
            out.claims.push({ id, via: 'annotation', location });
            this.references.push({ id, tag: 'category', location });
          }
          break;
        case 'policy-ignore':
          out.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location, storeId: storeId() });
          break;
        case 'implements':
          this.references.push({ id: a.id, tag: 'implements', location });
          if (functionName) this.implementations.push({ category: a.id, promise: a.promise, symbol: functionName, location });
          else this.diagnostics.push({ code: 'annotation-error', message: '@implements belongs on a function or procedure', location });
          break;
        case 'retention':
          this.references.push({ id: a.id, tag: 'retention', location });
          this.diagnostics.push({ code: 'annotation-error', message: '@retention belongs on a constant or setting; in SQL, retention is read from the jobs that delete rows (pg_cron, pg_partman, TimescaleDB)', location });
          break;
        case 'invalid':
          this.diagnostics.push({ code: a.code ?? 'annotation-error', message: a.message, location });
          break;
      }
    }
    return out;
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
    for (const [key, table] of this.tables) {
      const l = evidence.get(key) ?? [];
      if (table.timescale) l.push(this.timescaleEvidence(table.timescale));
      l.push(...(this.rowTtl.get(key) ?? []));
      if (table.partman?.retention !== undefined && table.partman.retention !== null) l.push(partmanEvidence(key, table.partman));
      evidence.set(key, l);
    }

    const partitionsOf = new Map<string, string[]>();
    for (const [key, t] of this.tables) {
      if (!t.partitionOf) continue;
      const l = partitionsOf.get(t.partitionOf);
      if (l) l.push(key);
      else partitionsOf.set(t.partitionOf, [key]);
    }

    for (const [key, table] of this.tables) {
      const id = `sql:table:${key}`;
      const details: Record<string, string> = {};
      if (table.partitionBy) details.partitionBy = table.partitionBy;
      const parts = partitionsOf.get(key);
      if (parts) details.partitions = String(parts.length);
      if (table.inherits) details.inherits = table.inherits.join(', ');
      if (table.partman) details.partman = table.partman.retention ? `retention ${table.partman.retention}, keep table ${table.partman.keepTable}` : 'managed, no retention';
      const claims = ownClaims(table);
      pushSuppressions(suppressions, table);
      if (table.partitionOf) {
        details.partitionOf = table.partitionOf;
        stores.push({ id, kind: 'partition', name: key, source: this.source, location: table.location, parent: `sql:table:${table.partitionOf}`, categories: claims, dataTypes: [], retention: [], retentionBearing: false, details });
        continue;
      }
      const retention = sortEvidence(evidence.get(key) ?? []);
      stores.push(Object.keys(details).length
        ? { id, kind: 'table', name: key, source: this.source, location: table.location, categories: claims, dataTypes: [], retention, retentionBearing: true, details }
        : { id, kind: 'table', name: key, source: this.source, location: table.location, categories: claims, dataTypes: [], retention, retentionBearing: true });
      // (one literal per shape, fields in the same order, rather than spreads: a schema has thousands of columns)
      for (const col of table.columns.values()) {
        pushSuppressions(suppressions, col);
        const name = `${key}.${col.name}`;
        const categories = ownClaims(col);
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
      diagnostics: sortedByLocation(this.diagnostics),
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

/** A table's or column's claims, written inline and in its COMMENT ON, as a list of its own. */
function ownClaims(d: { inline: Annotated; comment?: Annotated }): CategoryClaim[] {
  return d.comment ? [...d.inline.claims, ...d.comment.claims] : d.inline.claims.slice();
}

function pushSuppressions(out: Suppression[], d: { inline: Annotated; comment?: Annotated }): void {
  if (d.inline.suppressions.length) out.push(...d.inline.suppressions);
  if (d.comment?.suppressions.length) out.push(...d.comment.suppressions);
}

function addAnnotations(into: Annotatable, got: Annotated): void {
  if (got.claims.length === 0 && got.suppressions.length === 0) return;
  if (into.inline === NONE) into.inline = empty();
  into.inline.claims.push(...got.claims);
  into.inline.suppressions.push(...got.suppressions);
}

function isPostgres(d: Dialect | undefined): boolean {
  return d === undefined || d === 'postgresql' || d === 'cockroachdb';
}

function describeOp(op: SchemaOp): string {
  return op.op === 'row-ttl' ? 'TTL on' : `${op.op.replace(/-/g, ' ').toUpperCase()} on`;
}

/** The statements of every job command, parsed together; undefined where a command is rejected. */
async function parseCommands(commands: Array<string | undefined>): Promise<Array<Array<{ node: AstObject }> | undefined>> {
  const inputs = commands.map((c) => ({ text: c ?? '', spans: c === undefined ? [] : lexSql(c).statements }));
  const parsed = await parseTexts(inputs);
  return parsed.map((p, i) => (commands[i] === undefined || p.failures.length ? undefined : p.statements.map((s) => ({ node: s.node }))));
}

function evidenceOf(p: Purge, via: string, location: Location): RetentionEvidence {
  const what = p.action === 'delete' ? 'deletes rows' : `sets ${p.columns.join(', ')} to NULL`;
  const age = p.age.ok ? ` older than ${describeSeconds(p.age.seconds)}` : '';
  return resolvedEvidence(p.age, `${via}: ${what}${age}${p.ageColumn ? ` (by ${p.ageColumn})` : ''}`, location);
}

/**
 * A job that runs less often than daily keeps a row up to its age plus the gap between runs
 * (cron.ts); a daily (or more frequent) job counts as its age.
 */
function withSchedule(e: RetentionEvidence, schedule: string): RetentionEvidence {
  const gap = gapBeyondDaily(schedule);
  if (gap === undefined || e.status !== 'known' || !e.duration) return e;
  const seconds = e.duration.seconds + gap;
  return {
    ...e,
    duration: toDuration(seconds),
    via: `${e.via}; it runs up to ${describeSeconds(gap)} apart, so a row is kept up to ${describeSeconds(seconds)}`,
  };
}

function resolvedEvidence(r: Resolved, via: string, location: Location): RetentionEvidence {
  return r.ok
    ? { status: 'known', duration: toDuration(r.seconds, r.text), bound: 'max', via, location }
    : { status: 'unknown', bound: 'max', reason: r.reason, via, location };
}

function partmanEvidence(key: string, cfg: PartmanConfig): RetentionEvidence {
  const via = `pg_partman part_config.retention of ${key}`;
  const r = parseIntervalText(cfg.retention ?? '');
  if (cfg.keepTable) {
    return {
      status: 'forever', bound: 'max', via, location: cfg.location,
      ...(r.ok ? { duration: toDuration(r.seconds, r.text) } : {}),
      reason: `retention_keep_table is true (pg_partman's default): partitions older than '${cfg.retention}' are detached, not dropped, so their rows are kept; set retention_keep_table = false`,
    };
  }
  return resolvedEvidence(r, via, cfg.location);
}

function parentFromWhere(where: unknown): string | undefined {
  let found: string | undefined;
  walk(where, (obj) => {
    const e = obj.A_Expr as AstObject | undefined;
    if (!e || names(e.name)[0] !== '=') return;
    const col = names((as(e.lexpr, 'ColumnRef') ?? {}).fields).pop();
    if (col === 'parent_table') found ??= stringOf(e.rexpr);
  });
  return found;
}

function sortEvidence(list: RetentionEvidence[]): RetentionEvidence[] {
  return list.sort((a, b) => byLocation(a, b) || (a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}

/** Sorts in place by location; a list replayed in file order is mostly sorted already, and is then only checked. */
function sortedByLocation<T extends { location: Location; id?: string }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (byLocation(list[i - 1], list[i]) > 0) return list.sort(byLocation);
  return list;
}

function byLocation(a: { location: Location; id?: string }, b: { location: Location; id?: string }): number {
  const fa = a.location.file;
  const fb = b.location.file;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.location.line - b.location.line || a.location.column - b.location.column || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0);
}
