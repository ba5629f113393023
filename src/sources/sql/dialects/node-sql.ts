/**
 * MySQL, MariaDB, SQLite and SQL Server DDL, read with node-sql-parser (its grammar per dialect,
 * loaded once and lazily). Only statements that change the schema are parsed (CREATE/ALTER/DROP/
 * RENAME TABLE); inserts, indexes, views and session settings say nothing about what is stored.
 * A statement's columns are located in the text (each column's name after the previous one), and
 * each type is taken as written there, so `bool` stays `bool` even where the grammar lacks it.
 */
import type { Location } from '../../../core/types.js';
import { quotedEnd as lexQuotedEnd, type Span } from '../lex.js';
import type { Dialect } from '../dialect.js';
import type { ColumnSpec, SchemaOp, TableName } from '../model.js';

type Ast = { [key: string]: unknown };
interface SqlParser {
  astify(sql: string, opts: { database: string }): Ast | Ast[];
}

const DATABASE: Partial<Record<Dialect, { module: string; name: string }>> = {
  mysql: { module: 'node-sql-parser/build/mysql.js', name: 'MySQL' },
  mariadb: { module: 'node-sql-parser/build/mariadb.js', name: 'MariaDB' },
  sqlite: { module: 'node-sql-parser/build/sqlite.js', name: 'Sqlite' },
  sqlserver: { module: 'node-sql-parser/build/transactsql.js', name: 'TransactSQL' },
};

const parsers = new Map<Dialect, Promise<SqlParser>>();

function parserFor(dialect: Dialect): Promise<SqlParser> {
  let p = parsers.get(dialect);
  if (!p) {
    const spec = DATABASE[dialect]!;
    p = import(spec.module).then((m: { default?: { Parser?: new () => SqlParser }; Parser?: new () => SqlParser }) => {
      const Parser = m.Parser ?? m.default?.Parser;
      if (!Parser) throw new Error(`node-sql-parser: no ${spec.name} parser`);
      return new Parser();
    });
    parsers.set(dialect, p);
  }
  return p;
}

export function readsWithNodeSql(dialect: Dialect): boolean {
  return DATABASE[dialect] !== undefined;
}

/** Statements worth parsing: they create, change, rename or drop a table. */
const SCHEMA_CHANGE = /^(?:create\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temp|temporary)\s+)?table|alter\s+table|drop\s+table|rename\s+table)\b/i;

export interface DialectRead {
  ops: SchemaOp[];
  failures: Array<{ index: number; message: string }>;
}

export async function readNodeSql(dialect: Dialect, text: string, spans: Span[], loc: (index: number) => Location): Promise<DialectRead> {
  const out: DialectRead = { ops: [], failures: [] };
  const unchanged = NO_COLUMN_CHANGE[dialect];
  const wanted = spans.filter((s) => SCHEMA_CHANGE.test(text.slice(s.start, Math.min(s.end, s.start + 80))) && !unchanged?.test(text.slice(s.start, s.end).trim()));
  if (wanted.length === 0) return out;
  const parser = await parserFor(dialect);
  const database = DATABASE[dialect]!.name;
  for (const span of wanted) {
    const stmt = text.slice(span.start, span.end);
    let ast: Ast | Ast[];
    try {
      ast = parser.astify(forGrammar(stmt, dialect), { database });
    } catch (e) {
      const err = e as { message?: string; location?: { start?: { offset?: number } } };
      const at = err.location?.start?.offset ?? 0;
      out.failures.push({ index: span.start + Math.min(at, stmt.length), message: firstLine(err.message ?? String(e)) });
      continue;
    }
    for (const node of Array.isArray(ast) ? ast : [ast]) {
      out.ops.push(...opsOf(node, stmt, span.start, loc, dialect));
    }
  }
  return out;
}

/**
 * Rewrites of what the grammars lack. Each keeps the text's length and line breaks (every position a
 * parser reports stays right) but one: a table named like a grammar's keyword gets its quotes (below).
 * Word rewrites touch the statement outside its quoted strings and names (`COMMENT 'one character per
 * slot'`, a column named "bool" stay as written).
 */
