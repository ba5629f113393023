/**
 * The state a replay keeps (tables with their columns, functions, cron jobs, TTLs), how names become
 * keys, how annotations are read from comments, and the statement model every dialect other than
 * PostgreSQL and every migration in code is read into (model.ts). The PostgreSQL statements are
 * replay-statements.ts; reading files and the result are replay.ts.
 */
import { parseAnnotations } from '../../core/annotations.js';
import type { CategoryClaim, CategoryReference, Diagnostic, Implementation, Location, RetentionEvidence, SourceKind, Suppression } from '../../core/types.js';
import { as } from './ast.js';
import type { AstObject } from './parse.js';
import type { ColumnSpec, SchemaOp, TableName } from './model.js';
import { toDuration } from './interval.js';
import type { FileContext } from './file-context.js';
import type { SqlComment } from './lex.js';

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

export interface ColumnState {
  name: string;
  sqlType: string;
  location: Location;
  inline: Annotated;
  comment?: Annotated;
}

export interface PartmanConfig {
  retention?: string | null;
  keepTable: boolean;
  location: Location;
}

export interface TableState {
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

export interface FunctionState {
  name: string;
  language: string;
  body: string;
  /** BEGIN ATOMIC … END: the statements, already parsed */
  sqlBody?: unknown;
  statementText: string;
  location: Location;
}

export interface CronJob {
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
export const NONE: Annotated = Object.freeze({ claims: Object.freeze([]) as unknown as CategoryClaim[], suppressions: Object.freeze([]) as unknown as Suppression[] });

/** What annotations are written into: a table or column (its `inline`), or a sink that is thrown away. */
interface Annotatable {
  inline: Annotated;
}

/** One database's schema being replayed: its state and the statement model. */
export abstract class ReplayState {
  protected readonly tables = new Map<string, TableState>();
  protected readonly functions = new Map<string, FunctionState>();
  protected readonly jobs = new Map<string, CronJob>();
  protected jobCount = 0;
  protected searchSchema = 'public';
  readonly diagnostics: Diagnostic[] = [];
  readonly references: CategoryReference[] = [];
  readonly implementations: Implementation[] = [];
  /** what is worth saying under --verbose only: statements naming tables the history does not know */
  readonly notes: Array<{ message: string; location: Location }> = [];
  /** a table's removal of rows by age written in its own definition (ClickHouse TTL) */
  protected readonly rowTtl = new Map<string, RetentionEvidence[]>();
  /** per file, the tables it creates that an earlier file had created (said once per file by `createdAgainNotes`) */
  private readonly createdAgain = new Map<string, { location: Location; tables: string[] }>();

  /** A table created again: the later definition replaces the earlier one (one note per file, at its first). */
  protected tableCreatedAgain(key: string, location: Location): void {
    const seen = this.createdAgain.get(location.file);
    if (seen) seen.tables.push(key);
    else this.createdAgain.set(location.file, { location, tables: [key] });
  }

  /**
   * The notes of the tables created again, one per file: an install schema beside its upgrade scripts
   * (OpenCATS' cats_schema.sql and upgrade-*.sql) creates dozens of tables twice, and one line says it.
   */
  protected createdAgainNotes(): Diagnostic[] {
    return [...this.createdAgain.values()].map(({ location, tables }) => {
      if (tables.length === 1) return { code: 'unresolved', message: `table ${tables[0]} is created again; the later definition replaces the earlier one`, location };
      const named = tables.length <= 4 ? tables.join(', ') : `${tables.slice(0, 3).join(', ')} and ${tables.length - 3} more`;
      return {
        code: 'unresolved',
        message: `${tables.length} tables are created again (${named}); the later definitions replace the earlier ones — if this file is an alternative to the earlier ones (an upgrade script beside a full schema), leave one out with \`exclude\` in policyproof.yaml`,
        location,
      };
    });
  }
  /** evidence from statements run directly (SQL embedded in code: a cleanup job's DELETE) */
  protected readonly directEvidence: Array<{ table: string[]; evidence: RetentionEvidence }> = [];

  constructor(
    protected readonly source: SourceKind = 'sql',
    /** SQL embedded in code runs as a job: its DELETEs are retention evidence */
    protected readonly embedded = false,
  ) {}

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
        if (table) this.tableCreatedAgain(key, op.location);
        const [schema, name] = splitKey(key);
        const created: TableState = { schema, name, location: op.location, columns: new Map(), inline: NONE };
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
        const [schema, name] = splitKey(to);
        table.schema = schema;
        table.name = name;
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

