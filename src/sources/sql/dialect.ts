/**
 * Which SQL dialect a migration file, or SQL in code, is written in, so the parser made for it reads it:
 * 1. policyproof.yaml `sql-dialects` (a glob → dialect; the first match wins);
 * 2. the file's name or folders (`x.mysql.up.sql`, `migrations/sqlite3/…`, `clickhouse/001.sql`);
 * 3. the SQL itself (`ENGINE = MergeTree`, backquotes and `ENGINE=InnoDB`, `AUTOINCREMENT`, `GO`);
 * 4. the configuration nearest above the file: the migration tool's (knexfile `client`, TypeORM
 *    `type`, sequelize `dialect`, sqlc `engine`, drizzle `dialect`, Prisma `provider`, Flyway/JDBC
 *    urls) or the application's (Laravel's `config/database.php` default connection, CodeIgniter's
 *    `app/Config/Database.php` `DBDriver`, a PHP `config.php` Doctrine `driver`);
 * else PostgreSQL.
 */
import picomatch from 'picomatch';
import { isIdentChar, quotedEnd } from './lex.js';

// (tested on the text without its prose: a PostgreSQL file that mentions MySQL in a comment stays as it is)
// a backquoted name anywhere outside the prose (`INSERT INTO domains set \`name\` = …`, Froxlor's): PostgreSQL has none
const MYSQL = /\)\s*ENGINE\s*=\s*\w|\bAUTO_INCREMENT\b|`[^`\n]+`/i;

export type Dialect = 'postgresql' | 'cockroachdb' | 'mysql' | 'mariadb' | 'sqlite' | 'sqlserver' | 'clickhouse';

export const DIALECTS: readonly Dialect[] = ['postgresql', 'cockroachdb', 'mysql', 'mariadb', 'sqlite', 'sqlserver', 'clickhouse'];

/** Names a file or folder uses for a dialect (`*.sqlite3.up.sql`, `migrations/postgres/`). */
const NAMES: Record<string, Dialect> = {
  postgres: 'postgresql', postgresql: 'postgresql', pg: 'postgresql', pgsql: 'postgresql', psql: 'postgresql', postgre: 'postgresql',
  cockroach: 'cockroachdb', cockroachdb: 'cockroachdb', crdb: 'cockroachdb',
  mysql: 'mysql', mysql2: 'mysql', mysqli: 'mysql', mariadb: 'mariadb',
  sqlite: 'sqlite', sqlite3: 'sqlite', 'better-sqlite3': 'sqlite', libsql: 'sqlite', d1: 'sqlite',
  mssql: 'sqlserver', sqlserver: 'sqlserver', sqlsrv: 'sqlserver', tsql: 'sqlserver', azuresql: 'sqlserver',
  clickhouse: 'clickhouse',
};

// own names only (a Map has no inherited keys): a folder called `constructor` names no dialect
const BY_NAME = new Map(Object.entries(NAMES));

/** Dialects the README names as not read, by the names files and folders use for them (`docker/oracle/`). */
const UNREAD = new Map(Object.entries({
  oracle: 'Oracle', plsql: 'Oracle', snowflake: 'Snowflake', bigquery: 'BigQuery', db2: 'Db2', hana: 'SAP HANA',
  teradata: 'Teradata', exasol: 'Exasol', vertica: 'Vertica', informix: 'Informix', sybase: 'Sybase', firebird: 'Firebird',
  hsqldb: 'HSQLDB', derby: 'Derby',
}));

/**
 * A dialect policyproof does not read that a path names, as a dialect it reads is named: a dotted part
 * of the file's name (`init.oracle.sql`), or a folder's name or its first or last word (`docker/oracle/`,
 * `db/snowflake_models/`); a word inside a name (`V3__add_bigquery_export.sql`) says nothing.
 */
export function unreadDialectOfPath(file: string): string | undefined {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const dotted = UNREAD_PIECE.exec(base);
  if (dotted) return UNREAD.get(dotted[1].toLowerCase());
  if (slash <= 0) return undefined;
  // (a folder's answer is kept: a migration in code asks once per SQL string it runs)
  const dir = file.slice(0, slash);
  let known = unreadFolders.get(dir);
  if (known === undefined) {
    known = null;
    const parts = dir.toLowerCase().split('/');
    for (let i = parts.length - 1; i >= 0 && known === null; i--) {
      const words = parts[i].split(/[-_ ]+/).filter(Boolean);
      known = UNREAD.get(parts[i]) ?? UNREAD.get(words[0] ?? '') ?? UNREAD.get(words[words.length - 1] ?? '') ?? null;
    }
    if (unreadFolders.size > 10_000) unreadFolders.clear();
    unreadFolders.set(dir, known);
  }
  return known ?? undefined;
}
const unreadFolders = new Map<string, string | null>();
/** A dotted part of a file's name that names a dialect not read (`init.oracle.sql`), found without splitting the name. */
const UNREAD_PIECE = new RegExp(`\\.(${[...UNREAD.keys()].join('|')})\\.`, 'i');

export function dialectOfName(name: string): Dialect | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * The dialect a name says as a whole or by its first or last word (`postgres`, `Pg-database`,
 * `schema_mysql`, `clickhouse_migrate`, `db_sqlite`); a word inside (`create_pg_stats`) says nothing.
 */
function dialectOfWords(name: string): Dialect | undefined {
  const whole = dialectOfName(name);
  if (whole) return whole;
  const words = name.split(/[-_ ]+/).filter(Boolean);
  if (words.length < 2) return undefined;
  return dialectOfName(words[0]) ?? dialectOfName(words[words.length - 1]);
}

/**
 * The dialect a file's name says: a dotted part (`0001_x.mysql.up.sql`), else its name without
 * extension (`postgres.sql`, `Mysql.php`; with `byWords`, its first or last word too: `Pg-database.sql`).
 */
export function dialectOfFileName(base: string, byWords = true): Dialect | undefined {
  const named = namedPieces(base)[0];
  if (named) return named.dialect;
  const dot = base.indexOf('.');
  const stem = dot < 0 ? base : base.slice(0, dot);
  return byWords ? dialectOfWords(stem) : dialectOfName(stem);
}

const folderDialects = new Map<string, Dialect | null>();

/** The dialect the nearest folder that names one says (`db/clickhouse_migrate/`, `migrations/postgres/`). */
function dialectOfFolder(dir: string): Dialect | undefined {
  let known = folderDialects.get(dir);
  if (known === undefined) {
    known = null;
    const parts = dir.split('/');
    for (let i = parts.length - 1; i >= 0 && known === null; i--) known = dialectOfWords(parts[i]) ?? null;
    if (folderDialects.size > 10_000) folderDialects.clear();
    folderDialects.set(dir, known);
  }
  return known ?? undefined;
}

/** The dialect a path names: the file's name (a dotted part, else its stem), else the nearest folder. */
export function dialectOfPath(file: string): Dialect | undefined {
  const slash = file.lastIndexOf('/');
  return dialectOfFileName(file.slice(slash + 1)) ?? (slash > 0 ? dialectOfFolder(file.slice(0, slash)) : undefined);
}

/** The path with the parts that name a dialect left out: one logical database's folder. */
export function withoutDialect(dir: string): string {
  return dir.split('/').filter((p) => !dialectOfName(p)).join('/');
}

/** The name a file has in every dialect's copy (`0001_x.mysql.up.sql` and `0001_x.postgres.up.sql` → `0001_x.up.sql`). */
export function withoutDialectInName(base: string): string {
  let out = '';
  let from = 0;
  for (const { dot, next } of namedPieces(base)) {
    out += base.slice(from, dot);
    from = next;
  }
  return from === 0 ? base : out + base.slice(from);
}

/**
 * The pieces of a file name between two dots (neither the first nor the last) that name a dialect,
 * each with the dots around it; found without splitting the name (this runs for every file).
 */
function namedPieces(base: string): Array<{ dot: number; next: number; dialect: Dialect }> {
  const out: Array<{ dot: number; next: number; dialect: Dialect }> = [];
  for (let dot = base.indexOf('.'), next = base.indexOf('.', dot + 1); dot >= 0 && next >= 0; dot = next, next = base.indexOf('.', dot + 1)) {
    const dialect = dialectOfName(base.slice(dot + 1, next));
    if (dialect) out.push({ dot, next, dialect });
  }
  return out;
}

const CLICKHOUSE = /\bENGINE\s*=\s*(?:Replicated|Shared)?(?:\w*MergeTree|Log|TinyLog|StripeLog|Kafka|Distributed|Null|Buffer|Dictionary)\b|\bLowCardinality\s*\(|\bON\s+CLUSTER\b|\bDateTime64\s*\(/i;
/**
 * MySQL has a MEMORY engine too (Friendica's database.sql): ClickHouse's, spelled as ClickHouse requires
 * (`Memory`), says ClickHouse only where no engine of MySQL's alone is named.
 */
const CLICKHOUSE_MEMORY = /\bENGINE\s*=\s*Memory\b/;
/** An engine only MySQL has, in any case, or its MEMORY as MySQL writes it (upper case: ClickHouse's is `Memory`). */
const MYSQL_ENGINE = {
  named: /\bENGINE\s*=\s*(?:InnoDB|MyISAM|Aria|HEAP|CSV|ARCHIVE|BLACKHOLE|FEDERATED|MRG_MyISAM|NDB\w*|TokuDB|RocksDB|ColumnStore)\b/i,
  memory: /\b[Ee][Nn][Gg][Ii][Nn][Ee]\s*=\s*MEMORY\b/,
  test(text: string): boolean {
    return this.named.test(text) || this.memory.test(text);
  },
};
const SQLITE = /\bAUTOINCREMENT\b|^\s*PRAGMA\b|\bWITHOUT\s+ROWID\b/im;
const SQLSERVER = /^\s*GO\s*$|\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)|\[dbo\]|\bNVARCHAR\s*\(\s*(?:MAX|\d+)\s*\)|^\s*SET\s+(?:ANSI_NULLS|QUOTED_IDENTIFIER)\b/im;
// MODIFY and CHANGE count only in an ALTER TABLE statement: "the ids may change as we reorder" in a
// PostgreSQL comment or dollar-quoted text is prose, not MySQL (LedgerSMB's Pg-database.sql)
const MYSQL_ALTER = /\b(?:ALTER\s+TABLE\s+[\w`."]+\s+(?:[^;]*?,\s*)?(?:MODIFY\s+(?:COLUMN\s+)?`?\w+`?\s+\w|CHANGE\s+(?:COLUMN\s+)?`?\w+`?\s+`?\w+`?\s+\w))/im;
const COCKROACH = /\bINTERLEAVE\s+IN\s+PARENT\b|\bUSING\s+HASH\b|\bcrdb_internal\b|^\s*FAMILY\s+"?\w+"?\s*\(|\)\s*STORING\s*\(|\bINDEX\s+(?:IF\s+EXISTS\s+)?"?\w+"?@"?\w+/im;

/** What every pattern of MYSQL and MYSQL_ALTER holds (a backquote, or one of these words). */
const MYSQL_HINT = /`|engine\s*=|auto_increment|modify\s|change\s/i;
/** Likewise for COCKROACH: what every one of its patterns holds (a word, or `@` right after a name). */
const COCKROACH_HINT = /interleave|using\s+hash|crdb_internal|family|storing|\w"?@/i;

/**
 * What every pattern above holds at least one of: a word, mostly with what must follow it
 * (`engine =`, `identity(`, `modify `), MYSQL_HINT's backquote after `table`/`on`/…, COCKROACH_HINT's
 * `@` after a name. Each of those case-insensitive patterns scans the whole text; a text holding
 * none of these (a migration in code, mostly: `changeColumn` is no `CHANGE `) can match none of
 * them, and one scan for these is quicker.
 */
const TEXT_HINT = new RegExp(
  [
    'engine\\s*=', 'lowcardinality', 'on\\s+cluster', 'datetime64', // CLICKHOUSE
    '^\\s*go\\s*$', 'identity\\s*\\(', '\\[dbo\\]', 'nvarchar', 'ansi_nulls', 'quoted_identifier', // SQLSERVER
    'auto_increment', 'modify\\s', 'change\\s', '`', // MYSQL_HINT
    'autoincrement', '^\\s*pragma', 'without\\s+rowid', // SQLITE
    'interleave', 'using\\s+hash', 'crdb_internal', 'family', 'storing', '\\w"?@', // COCKROACH_HINT
    '^[ \\t]*delimiter[ \\t]', // MYSQL_DELIMITER
    '\\safter\\s', 'drop\\s+index', '\\sfirst\\s*[,;\\n]', 'flush\\s+privileges', "'@'", // MYSQL_MARKS
  ].join('|'),
  'im',
);