export function forGrammar(stmt: string, dialect: Dialect): string {
  const mysql = dialect === 'mysql' || dialect === 'mariadb';
  // (most statements hold none of the words rewritten: they are not split at their quotes)
  let s = !REWRITTEN_WORD.test(stmt) ? stmt : outsideQuotes(stmt, mysql, (t) => {
    let u = t.replace(/\bbool\b/gi, 'int ');
    // SQLite takes any word as a column type (its type affinity); the grammar knows a few
    if (dialect === 'sqlite') u = u.replace(/(\s)(uuid|jsonb|inet|citext|timestamptz|bytea|bigserial|serial|money|cidr|macaddr|xml)(?=[\s,)]|$)/gi, (_, sp: string, w: string) => `${sp}${'text'.padEnd(w.length, ' ')}`);
    if (mysql) u = u.replace(/(\))(\s+)BINARY\b/gi, (_, p: string, sp: string) => `${p}${sp}      `);
    // MySQL takes CHARACTER VARYING(n) and CHARACTER(n) (NATIONAL too) as VARCHAR's and CHAR's synonyms; the grammar does not (OpenSIS)
    if (mysql) u = u.replace(MYSQL_CHARACTER_TYPE, (m: string) => (/varying$/i.test(m) ? 'varchar' : 'char').padEnd(m.length, ' '));
    return u;
  });
  if (dialect === 'sqlite') s = sqliteOneWordTypes(s);
  // MySQL takes SERIAL as a type (BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE); the grammar does not
  if (mysql) s = mysqlSerialTypes(s);
  // MySQL takes a name after PRIMARY KEY and ignores it (a primary key is always called PRIMARY)
  if (mysql) s = s.replace(PRIMARY_KEY_NAME, (_, key: string, name: string) => `${key}${blank(name)}`);
  if (dialect === 'sqlserver') s = s.replace(TABLE_FOREIGN_KEY, blank).replace(COLUMN_REFERENCES, blank);
  if (dialect === 'sqlite') s = s.replace(SQLITE_TABLE_FOREIGN_KEY, blank);
  const quote = GRAMMAR_WORD_QUOTES[dialect];
  if (quote) s = s.replace(GRAMMAR_WORD_TABLE, (_, keyword: string, space: string, name: string) => `${keyword}${space}${quote[0]}${name}${quote[1]}`);
  return s;
}

const REWRITTEN_WORD = /bool|binary|character|uuid|jsonb|inet|citext|timestamptz|bytea|serial|money|cidr|macaddr|xml/i;

/**
 * `rewrite` applied to the statement between its quoted strings and names ('…', "…", `…`, […]; with
 * `mysql`, a backslash escapes in '…' and "…"), which are kept as written.
 */
function outsideQuotes(stmt: string, mysql: boolean, rewrite: (text: string) => string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < stmt.length; i++) {
    const c = stmt[i];
    if (c !== "'" && c !== '"' && c !== '`' && c !== '[') continue;
    out += rewrite(stmt.slice(from, i));
    const end = quotedEnd(stmt, i, mysql);
    out += stmt.slice(i, end);
    from = end;
    i = end - 1;
  }
  return from === 0 ? rewrite(stmt) : out + rewrite(stmt.slice(from));
}

/** Just past the quoted string or name that opens at `at` (its end when it never closes). */
function quotedEnd(s: string, at: number, mysql: boolean): number {
  if (s[at] === '[') {
    const close = s.indexOf(']', at + 1);
    return close < 0 ? s.length : close + 1;
  }
  const quote = s.charCodeAt(at);
  return lexQuotedEnd(s, at + 1, quote, mysql && quote !== 96);
}

/**
 * A table named `session`, `global` or `local`, which MariaDB's, SQL Server's and SQLite's grammars
 * take for the start of something else (Roundcube's SQLite `CREATE TABLE session`; MySQL's grammar
 * reads them): given its quotes, two characters more, so a parser's position after it on that line
 * is two columns on.
 */