  protected keyOfName(t: TableName): string {
    return this.key(t.schema, t.name);
  }

  protected indexOfLine(ctx: FileContext, at: Location): number {
    return ctx.lines.lineStart(at.line - (ctx.lines.position(0).line)) + Math.max(0, at.column - 1);
  }

  protected addSpec(table: TableState, c: ColumnSpec, ctx: FileContext | undefined, statementLine: number, alter = false): void {
    const col: ColumnState = { name: c.name, sqlType: c.sqlType, location: c.location, inline: NONE };
    // (the store id is made only where annotations may be: most columns have none)
    if (ctx?.annotates) {
      const at = this.indexOfLine(ctx, c.location);
      const line = ctx.lineZero(at);
      const comments = line !== ctx.lineZero(this.indexOfLine(ctx, { ...c.location, line: statementLine, column: 1 })) || alter ? ctx.commentsFor(line, at, false) : ctx.trailingAfter(line, at);
      this.annotate(comments, ctx, col, () => columnId(table, c.name));
    }
    if (c.notes?.length) this.annotateNotes(c.notes, col, () => columnId(table, c.name));
    table.columns.set(c.name, col);
  }

  protected annotateNotes(notes: Array<{ text: string; location: Location }>, into: Annotatable, storeId: () => string): void {
    for (const n of notes) addAnnotations(into, this.annotateText(n.text, n.location, storeId));
  }


  protected key(schema: unknown, name: string): string {
    return `${typeof schema === 'string' && schema ? schema : this.searchSchema}.${name}`;
  }

  protected keyOfRangeVar(rv: unknown): string | undefined {
    const r = (as(rv, 'RangeVar') ?? rv) as AstObject | undefined;
    if (!r || typeof r.relname !== 'string') return undefined;
    return this.key(r.schemaname, r.relname);
  }

  /** 'public.t', 't', '"T"' as written in a string argument. */
  protected keyOfText(text: string): string {
    const parts = text.split('.').map((p) => (p.startsWith('"') ? p.replace(/^"|"$/g, '') : p.toLowerCase()));
    return parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : this.key(undefined, parts[0]);
  }


  // ───────────────────────── annotations ─────────────────────────

  protected annotate(comments: Array<{ comment: SqlComment }>, ctx: FileContext, into: Annotatable, storeId: () => string, functionName?: string): void {
    for (const { comment } of comments) {
      if (!comment.text.includes('@')) continue;
      addAnnotations(into, this.annotateText(comment.text, ctx.loc(comment.textStart), storeId, functionName));
    }
  }

  protected annotateText(text: string, at: Location, storeId: () => string, functionName?: string): Annotated {
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
}

function columnId(table: TableState, column: string): string {
  return `sql:column:${table.schema}.${table.name}.${column}`;
}

/** A table key's schema and name: up to its first dot, and the rest (as `split('.')` and a join of the rest). */
export function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return dot < 0 ? [key, ''] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** A table's or column's claims, written inline and in its COMMENT ON, as a list of its own. */
export function ownClaims(d: { inline: Annotated; comment?: Annotated }): CategoryClaim[] {
  if (d.comment) return [...d.inline.claims, ...d.comment.claims];
  // (a new empty list, not a slice of NONE's frozen one: slicing a frozen array takes V8's slow path,
  // a third of the result's cost in a schema of thousands of unannotated columns)
  return d.inline.claims.length ? d.inline.claims.slice() : [];
}

export function pushSuppressions(out: Suppression[], d: { inline: Annotated; comment?: Annotated }): void {
  if (d.inline.suppressions.length) out.push(...d.inline.suppressions);
  if (d.comment?.suppressions.length) out.push(...d.comment.suppressions);
}

function addAnnotations(into: Annotatable, got: Annotated): void {
  if (got.claims.length === 0 && got.suppressions.length === 0) return;
  if (into.inline === NONE) into.inline = empty();
  into.inline.claims.push(...got.claims);
  into.inline.suppressions.push(...got.suppressions);
}

function describeOp(op: SchemaOp): string {
  return op.op === 'row-ttl' ? 'TTL on' : `${op.op.replace(/-/g, ' ').toUpperCase()} on`;
}
