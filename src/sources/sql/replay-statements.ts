/**
 * PostgreSQL statements (libpg-query's syntax trees) applied to the replayed state: CREATE/ALTER/
 * DROP/RENAME TABLE, COMMENT ON, functions, DO blocks, and the retention mechanisms written as
 * statements (pg_cron, pg_partman, TimescaleDB; a DELETE run by code).
 */
import { purgeOf } from './age.js';
import { as, boolOf, callArgs, constValue, field, funcCalls, list, names, nodeType, str, stringOf, walk } from './ast.js';
import type { FileContext } from './file-context.js';
import { parserSync, type AstObject, type ParsedStatement } from './parse.js';
import { NONE, ReplayState, splitKey, type ColumnState, type TableState } from './replay-state.js';
import { evidenceOf } from './replay-evidence.js';
import { typeText } from './sql-type.js';

/** The PostgreSQL statements of a replay. */
export abstract class StatementReplay extends ReplayState {
  // ───────────────────────── statements ─────────────────────────

  protected apply(s: ParsedStatement, ctx: FileContext): void {
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
  protected doBlock(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
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


  protected createTable(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const key = this.keyOfRangeVar(body.relation);
    if (!key) return;
    // a temporary table lives for one session: it keeps nothing
    if ((body.relation as AstObject | undefined)?.relpersistence === 't') return;
    if (this.tables.has(key)) {
      if (body.if_not_exists) return;
      this.tableCreatedAgain(key, ctx.loc(s.start));
    }
    const [schema, name] = splitKey(key);
    const table: TableState = {
      schema,
      name,
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

  protected createTableAs(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
    const into = body.into as AstObject | undefined;
    if (!into || body.objtype === 'OBJECT_MATVIEW') return;
    const key = this.keyOfRangeVar(into.rel);
    if (!key) return;
    const [schema, tableName] = splitKey(key);
    const table: TableState = { schema, name: tableName, location: ctx.loc(s.start), columns: new Map(), inline: NONE };
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
  protected selectColumns(query: unknown): Array<{ name: string; sqlType?: string }> {
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

  protected addColumn(table: TableState, def: AstObject, s: ParsedStatement, ctx: FileContext, statementLine: number, alter = false): void {
    const name = def.colname;
    if (typeof name !== 'string') return;
    const at = typeof def.location === 'number' ? s.toIndex(def.location) : s.start;
    const col: ColumnState = { name, sqlType: typeText(def.typeName), location: ctx.loc(at), inline: NONE };
    table.columns.set(name, col);
    // (a file whose comments hold no tag annotates nothing)
    if (!ctx.annotates) return;
    const line = ctx.lineZero(at);
    const key = `${table.schema}.${table.name}`;
    // A column on the CREATE TABLE line shares its comments with the table; in ALTER … ADD COLUMN it owns them.
    if (alter && line !== statementLine) this.annotate([...ctx.commentsFor(statementLine, at, true).filter((c) => c.comment.ownLine), ...ctx.commentsFor(line, at, false)], ctx, col, () => `sql:column:${key}.${name}`);
    else if (line !== statementLine || alter) this.annotate(ctx.commentsFor(line, at, false), ctx, col, () => `sql:column:${key}.${name}`);
    else this.annotate(ctx.trailingAfter(line, at), ctx, col, () => `sql:column:${key}.${name}`);
  }

  protected alterTable(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
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

  protected rename(body: AstObject): void {
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

  protected setSchema(body: AstObject): void {
    if (body.objectType !== 'OBJECT_TABLE' || typeof body.newschema !== 'string') return;
    const key = this.keyOfRangeVar(body.relation);
    const table = key ? this.tables.get(key) : undefined;
    if (!key || !table) return;
    this.tables.delete(key);
    table.schema = body.newschema;
    this.tables.set(`${table.schema}.${table.name}`, table);
  }

  protected drop(body: AstObject): void {
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

  protected comment(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
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
  protected unknownTarget(what: string, text: string | undefined, s: ParsedStatement, ctx: FileContext): void {
    if (!text || !/@(?:category|retention|policy-ignore|implements)\b/.test(text)) return;
    this.diagnostics.push({ code: 'unresolved', message: `${what}: no such table or column in the migrations before this one`, location: ctx.loc(s.start) });
  }

  protected createFunction(body: AstObject, s: ParsedStatement, ctx: FileContext): void {
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


  // ───────────────────────── retention mechanisms ─────────────────────────

  /** cron.schedule, add_retention_policy, create_parent … anywhere in a SELECT/CALL. */
  protected calls(s: ParsedStatement, ctx: FileContext): void {
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
  protected partmanConfig(type: string, body: AstObject, s: ParsedStatement, ctx: FileContext): boolean {
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
  protected direct(s: ParsedStatement, ctx: FileContext): void {
    const purge = purgeOf(s.node);
    // Application code deletes single rows all the time (logout, "delete my account"): only a
    // statement that removes rows by their age is a retention mechanism.
    if (!purge || purge.ageColumn === undefined) return;
    this.directEvidence.push({ table: purge.table, evidence: evidenceOf(purge, `${purge.action === 'delete' ? 'DELETE' : 'UPDATE'} in code`, ctx.loc(s.start)) });
  }
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