const GRAMMAR_WORD_TABLE = /(\b(?:TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|REFERENCES))(\s+)(session|global|local)(?=[\s(;]|$)/gi;
const GRAMMAR_WORD_QUOTES: Partial<Record<Dialect, [string, string]>> = { mariadb: ['`', '`'], sqlserver: ['[', ']'], sqlite: ['"', '"'] };

/**
 * SQL Server's foreign keys as the TransactSQL grammar cannot read them: it rejects a referenced
 * column list without ASC/DESC (`REFERENCES dbo.users(id)`) and every `ON DELETE|UPDATE` action (it
 * knows MySQL's `ON UPDATE CURRENT_TIMESTAMP` only). The statement model keeps no foreign key (the
 * PostgreSQL reader keeps none either), so blanking them loses nothing that is read, and the
 * table's columns are. A table's constraint goes with the comma before it; a column's `REFERENCES`
 * clause alone.
 */
const NAME = String.raw`(?:\[[^\]\n]+\]|"[^"\n]+"|\`[^\`\n]+\`|[\w@#$]+)`;
const QUALIFIED = String.raw`${NAME}(?:\s*\.\s*${NAME})*`;
const REFERENCES = String.raw`\bREFERENCES\s+${QUALIFIED}(?:\s*\([^()]*\))?(?:\s*ON\s+(?:DELETE|UPDATE)\s+(?:NO\s+ACTION|CASCADE|SET\s+NULL|SET\s+DEFAULT))*`;
const TABLE_FOREIGN_KEY = new RegExp(String.raw`,\s*(?:CONSTRAINT\s+${NAME}\s+)?FOREIGN\s+KEY\s*\([^()]*\)\s*${REFERENCES}`, 'gi');
const COLUMN_REFERENCES = new RegExp(REFERENCES, 'gi');
/**
 * SQLite runs a table's constraints without the comma between them (drizzle-kit writes
 * `FOREIGN KEY (a) REFERENCES x(id) ON DELETE cascade FOREIGN KEY (b) …`), which the grammar
 * rejects: its foreign keys are blanked, the comma before each where there is one.
 */
const SQLITE_TABLE_FOREIGN_KEY = new RegExp(String.raw`(?:,\s*)?(?:CONSTRAINT\s+${NAME}\s+)?FOREIGN\s+KEY\s*\([^()]*\)\s*${REFERENCES}`, 'gi');
/**
 * A SQL Server statement that only adds or switches on a foreign key, as SQL Server Management Studio
 * scripts them (`ALTER TABLE [dbo].[x] WITH CHECK ADD CONSTRAINT [FK_x] FOREIGN KEY(…) REFERENCES …`,
 * then `ALTER TABLE [dbo].[x] CHECK CONSTRAINT [FK_x]`): it changes no column, and the grammar rejects it.
 */
const SQLSERVER_KEY_ONLY = new RegExp(
  String.raw`^ALTER\s+TABLE\s+${QUALIFIED}\s+(?:WITH\s+(?:NO)?CHECK\s+)?(?:ADD\s+(?:CONSTRAINT\s+${NAME}\s+)?FOREIGN\s+KEY\s*\([^()]*\)\s*${REFERENCES}|(?:NO)?CHECK\s+CONSTRAINT\s+${NAME})\s*;?$`,
  'i',
);

/**
 * A MySQL statement that changes only the table's options (`ALTER TABLE x CONVERT TO CHARACTER SET
 * utf8 COLLATE utf8_general_ci`, `ENGINE=InnoDB`): no column changes, and the grammar rejects some.
 */
const MYSQL_OPTIONS_ONLY = new RegExp(String.raw`^ALTER\s+TABLE\s+${QUALIFIED}\s+(?:CONVERT\s+TO\s+|DEFAULT\s+)?(?:CHARACTER\s+SET|CHARSET|COLLATE|ENGINE)\b[^,;()]*;?$`, 'i');
/**
 * A MySQL statement that only sets or drops columns' defaults (`ALTER TABLE x ALTER user_id DROP DEFAULT`,
 * `ALTER TABLE x ALTER COLUMN name SET DEFAULT ''`, Roundcube's upgrade scripts): a default is no data
 * type, and the grammar rejects ALTER without COLUMN.
 */
const MYSQL_DEFAULT = String.raw`ALTER\s+(?:COLUMN\s+)?${NAME}\s+(?:DROP\s+DEFAULT|SET\s+DEFAULT\s+(?:'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|\(?[\w.+-]+\)?))`;
const MYSQL_DEFAULTS_ONLY = new RegExp(String.raw`^ALTER\s+TABLE\s+${QUALIFIED}\s+${MYSQL_DEFAULT}(?:\s*,\s*${MYSQL_DEFAULT})*\s*;?$`, 'i');
const MYSQL_NO_COLUMN_CHANGE = { test: (stmt: string): boolean => MYSQL_OPTIONS_ONLY.test(stmt) || MYSQL_DEFAULTS_ONLY.test(stmt) };
/** Schema statements of a dialect that change no column and are not parsed. */
const NO_COLUMN_CHANGE: Partial<Record<Dialect, { test(stmt: string): boolean }>> = { sqlserver: SQLSERVER_KEY_ONLY, mysql: MYSQL_NO_COLUMN_CHANGE, mariadb: MYSQL_NO_COLUMN_CHANGE };
const MYSQL_CHARACTER_TYPE = /\b(?:national[ \t]+)?character(?:[ \t]+varying\b|(?=[ \t]*\())/gi;
const PRIMARY_KEY_NAME = /(\bPRIMARY\s+KEY\s+)(`[^`\n]+`|(?!USING\b)[A-Za-z_]\w*)(?=\s*\()/gi;

/**
 * A column whose SQLite type name is several words: `TEXT NOCASE` (no COLLATE: the type "TEXT NOCASE",
 * of TEXT affinity), `timestamp with time zone`, and SQLite's own examples `UNSIGNED BIG INT`,
 * `VARYING CHARACTER(255)`, `DOUBLE PRECISION`. SQLite takes any words as a type name (their affinity
 * is what counts); the grammar takes one. The grammar is given one word of the same length; the
 * column's type is read as written all the same. Only a column definition has a type: an element of
 * a CREATE TABLE's column list, or what ALTER TABLE … ADD [COLUMN] adds (never `b AS c` in a SELECT,
 * `b COLLATE NOCASE` in a key, `b like c` in a CHECK). The words end at a constraint's keyword.
 */
const NOT_A_TYPE_WORD = String.raw`(?:CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS|AUTOINCREMENT|ON|KEY|ASC|DESC|LIKE|GLOB|MATCH|REGEXP|IN|IS|AND|OR|BETWEEN|ESCAPE|FROM)\b`;
const SQLITE_COLUMN_TYPE_WORDS = new RegExp(
  String.raw`(?!(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|COLUMN)\b)(?:"[^"\n]+"|\`[^\`\n]+\`|\[[^\]\n]+\]|[A-Za-z_]\w*)[ \t]+(?!${NOT_A_TYPE_WORD})([A-Za-z_]\w*(?:[ \t]+(?!${NOT_A_TYPE_WORD})[A-Za-z_]\w*)+(?:[ \t]*\([^()]*\))?)`,
  'iy',
);
const CREATE_TABLE = new RegExp(String.raw`^\s*CREATE\s+(?:(?:TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${QUALIFIED}\s*\(`, 'i');
const ADD_COLUMN = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+${QUALIFIED}\s+ADD\b(?:\s+COLUMN\b)?`, 'i');

/** Where each column definition of a CREATE TABLE's list, or what an ALTER TABLE … ADD [COLUMN] adds, starts. */
function definitionStarts(stmt: string, mysql = false): number[] {
  const create = CREATE_TABLE.exec(stmt);
  if (create) return columnListStarts(stmt, create[0].length - 1, mysql);
  const add = ADD_COLUMN.exec(stmt);
  return add ? [afterSpaceAndComments(stmt, add[0].length, mysql)] : [];
}

/** A column's name and its type SERIAL (`record_id serial unique`), at a definition's start. */
const MYSQL_SERIAL_COLUMN = /(?:"[^"\n]+"|`[^`\n]+`|[A-Za-z_]\w*)[ \t]+serial(?=[\s,)]|$)/iy;