/** The mysql client's DELIMITER line (`DELIMITER $$` before a procedure; not a COPY's `DELIMITER ','`). */
const MYSQL_DELIMITER = /^[ \t]*DELIMITER[ \t]+(?!['"])\S+[ \t]*\r?$/im;
/**
 * What only MySQL writes besides ENGINE and backquotes: a column added AFTER another or FIRST and an
 * index dropped ON its table (Kill Bill's migrations), an account `'user'@'host'` (its quotes emptied
 * with the rest of the prose: `''@''`) and FLUSH PRIVILEGES (litemall's set-up script). (Not its
 * executable comments `/*! … *\/`: a script for MySQL and PostgreSQL alike keeps MySQL's part in them,
 * and PostgreSQL reads them as comments — Kill Bill's ddl.sql.)
 */
const MYSQL_MARKS = /\bADD\s+(?:COLUMN\s+)?[`"]?\w+[`"]?\s[^;,\n]*?\s(?:AFTER\s+[`"]?\w+[`"]?|FIRST)\s*(?:[,;]|$)|\bFLUSH\s+PRIVILEGES\b|''@''|\bDROP\s+INDEX\s+[`"]?\w+[`"]?\s+ON\s+[`"]?\w/im;
/** What only MySQL writes, unlike backquotes (which SQLite's files have too): a table's ENGINE, AUTO_INCREMENT, MODIFY/CHANGE of a column, MYSQL_MARKS. */
const MYSQL_ONLY = /\)\s*ENGINE\s*=\s*\w|\bAUTO_INCREMENT\b|\bALTER\s+TABLE\s+[\w`."]+\s+(?:[^;]*?,\s*)?(?:MODIFY|CHANGE)\s/i;

/**
 * The text a dialect is told from, without its prose: comments (`--`, `/* … *\/`, a line's `#`), the
 * contents of '…' strings and PostgreSQL's dollar-quoted bodies. "Add the new column first" in a
 * comment, "into `in_batch_id`" in a function's COMMENT … IS $$…$$ (LedgerSMB's Payment.sql), a COPY's
 * DELIMITER ',' say nothing of the dialect the file is in. A string keeps its quotes, empty (`''`);
 * a "…" or `…` name is kept whole.
 */
function withoutProse(text: string): string {
  const n = text.length;
  const parts: string[] = [];
  let last = 0;
  let lineStart = true;
  const cut = (from: number, to: number, keep: string): number => {
    parts.push(text.slice(last, from), keep);
    last = to;
    return to;
  };
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStart = true;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = cut(i, nl < 0 ? n : nl, ' ');
      continue;
    } else if (c === 35 && lineStart) {
      const nl = text.indexOf('\n', i);
      i = cut(i, nl < 0 ? n : nl, ' ');
      continue;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = cut(i, end < 0 ? n : end + 2, ' ');
      continue;
    } else if (c === 39) {
      i = cut(i, quotedEnd(text, i + 1, 39, true), "''");
      lineStart = false;
      continue;
    } else if (c === 34 || c === 96) {
      i = quotedEnd(text, i + 1, c, false);
      lineStart = false;
      continue;
    } else if (c === 36 && !(i > 0 && isIdentChar(text.charCodeAt(i - 1)))) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = cut(i, close < 0 ? n : close + tag[0].length, ' ');
        lineStart = false;
        continue;
      }
    }
    if (c !== 10 && c !== 32 && c !== 9 && c !== 13) lineStart = false;
    i++;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

interface TextVerdict {
  dialect?: Dialect;
  /** MySQL told by backquoted names alone (SQLite's files have them too: there a tool's SQLite wins) */
  backquotesOnly?: boolean;
}

/** What the text itself says (only consulted when neither the path nor a tool says). */
export function dialectOfText(text: string): Dialect | undefined {
  return readText(text).dialect;
}

function readText(text: string): TextVerdict {
  const raw = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (!TEXT_HINT.test(raw)) return {};
  const head = withoutProse(raw);
  if (!TEXT_HINT.test(head)) return {};
  if (MYSQL_DELIMITER.test(head)) return { dialect: 'mysql' };
  if (CLICKHOUSE.test(head) || (CLICKHOUSE_MEMORY.test(head) && !MYSQL_ENGINE.test(head))) return { dialect: 'clickhouse' };
  if (SQLSERVER.test(head)) return { dialect: 'sqlserver' };
  const only = MYSQL_ONLY.test(head) || MYSQL_MARKS.test(head);
  if (only || (MYSQL_HINT.test(head) && (MYSQL.test(head) || MYSQL_ALTER.test(head)))) {
    // backquotes and what only SQLite writes (AUTOINCREMENT, PRAGMA): SQLite's
    return !only && SQLITE.test(head) ? { dialect: 'sqlite' } : { dialect: 'mysql', backquotesOnly: !only };
  }
  if (SQLITE.test(head)) return { dialect: 'sqlite' };
  if (COCKROACH_HINT.test(head) && COCKROACH.test(head)) return { dialect: 'cockroachdb' };
  return {};
}

/**
 * Migration-tool configuration files and how each names its database; also the configuration an
 * application keeps its database connection in (Laravel's config/database.php, a PHP config.php),
 * which states the dialect of the SQL in its code. Read as text: nothing is run.
 */
const TOOL_FILES = /(?:^|\/)(?:knexfile\.[cm]?[jt]s|ormconfig\.(?:json|[cm]?[jt]s|ya?ml)|\.sequelizerc|config\/config\.json|sqlc\.ya?ml|sqlc\.json|drizzle\.config\.[cm]?[jt]s|schema\.prisma|flyway\.conf|dbconfig\.yml|database\.json|config\/database\.php|Config\/Database\.php|config(?:[-_.](?:sample|example|dist))?\.php|config\/database(?:[-_.](?:sample|example|dist|docker|default|template))?\.ya?ml(?:\.(?:sample|example|dist|template))?|settings(?:[-_.]\w+)?\.py|settings\/\w+\.py)$/;
const TOOL_SAYS: RegExp[] = [
  // `client: 'mysql2'`, `"dialect": "sqlite"`, `provider = "sqlserver"`, PHP's `'driver' => 'pdo_mysql'`
  // (Doctrine DBAL), CodeIgniter's `'DBDriver' => 'MySQLi'`
  /\b(?:client|dialect|type|engine|provider|driver|DBDriver)\s*(?:["']\s*)?(?:[:=]|=>)\s*["']?(?:pdo_)?(postgres(?:ql)?|postgre|pg|pgsql|cockroachdb|mysql[2i]?|mariadb|sqlite3?|better-sqlite3|mssql|sqlserver|sqlsrv|clickhouse)\b/i,
  /\b(?:jdbc:)?(postgres(?:ql)?|mysql|mariadb|sqlite3?|sqlserver|clickhouse|cockroachdb)(?::|\+\w+:)\/\//i,
  // Django's `'ENGINE': 'django.db.backends.mysql'`, GeoDjango's `django.contrib.gis.db.backends.postgis`
  /\bdb\.backends\.(postgresql|postgis|mysql|sqlite3)(?:_psycopg2)?\b/,
];

/** A Rails environment's adapter in config/database.yml (`adapter: mysql2`, `adapter: <%= ENV.fetch(…) { "postgresql" } %>`). */
const RAILS_ADAPTER = /^[ \t]+adapter:[^\n]*?\b(postgresql|postgis|mysql2?|trilogy|sqlite3?|sqlserver|cockroachdb)\b/m;

/** Laravel's default connection: `'default' => env('DB_CONNECTION', 'mysql')` or `'default' => 'pgsql'`. */
const LARAVEL_DEFAULT = /["']default["']\s*=>\s*(?:env\(\s*["']DB_CONNECTION["']\s*,\s*)?["']([\w-]+)["']/;

export function isToolConfig(file: string): boolean {
  return TOOL_FILES.test(file);
}

/** The dialect a tool's configuration file states, if any. */
export function dialectOfToolConfig(text: string, file = ''): Dialect | undefined {
  if (/(?:^|\/)config\/database\.php$/.test(file)) return dialectOfLaravelConfig(text);
  if (/\.ya?ml(?:\.\w+)?$/.test(file) && /(?:^|\/)config\/database\b/.test(file)) return dialectOfRailsConfig(text);
  for (const re of TOOL_SAYS) {
    const m = re.exec(text);
    if (m) return dialectOfName(m[1].replace(/^(?:postgresql|postgis)$/i, 'postgres'));
  }
  return undefined;
}

/**
 * Laravel lists a connection per database (sqlite first); the one in use is the default, named by
 * `'default'`, and its `'driver'` says the dialect (a connection's name is mostly its driver's).
 */
function dialectOfLaravelConfig(text: string): Dialect | undefined {
  const name = LARAVEL_DEFAULT.exec(text)?.[1];
  if (!name) return undefined;
  const at = text.search(new RegExp(`["']${name}["']\\s*=>\\s*(?:\\[|array\\s*\\()`));
  const driver = at < 0 ? undefined : /["']driver["']\s*=>\s*["'](\w+)["']/.exec(text.slice(at, at + 400))?.[1];
  return dialectOfName(driver ?? name);
}

/** Rails names an adapter per environment: production's if it has one, else the first. */
function dialectOfRailsConfig(text: string): Dialect | undefined {
  const production = /^production:[^\n]*\n((?:[ \t]+[^\n]*\n?|\s*\n)*)/m.exec(text)?.[1];
  const name = (production !== undefined ? RAILS_ADAPTER.exec(production) : undefined) ?? RAILS_ADAPTER.exec(text);
  if (!name) return undefined;
  return dialectOfName(name[1] === 'postgis' ? 'postgresql' : name[1] === 'trilogy' ? 'mysql' : name[1]);
}

/** The database each tool's configuration names, by the folder it configures (`x/config/…` configures `x`). */
export async function readToolDialects(files: readonly string[], read: (file: string) => Promise<unknown>): Promise<Map<string, Dialect>> {
  const out = new Map<string, { dialect: Dialect; stand: boolean }>();
  for (const file of files.filter(isToolConfig)) {
    const text = await read(file);
    if (typeof text !== 'string') continue;
    const dialect = dialectOfToolConfig(text, file);
    if (!dialect) continue;
    // Django's settings sit in the project's package (site/site/settings.py, site/site/settings/prod.py)
    // beside the apps it configures (site/shop/migrations/): the folder above the package is configured
    const dir = /(?:^|\/)settings(?:[-_.]\w+)?\.py$/.test(file) ? up(up(file)) : /(?:^|\/)settings\/\w+\.py$/.test(file) ? up(up(up(file))) : up(file).replace(/(?:^|\/)config$/i, '');
    // a sample, an example or a test's configuration (database.yml.example, settings_test.py, config.sample.php)
    // stands in for the real one only where there is none
    const stand = STAND_IN.test(file.slice(file.lastIndexOf('/') + 1));
    const known = out.get(dir);
    if (!known || (known.stand && !stand)) out.set(dir, { dialect, stand });
  }
  return new Map([...out].map(([dir, { dialect }]) => [dir, dialect]));
}

/** A configuration file named as a sample, an example, a template or a test's (`database.yml.example`, `settings_test.py`). */
const STAND_IN = /[-_.](?:sample|example|dist|template|default|docker|test|tests|testing|ci|local|dev|development)(?:[-_.]|$)/i;

/** The folder a file is in ('' at the top). */
const up = (f: string): string => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');

export interface DialectRules {
  /** policyproof.yaml sql-dialects: glob → dialect, first match wins */
  overrides: Array<{ match: (file: string) => boolean; dialect: Dialect }>;
  /** folder → dialect its tool configuration states ('' for the root) */
  tools: Map<string, Dialect>;
}

export function dialectRules(overrides: Record<string, string> | undefined, tools: Map<string, Dialect>): DialectRules {
  const list = Object.entries(overrides ?? {}).flatMap(([glob, name]) => {
    const d = DIALECTS.includes(name as Dialect) ? (name as Dialect) : dialectOfName(name);
    return d ? [{ match: picomatch(glob, { dot: true }), dialect: d }] : [];
  });
  return { overrides: list, tools };
}

export function dialectOf(file: string, text: string, rules: DialectRules): Dialect {
  for (const o of rules.overrides) if (o.match(file)) return o.dialect;
  const byPath = dialectOfPath(file);
  if (byPath) return byPath;
  // what the text plainly is wins; the tool's stated database decides what reads as any. Backquoted
  // names alone are MySQL's and SQLite's alike (drizzle-kit writes them for SQLite): there the tool decides.
  const { dialect: byText, backquotesOnly } = readText(text);
  if (byText && !backquotesOnly) return byText;
  const tool = toolDialectOf(file, rules);
  return tool === 'sqlite' || !byText ? tool ?? 'postgresql' : byText;
}

/** The database the configuration nearest above a file states. */
function toolDialectOf(file: string, rules: DialectRules): Dialect | undefined {
  for (let dir = file.slice(0, Math.max(0, file.lastIndexOf('/'))); ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')))) {
    const tool = rules.tools.get(dir);
    if (tool) return tool;
    if (dir === '') return undefined;
  }
}