/** The statement with each column definition's SERIAL as BIGINT (same length), never a column named serial. */
function mysqlSerialTypes(stmt: string): string {
  if (!/serial/i.test(stmt)) return stmt;
  let out = stmt;
  for (const at of definitionStarts(stmt, true)) {
    MYSQL_SERIAL_COLUMN.lastIndex = at;
    const m = MYSQL_SERIAL_COLUMN.exec(stmt);
    if (!m) continue;
    const from = m.index + m[0].length - 'serial'.length;
    out = out.slice(0, from) + 'bigint' + out.slice(from + 'serial'.length);
  }
  return out;
}

/** The statement with each column definition's several-word SQLite type as one word of the same length. */
function sqliteOneWordTypes(stmt: string): string {
  const starts = definitionStarts(stmt);
  let out = '';
  let done = 0;
  for (const at of starts) {
    SQLITE_COLUMN_TYPE_WORDS.lastIndex = at;
    const m = SQLITE_COLUMN_TYPE_WORDS.exec(stmt);
    if (!m) continue;
    const words = m[1];
    const from = m.index + m[0].length - words.length;
    out += stmt.slice(done, from) + (words.length < 4 ? 'int' : 'text').padEnd(words.length, ' ');
    done = from + words.length;
  }
  return done === 0 ? stmt : out + stmt.slice(done);
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff || c === 0x2028 || c === 0x2029;

/** Where the next thing after white space and comments is (the text's end if a comment never closes; `mysql`: `#` too). */
function afterSpaceAndComments(s: string, i: number, mysql = false): number {
  for (;;) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (s.startsWith('--', i) || (mysql && s[i] === '#')) {
      const e = s.indexOf('\n', i);
      i = e < 0 ? s.length : e + 1;
    } else if (s.startsWith('/*', i)) {
      const e = s.indexOf('*/', i + 2);
      i = e < 0 ? s.length : e + 2;
    } else return i;
  }
}

/**
 * Where each element of the parenthesised list opening at `open` starts (after white space and
 * comments): one pass, strings, quoted names, comments and nested parentheses skipped whole.
 */
function columnListStarts(s: string, open: number, mysql = false): number[] {
  const starts: number[] = [];
  let depth = 0;
  for (let i = open; i < s.length; ) {
    const c = s[i];
    if (c === '(' || (c === ',' && depth === 1)) {
      if (c === '(') depth++;
      i++;
      if (depth === 1) {
        i = afterSpaceAndComments(s, i, mysql);
        starts.push(i);
      }
      continue;
    }
    if (c === ')') {
      if (--depth === 0) break;
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      i = quotedEnd(s, i, mysql);
      continue;
    }
    if ((c === '-' && s[i + 1] === '-') || (c === '/' && s[i + 1] === '*') || (mysql && c === '#')) {
      i = afterSpaceAndComments(s, i, mysql);
      continue;
    }
    i++;
  }
  return starts;
}

/** The same length of spaces, line breaks kept (every later position stays right). */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function firstLine(message: string): string {
  const m = message.split('\n')[0];
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}

function tableName(t: unknown): TableName | undefined {
  const o = t as { db?: string | null; schema?: string | null; table?: unknown } | undefined;
  if (!o || typeof o.table !== 'string') return undefined;
  const schema = o.db ?? o.schema ?? undefined;
  // SQL Server's default schema is the one every other source calls the default
  return schema && schema.toLowerCase() !== 'dbo' ? { schema, name: o.table } : { name: o.table };
}

function columnName(c: unknown): string | undefined {
  const o = c as { column?: unknown } | undefined;
  const col = o?.column;
  if (typeof col === 'string') return col;
  const expr = (col as { expr?: { value?: unknown } } | undefined)?.expr?.value;
  return typeof expr === 'string' ? expr : undefined;
}

function opsOf(node: Ast, stmt: string, base: number, loc: (index: number) => Location, dialect: Dialect): SchemaOp[] {
  const at = loc(base);
  const finder = new ColumnFinder(stmt, base, loc, node.type === 'create', dialect === 'mysql' || dialect === 'mariadb');
  switch (node.type) {
    case 'create': {
      if (node.keyword !== 'table' || node.temporary) return [];
      const table = tableName((node.table as unknown[] | undefined)?.[0]);
      if (!table) return [];
      const columns: ColumnSpec[] = [];
      for (const def of (node.create_definitions as Ast[] | undefined) ?? []) {
        if (def.resource !== 'column') continue;
        const name = columnName(def.column);
        if (!name) continue;
        const spec = finder.column(name, commentOf(def));
        if (spec) columns.push(spec);
      }
      return [{ op: 'create-table', table, columns, ifNotExists: !!node.if_not_exists, location: at }];
    }
    case 'drop':
      if (node.keyword !== 'table') return [];
      return ((node.name as unknown[] | undefined) ?? []).map(tableName).filter((t): t is TableName => !!t).map((table) => ({ op: 'drop-table' as const, table, location: at }));
    case 'rename':
      return ((node.table as unknown[][] | undefined) ?? []).flatMap((pair) => {
        const from = tableName(pair[0]);
        const to = tableName(pair[1]);
        return from && to ? [{ op: 'rename-table' as const, table: from, to, location: at }] : [];
      });
    case 'alter': {
      const table = tableName((node.table as unknown[] | undefined)?.[0]);
      if (!table) return [];
      const ops: SchemaOp[] = [];
      for (const e of (node.expr as Ast[] | undefined) ?? []) {
        const name = columnName(e.column);
        if (e.action === 'rename' && e.resource === 'table' && typeof e.table === 'string') {
          ops.push({ op: 'rename-table', table, to: { ...(table.schema ? { schema: table.schema } : {}), name: e.table }, location: at });
        } else if (e.resource !== 'column' || !name) {
          continue;
        } else if (e.action === 'add') {
          const spec = finder.column(name, commentOf(e));
          if (spec) ops.push({ op: 'add-column', table, column: spec, location: at });
        } else if (e.action === 'drop') {
          ops.push({ op: 'drop-column', table, column: name, location: at });
        } else if (e.action === 'rename' || e.action === 'change') {
          const old = columnName(e.old_column);
          if (old && old !== name) ops.push({ op: 'rename-column', table, from: old, to: name, location: at });
          if (e.action === 'change') {
            const spec = finder.column(name);
            if (spec) ops.push({ op: 'alter-column-type', table, column: name, sqlType: spec.sqlType, location: at });
          }
        } else if (e.action === 'modify' || (e.action === 'alter' && dialect === 'sqlserver')) {
          const spec = finder.column(name);
          if (spec?.sqlType) ops.push({ op: 'alter-column-type', table, column: name, sqlType: spec.sqlType, location: at });
        }
      }
      return ops;
    }
  }
  return [];
}

function commentOf(def: Ast): string | undefined {
  const c = def.comment as { value?: { value?: unknown } } | undefined;
  return typeof c?.value?.value === 'string' ? c.value.value : undefined;
}

/** Finds each column's name in the statement text, in order, and reads its type as written after it. */
class ColumnFinder {
  private from = 0;
  /** where each column definition starts: of a CREATE TABLE's list, or what an ALTER TABLE … ADD adds (found on first need) */
  private starts: number[] | undefined;
  constructor(
    private readonly stmt: string,
    private readonly base: number,
    private readonly loc: (index: number) => Location,
    create: boolean,
    private readonly mysql: boolean,
  ) {
    // a CREATE TABLE's columns come after its parenthesis (not in its name)
    const open = create ? stmt.indexOf('(') : -1;
    this.from = open < 0 ? 0 : open;
  }

  column(name: string, comment?: string): ColumnSpec | undefined {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const named = new RegExp(`\`${escaped}\`|"${escaped}"|\\[${escaped}\\]|(?<![\\w$])${escaped}(?![\\w$])`, 'iy');
    // at the start of its own definition (a column named like an earlier column's type: `record_id
    // serial`, then `serial varchar(20)`); else anywhere after the last one found
    let m: RegExpExecArray | null = null;
    for (const at of (this.starts ??= definitionStarts(this.stmt, this.mysql))) {
      if (at < this.from) continue;
      named.lastIndex = at;
      if ((m = named.exec(this.stmt))) break;
    }
    if (!m) {
      const re = new RegExp(named.source, 'gi');
      re.lastIndex = this.from;
      m = re.exec(this.stmt);
    }
    const index = m ? m.index : this.from;
    const after = m ? m.index + m[0].length : this.from;
    if (m) this.from = after;
    const type = /^\s+((?:national\s+)?[A-Za-z_][\w]*(?:\s+(?:precision|varying|unsigned))?(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?)/.exec(this.stmt.slice(after, after + 200));
    const sqlType = type ? type[1].replace(/\s+/g, ' ').toLowerCase() : '';
    const location = this.loc(this.base + index);
    return { name, sqlType: /^(?:not|null|primary|references|default|constraint|unique|check|collate|generated)$/.test(sqlType) ? '' : sqlType, location, ...(comment ? { notes: [{ text: comment, location }] } : {}) };
  }
}
