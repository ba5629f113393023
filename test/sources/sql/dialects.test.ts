import { describe, expect, it } from 'vitest';
import { normalisePlaceholders } from '../../../src/sources/sql/placeholders.js';
import { dialectOf, dialectRules, dialectOfToolConfig, isToolConfig, readToolDialects, unreadDialectOfPath } from '../../../src/sources/sql/dialect.js';
import { forGrammar } from '../../../src/sources/sql/dialects/node-sql.js';
import { scanFiles } from './helpers.js';

describe('placeholders', () => {
  const cases: Array<[string, string]> = [
    ['CREATE TABLE ${schema}.users (id int)', 'CREATE TABLE          users (id int)'],
    ["CREATE INDEX i ON ${ref('orders')} (id)", 'CREATE INDEX i ON orders         (id)'],
    ['SELECT * FROM {{ .Table }} WHERE id = ?', 'SELECT * FROM Table       WHERE id = x'],
    ['{{- if .X -}}\nDROP TABLE a;\n{{ end }}', '            \nDROP TABLE a;\n         '],
    ['ALTER TABLE "{{ .Ns }}".users ADD c int', 'ALTER TABLE           users ADD c int'],
    ['SELECT ?? FROM t WHERE a = :id AND b::text = :name', 'SELECT x  FROM t WHERE a = x   AND b::text = x    '],
    ["SELECT data ? 'key', a FROM t ORDER BY %order% LIMIT :limit", "SELECT data ? 'key', a FROM t ORDER BY x       LIMIT x     "],
    ["INSERT INTO r (a, b, c) VALUES (%s, %(name)s, 'x%sy') -- psycopg", "INSERT INTO r (a, b, c) VALUES (x , x       , 'x%sy') -- psycopg"],
    ['[% IF v < "2.8" %]\nALTER TABLE a ADD b int;\n[% END %]', '                  \nALTER TABLE a ADD b int;\n          '],
    ['{% if x %}CREATE TABLE a (b int){% endif %}', '          CREATE TABLE a (b int)           '],
    ["SELECT interval '${days} days'", "SELECT interval 'x       days'"],
    ['-- {{ comment }} stays\nSELECT 1', '-- {{ comment }} stays\nSELECT 1'],
    // psql's quoted variables: a string value, a name
    [`SELECT f('a', :'app_schema'), g(:"tbl") FROM t`, `SELECT f('a', 'x'         ), g(x     ) FROM t`],
    // a dollar quote whose text starts with a brace is no `\${…}` placeholder; JSON's "key":"value" no psql variable
    ['SELECT $j${"type":"note"}$j$, $${x}$$', 'SELECT $j${"type":"note"}$j$, $${x}$$'],
    ['ALTER TABLE ? ADD COLUMN ? TEXT', 'ALTER TABLE x ADD COLUMN x TEXT'],
    ["SELECT a FROM t WHERE data ? $1 AND data ?| array['b'] AND tags ? E'c'", "SELECT a FROM t WHERE data ? $1 AND data ?| array['b'] AND tags ? E'c'"],
    ['SELECT e.properties ? f.filter_key AS has_key, (e.properties ? (f.filter_key)::text) FROM e, f', 'SELECT e.properties ? f.filter_key AS has_key, (e.properties ? (f.filter_key)::text) FROM e, f'],
    ['INSERT INTO ? (a) VALUES (?)', 'INSERT INTO x (a) VALUES (x)'],
    ["SELECT a FROM t WHERE type ? 'admin' AND index ? 'b'", "SELECT a FROM t WHERE type ? 'admin' AND index ? 'b'"],
    ['CREATE INDEX ? ON ? (a)', 'CREATE INDEX x ON x (a)'],
    ['CREATE TABLE ${name} AS (SELECT 1)', 'CREATE TABLE name    AS (SELECT 1)'],
    ['CREATE INDEX ${ifNotExists} links_user_id_index ON links (user_id);', 'CREATE INDEX                links_user_id_index ON links (user_id);'],
    ['CREATE TABLE ${temporary} scratch (id int)', 'CREATE TABLE              scratch (id int)'],
    ['CREATE ${unique} INDEX i ON t (a)', 'CREATE           INDEX i ON t (a)'],
    ['CREATE TABLE IF NOT EXISTS ${table} (id int)', 'CREATE TABLE IF NOT EXISTS table    (id int)'],
    ['CREATE INDEX ${name} ON t (a)', 'CREATE INDEX name    ON t (a)'],
  ];
  it.each(cases)('%s', (input, output) => {
    const got = normalisePlaceholders(input);
    // the same words, every line break where it was, the same length (positions stay right)
    expect(got.replace(/ +/g, ' ')).toBe(output.replace(/ +/g, ' '));
    expect(got.split('\n').map((l) => l.length)).toEqual(input.split('\n').map((l) => l.length));
  });
  it('a template that never closes stays text (the parser says where)', () => {
    expect(normalisePlaceholders('CREATE TABLE {{ .Ns users (id int)')).toBe('CREATE TABLE {{ .Ns users (id int)');
  });
});

describe('dialect of a file', () => {
  const none = dialectRules(undefined, new Map());
  it.each([
    ['m/0001_x.mysql.up.sql', 'CREATE TABLE t (id int)', 'mysql'],
    ['m/0001_x.sqlite3.up.sql', 'CREATE TABLE t (id int)', 'sqlite'],
    ['m/0001_x.cockroach.up.sql', 'CREATE TABLE t (id int)', 'cockroachdb'],
    ['db/clickhouse/0001.sql', 'CREATE TABLE t (id int)', 'clickhouse'],
    ['m/1.sql', 'CREATE TABLE t (d Date) ENGINE = MergeTree ORDER BY d', 'clickhouse'],
    ['m/1.sql', 'CREATE TABLE t (d Date) ENGINE = Memory', 'clickhouse'],
    // MySQL's MEMORY engine beside InnoDB is MySQL's (Friendica's database.sql)
    ['m/1.sql', 'CREATE TABLE t (id int) ENGINE=InnoDB;\nCREATE TABLE u (id int) ENGINE=MEMORY;', 'mysql'],
    ['m/1.sql', 'CREATE TABLE u (id int) ENGINE=MEMORY DEFAULT COLLATE utf8mb4_general_ci;', 'mysql'],
    ['m/1.sql', 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)', 'sqlite'],
    // a dump or a schema kept per dialect, named so
    ['sql/Pg-database.sql', "CREATE TABLE t (id int);\nCOMMENT ON TABLE t IS $$ the ids may change as we reorder $$;", 'postgresql'],
    ['app/Schema/Sql/mysql.sql', 'CREATE TABLE t (id int)', 'mysql'],
    ['db/clickhouse_migrate/20260710_add_index.rb', 'ALTER TABLE t ADD INDEX i (x) TYPE minmax', 'clickhouse'],
    ['db/schema_sqlite.sql', 'CREATE TABLE t (id int)', 'sqlite'],
    ['db/m/0001_create_pg_stats.sql', 'CREATE TABLE t (id int)', 'postgresql'],
    // prose that says "change" or "modify" is no MySQL; an ALTER TABLE that does is
    ['m/2.sql', '-- x\nCOMMENT ON TABLE t IS $$ we may modify this later $$;', 'postgresql'],
    ['m/3.sql', 'ALTER TABLE t CHANGE old_name new_name INT', 'mysql'],
    ['m/4.sql', 'ALTER TABLE t ADD x int, MODIFY y varchar(10)', 'mysql'],
    ['m/1.sql', 'CREATE TABLE [dbo].[T] ([Id] INT IDENTITY(1,1))\nGO\n', 'sqlserver'],
    ['m/1.sql', 'ALTER TABLE `t` ADD COLUMN `c` int', 'mysql'],
    ['m/1.sql', "-- unlike MySQL's ENGINE=InnoDB\nCREATE TABLE t (id int)", 'postgresql'],
    // what only MySQL runs: a column added AFTER another, an index dropped ON its table, an account, FLUSH PRIVILEGES
    ['m/1.sql', 'alter table accounts add column parent_id varchar(36) DEFAULT NULL after billing_day;', 'mysql'],
    ['m/1.sql', 'alter table t add column c int first;', 'mysql'],
    ['m/1.sql', 'DROP INDEX tenant_kvs_key ON tenant_kvs;', 'mysql'],
    ['m/1.sql', "create user 'shop'@'%' identified by 'x';\nflush privileges;", 'mysql'],
    // a script for MySQL and PostgreSQL alike keeps MySQL's part in an executable comment (Kill Bill's ddl.sql)
    ['m/1.sql', '/*! SET default_storage_engine=INNODB */;\nCREATE TABLE accounts (record_id serial unique, id varchar(36));', 'postgresql'],
    ['m/1.sql', 'CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();\n-- added after the release;', 'postgresql'],
    // a backquoted name anywhere is no PostgreSQL's (Froxlor's INSERT … SET); with AUTOINCREMENT, SQLite's
    ['m/1.sql', 'INSERT INTO domains set `name` = :domainname, `type` = :type', 'mysql'],
    ['m/1.sql', 'DROP TABLE IF EXISTS `panel_sessions`;', 'mysql'],
    ['m/1.sql', 'CREATE TABLE "t" (`id` INTEGER PRIMARY KEY AUTOINCREMENT);', 'sqlite'],
    // a COPY's DELIMITER, prose in a comment or a string is no MySQL
    ['m/1.sql', "CREATE TABLE t (id int);\nCOPY t (id)\nFROM '/data/t.csv'\nDELIMITER ','\nCSV HEADER;", 'postgresql'],
    ['m/1.sql', '/* Add the new column first, then fill it */\nALTER TABLE t ADD COLUMN c int;', 'postgresql'],
    ['m/1.sql', "COMMENT ON TABLE t IS 'add this column first, then the index';", 'postgresql'],
    // an engine only MySQL has, in any case, beside ClickHouse's Memory
    ['m/1.sql', 'CREATE TABLE t (id int) engine=innodb;\nCREATE TABLE u (id int) ENGINE=Memory;', 'mysql'],
    // prose in a dollar-quoted comment or body is no MySQL (LedgerSMB's Payment.sql)
    ['m/1.sql', 'CREATE TABLE t (id int);\nCOMMENT ON FUNCTION f(int) IS $$\nAdds the rows into `in_batch_id`.\n$$;\nCREATE FUNCTION g() RETURNS int AS $body$ SELECT 1 FROM `x` $body$ LANGUAGE sql;', 'postgresql'],
  ])('%s: %s → %s', (file, text, dialect) => {
    expect(dialectOf(file, text, none)).toBe(dialect);
  });
  it('the migration tool says what plain SQL is; policyproof.yaml says it for a glob', () => {
    expect(dialectOfToolConfig("module.exports = { client: 'mysql2' }")).toBe('mysql');
    expect(dialectOfToolConfig('{ "development": { "dialect": "sqlite" } }')).toBe('sqlite');
    expect(dialectOfToolConfig('datasource db {\n  provider = "sqlserver"\n}')).toBe('sqlserver');
    expect(dialectOf('api/db/1.sql', 'CREATE TABLE t (id int)', dialectRules(undefined, new Map([['api', 'mysql']])))).toBe('mysql');
    expect(dialectOf('legacy/1.sql', 'CREATE TABLE t (id int)', dialectRules({ 'legacy/**': 'sqlite' }, new Map()))).toBe('sqlite');
  });
  const laravel = (def: string) => `<?php\nreturn [\n  'default' => ${def},\n  'connections' => [\n    'sqlite' => [\n      'driver' => 'sqlite',\n    ],\n    'tenant' => [\n      'driver' => 'pgsql',\n      'host' => env('DB_HOST'),\n    ],\n    'mysql' => [\n      'driver' => 'mysql',\n    ],\n    'sqlsrv' => array(\n      'driver' => 'sqlsrv',\n    ),\n  ],\n];\n`;
  it.each([
    // Laravel: the default connection's driver, not the first connection listed (sqlite)
    ['config/database.php', laravel("env('DB_CONNECTION', 'mysql')"), 'mysql'],
    ['config/database.php', laravel("'sqlsrv'"), 'sqlserver'],
    ['config/database.php', laravel('env("DB_CONNECTION", "tenant")'), 'postgresql'],
    ['config/database.php', laravel("env('DB_CONNECTION')"), undefined],
    // a PHP application's config (FOSSBilling): Doctrine DBAL's driver
    ['src/config-sample.php', "<?php\nreturn [\n  'db' => [\n    'type' => 'mysql',\n    'driver' => 'pdo_mysql',\n  ],\n];", 'mysql'],
    ['config.php', "<?php\n$config['db'] = ['driver' => 'pdo_pgsql'];", 'postgresql'],
    // CodeIgniter 4: the default group's DBDriver
    ['app/Config/Database.php', "<?php\nclass Database extends Config {\n  public string $defaultGroup = 'default';\n  public array $default = [\n    'DBDriver'     => 'MySQLi',\n  ];\n}", 'mysql'],
    ['app/Config/Database.php', "<?php\n  public array $default = ['DBDriver' => 'Postgre'];", 'postgresql'],
    // Rails: production's adapter, else the first environment's
    ['config/database.yml', 'development:\n  adapter: sqlite3\nproduction:\n  <<: *default\n  adapter: mysql2\n', 'mysql'],
    ['config/database.example.yml', 'default: &default\n  adapter: postgis\ndevelopment:\n  <<: *default\n', 'postgresql'],
    ['config/database.yml', 'production:\n  adapter: <%= ENV.fetch("DB_ADAPTER") { "trilogy" } %>\n', 'mysql'],
    // Django: the ENGINE of a settings module
    ['site/site/settings.py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'x'}}", 'mysql'],
    ['site/site/settings/production.py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}", 'postgresql'],
    ['site/site/settings.py', "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql_psycopg2'}}", 'postgresql'],
    ['geo/geo/settings.py', "DATABASES = {'default': {'ENGINE': 'django.contrib.gis.db.backends.postgis'}}", 'postgresql'],
  ])('%s says %s', (file, text, dialect) => {
    expect(isToolConfig(file)).toBe(true);
    expect(dialectOfToolConfig(text, file)).toBe(dialect);
  });
  it('a sample, an example or a test\'s configuration stands in for the real one only where there is none', async () => {
    const files: Record<string, string> = {
      // (the real one first, then the sample: neither order lets the sample win)
      'site/site/settings.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql'}}",
      'site/site/settings_test.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}",
      'config/database.example.yml': 'production:\n  adapter: sqlite3\n',
      'config/database.yml': 'production:\n  adapter: mysql2\n',
      'config/database.yml.example': 'production:\n  adapter: sqlite3\n',
      'billing/config.sample.php': "<?php return ['driver' => 'pdo_sqlite'];",
      'shop/config.sample.php': "<?php return ['driver' => 'pdo_sqlite'];",
    };
    const tools = await readToolDialects(Object.keys(files), async (f) => files[f]);
    expect([...tools].sort()).toEqual([['', 'mysql'], ['billing', 'sqlite'], ['shop', 'sqlite'], ['site', 'mysql']]);
    // a long run of spaces after a key is no slow path
    expect(dialectOfToolConfig(`client${' '.repeat(50_000)}x`)).toBeUndefined();
  });
  it('a dialect policyproof does not read is named by a folder or a dotted part of the name, not by a word inside a name', () => {
    expect(unreadDialectOfPath('docker/oracle/startup/01_init.sql')).toBe('Oracle');
    expect(unreadDialectOfPath('db/snowflake_models/a.sql')).toBe('Snowflake');
    expect(unreadDialectOfPath('sql/init.oracle.sql')).toBe('Oracle');
    expect(unreadDialectOfPath('db/migrations/V3__add_bigquery_export.sql')).toBeUndefined();
    expect(unreadDialectOfPath('app/firebirdish/0042_oracle_import.sql')).toBeUndefined();
  });
  it('an application file named like a configuration is none', () => {
    expect(isToolConfig('app/Http/Controllers/ConfigController.php')).toBe(false);
    expect(isToolConfig('config/app.php')).toBe(false);
    expect(isToolConfig('config/locales.yml')).toBe(false);
    expect(isToolConfig('app/models/settings_helper.rb')).toBe(false);
  });
});

describe('bad input never stops the scan', () => {
  it('garbage in a MySQL file and in a ClickHouse file: a finding at the line, the rest read', async () => {
    const r = await scanFiles({
      'db/1.mysql.sql': 'CREATE TABLE a (id int);\nALTER TABLE `a` ADD COLUMN ))) ((( ;\nCREATE TABLE b (email text);\n',
      'ch/clickhouse/1.sql': 'CREATE TABLE c (ts DateTime, ip String ENGINE = MergeTree;\nCREATE TABLE d (ip String) ENGINE = Log;\n',
    });
    expect(r.diagnostics.map((d) => `${d.location.file}:${d.location.line}`)).toEqual(['ch/clickhouse/1.sql:1', 'db/1.mysql.sql:2']);
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.name)).toEqual(['public.d', 'public.a', 'public.b']);
  });

  it('a 10 MB SQL string in a migration (a note at its file, not read), and a migration folder of 20,000 files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) files[`migrations/${String(i).padStart(5, '0')}_t.sql`] = `CREATE TABLE t${i} (id int);\n`;
    files['migrations/99999_big.js'] = `exports.up = (knex) => knex.raw(${JSON.stringify(`INSERT INTO t0 VALUES (${'1,'.repeat(5_000_000)}1)`)});\n`;
    const r = await scanFiles(files);
    expect(r.stores.filter((s) => s.kind === 'table')).toHaveLength(20_000);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual(['skipped-file migrations/99999_big.js:1']);
  }, 120_000);
});

describe('what the grammars of MySQL and SQLite read as the databases do', () => {
  it("a MySQL string with backslash-escaped quotes and a ';' inside, a # comment with a quote: one statement each", async () => {
    const r = await scanFiles({
      'db/schema.sql': [
        'CREATE TABLE `contact` (',
        "\t`forum` boolean NOT NULL DEFAULT '0' COMMENT 'Deprecated, use \\'contact-type\\' = \\'community\\' instead',",
        "\t`recips` text COMMENT 'sender_handle;recipient_handle',",
        "\t`email` varchar(255) COMMENT \"the \\\"primary\\\" one; or none\"",
        ') ENGINE=InnoDB;',
        "# the next table's rows are kept in memory",
        'CREATE TABLE `ipc` (`data` text) ENGINE=MEMORY;',
        'CREATE TABLE `a;b` (`phone` varchar(32)) ENGINE=InnoDB;',
      ].join('\n'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.name}@${s.location.line}`)).toEqual([
      'public.contact.forum@2', 'public.contact.recips@3', 'public.contact.email@4', 'public.ipc.data@7', 'public.a;b.phone@8',
    ]);
  });
  it("the mysql client's DELIMITER: a procedure's body is one statement, and the file is MySQL", async () => {
    const text = [
      'DROP FUNCTION IF EXISTS `rank_of`;',
      'DELIMITER $$',
      'CREATE FUNCTION `rank_of`(mp_id int) RETURNS int(11)',
      'BEGIN',
      '  DECLARE done INT DEFAULT 0;',
      '  UPDATE `student_rank` SET `rank` = 1 WHERE id = mp_id;',
      '  RETURN done;',
      'END$$',
      'DELIMITER ;',
      'CREATE TABLE student_rank (id int, phone varchar(32)) ENGINE=InnoDB;',
      'DELIMITER //',
      'CREATE PROCEDURE p() BEGIN SELECT 1; END //',
      'DELIMITER ;',
    ].join('\n');
    expect(dialectOf('install/procs.sql', text, dialectRules(undefined, new Map()))).toBe('mysql');
    // a stray ';' after the custom delimiter starts no statement
    const stray = await scanFiles({ 'install/procs.sql': text.replace('END$$', () => 'END$$;') });
    expect(stray.diagnostics).toEqual([]);
    expect(stray.stores.filter((s) => s.kind === 'table').map((s) => s.name)).toEqual(['public.student_rank']);
    const r = await scanFiles({ 'install/procs.sql': text });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.name}@${s.location.line}`)).toEqual(['public.student_rank.id@10', 'public.student_rank.phone@10']);
  });
  it("MySQL's SERIAL is read where a type stands, and a column or a table named serial stays one", async () => {
    const r = await scanFiles({
      'db/1.mysql.sql': [
        'CREATE TABLE accounts (\r\n    record_id serial unique,\r\n    serial varchar(20),\r\n    id2 serial -- a key\r\n) ENGINE=InnoDB;',
        'ALTER TABLE accounts ADD COLUMN serial_no serial;',
        'CREATE TABLE serial (id int) ENGINE=InnoDB;',
        'ALTER TABLE serial ADD COLUMN serial VARCHAR(64);',
        'ALTER TABLE serial ADD owner_email varchar(255);',
      ].join('\n'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.name} ${s.sqlType}`)).toEqual([
      'public.accounts.record_id serial', 'public.accounts.serial varchar(20)', 'public.accounts.id2 serial', 'public.accounts.serial_no serial',
      'public.serial.id int', 'public.serial.serial varchar(64)', 'public.serial.owner_email varchar(255)',
    ]);
  });
  it('a column after a # comment in MySQL is found at its own definition, with its type', async () => {
    const r = await scanFiles({
      'db/1.mysql.sql': 'CREATE TABLE people (\n  id int,\n  # the address to write to\n  email varchar(200),\n  name varchar(20),\n  KEY ix (email, name)\n) ENGINE=InnoDB;',
    });
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.name} ${s.sqlType} @${s.location.line}`)).toEqual([
      'public.people.id int @2', 'public.people.email varchar(200) @4', 'public.people.name varchar(20) @5',
    ]);
  });
  it('the rewrites for a grammar leave quoted strings and names as written', () => {
    const stmt = "CREATE TABLE t (\"bool\" bool, flag character(1) COMMENT 'device serial, one character (A-Z) per slot; a bool')";
    const out = forGrammar(stmt, 'mysql');
    expect(out).toHaveLength(stmt.length);
    expect(out).toContain("COMMENT 'device serial, one character (A-Z) per slot; a bool'");
    expect(out).toContain('"bool" int ,');
    expect(out).toContain('flag char     (1)');
  });
  it('a table named session, global or local is read by the MariaDB, SQL Server and SQLite grammars too', async () => {
    const r = await scanFiles({
      'db/1.mariadb.sql': 'CREATE TABLE session(id varchar(40), email varchar(255)) ENGINE=InnoDB;',
      'db/2.sqlite.sql': 'CREATE TABLE local (id text);\nCREATE TABLE visits (sid text REFERENCES session (id), ip text);',
      'db/3.sqlserver.sql': 'CREATE TABLE global (id int, phone nvarchar(32));',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => s.name).sort()).toEqual([
      'public.global.id', 'public.global.phone', 'public.local.id', 'public.session.email', 'public.session.id', 'public.visits.ip', 'public.visits.sid',
    ]);
  });
  it("MySQL's synonyms CHARACTER VARYING(n), NATIONAL CHARACTER VARYING(n) and CHARACTER(n) are read as written", async () => {
    const r = await scanFiles({
      'db/1.mysql.sql': 'CREATE TABLE app (\n    name character varying(100) NOT NULL,\n    phone national character varying(32),\n    flag character(1) CHARACTER SET latin1\n)ENGINE=InnoDB;\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.name} ${s.sqlType} @${s.location.line}:${s.location.column}`)).toEqual([
      'public.app.name character varying(100) @2:5', 'public.app.phone national character varying(32) @3:5', 'public.app.flag character(1) @4:5',
    ]);
  });
  it('a MySQL statement that only sets or drops defaults changes no column (ALTER without COLUMN too)', async () => {
    const r = await scanFiles({
      'db/1.mysql.sql': "CREATE TABLE `contacts` (`name` varchar(10), `x` int);\nALTER TABLE `contacts` ALTER `name` SET DEFAULT '', ALTER COLUMN `x` DROP DEFAULT;\nALTER TABLE contacts ALTER name SET DEFAULT 'it\\'s';\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.map((s) => s.id)).toEqual(['sql:table:public.contacts', 'sql:column:public.contacts.name', 'sql:column:public.contacts.x']);
  });
  it('a SQLite table named session, global or local is read where it stands', async () => {
    const r = await scanFiles({
      'db/sqlite/1.sql': 'CREATE TABLE session (\n  sess_id varchar(128) NOT NULL PRIMARY KEY,\n  ip varchar(40)\n);\nCREATE TABLE IF NOT EXISTS Local (ip text);\nDROP TABLE session;\n',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.map((s) => `${s.id}@${s.location.line}:${s.location.column}`)).toEqual(['sql:table:public.Local@5:1', 'sql:column:public.Local.ip@5:35']);
  });
});

describe('policyproof.yaml', () => {
  it('sql-dialects, sql-primary-dialect and terraform-regions are read; a dialect it does not know is a configuration error at its line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadConfig } = await import('../../../src/config/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'pp-dialects-'));
    writeFileSync(join(dir, 'policyproof.yaml'), 'sql-dialects:\n  "legacy/**": mysql\nsql-primary-dialect: sqlite\nterraform-regions:\n  aws: eu-north-1\n');
    expect(await loadConfig(dir)).toMatchObject({ sqlDialects: { 'legacy/**': 'mysql' }, sqlPrimaryDialect: 'sqlite', terraformRegions: { aws: 'eu-north-1' } });
    writeFileSync(join(dir, 'policyproof.yaml'), 'sql-dialects:\n  "a/**": oracle\n');
    await expect(loadConfig(dir)).rejects.toThrow(/policyproof\.yaml:2:\d+: sql-dialects\.a\/\*\* must be one of postgresql/);
  });

  it('a dump kept per dialect in one folder (postgres.sql beside mysql.sql) is one history per dialect, reported once', async () => {
    const r = await scanFiles({
      'app/Schema/Sql/mysql.sql': 'CREATE TABLE `users` (`email` varchar(255)) ENGINE=InnoDB;\n',
      'app/Schema/Sql/postgres.sql': 'CREATE TABLE users (email text);\n',
    });
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
    expect(r.stores.map((s) => `${s.id} ${s.location.file}`)).toEqual(['sql:table:public.users app/Schema/Sql/postgres.sql', 'sql:column:public.users.email app/Schema/Sql/postgres.sql']);
  });

  it('the primary dialect decides where a table kept in several dialects is reported', async () => {
    const files = {
      'm/0001_u.postgres.up.sql': 'CREATE TABLE u (email text);\n',
      'm/0001_u.sqlite3.up.sql': 'CREATE TABLE u (email TEXT);\n',
    };
    const first = await scanFiles(files);
    expect(first.stores.map((s) => s.location.file)).toEqual(['m/0001_u.postgres.up.sql', 'm/0001_u.postgres.up.sql']);
    const sqlite = await scanFiles(files, [], { sqlPrimaryDialect: 'sqlite' });
    expect(sqlite.stores.map((s) => s.location.file)).toEqual(['m/0001_u.sqlite3.up.sql', 'm/0001_u.sqlite3.up.sql']);
  });
});

describe('SQL in code speaks its own dialect', () => {
  // a Go migration runner's CockroachDB statements: read as CockroachDB, not rejected as PostgreSQL
  it('CockroachDB index syntax (STORING, NOT VISIBLE, table@index) in a string is no parse error', async () => {
    const { scanSqlText } = await import('../../../src/sources/sql/index.js');
    const create = 'CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id ASC) STORING (total) NOT VISIBLE';
    const drop = 'DROP INDEX orders@orders_by_customer';
    for (const text of [create, drop]) {
      const result = await scanSqlText(text, 'internal/migrate/backfill.go', 12, 20);
      expect(result.diagnostics, text).toEqual([]);
    }
    // the same statement given as PostgreSQL is still a syntax error, at its line
    const { diagnostics } = await scanSqlText('CREATE INDEX i ON orders (customer_id) INCLUDING GARBAGE (', 'internal/migrate/backfill.go', 12, 20);
    expect(diagnostics.map((d) => d.location.line)).toEqual([12]);
  });
});

describe("SQLite's several-word type names, as one word for the grammar", () => {
  it.each([
    ['a CREATE TABLE … AS SELECT (b AS c is an alias)', 'CREATE TABLE x AS SELECT a, b AS c FROM t'],
    ['a key column with its collation', 'CREATE TABLE x (a text, b text, UNIQUE (a, b COLLATE NOCASE))'],
    ['a CHECK expression', 'CREATE TABLE x (a int, b int, CHECK (a in (1, b like c)))'],
    ['an index column with its order', 'CREATE TABLE x (a int, PRIMARY KEY (a DESC, b ASC))'],
    ['a column with no type', 'CREATE TABLE x (a NOT NULL, b DEFAULT current_timestamp, c REFERENCES t)'],
    // (ADD was once found inside address_type_old: the column was renamed to "text")
    ['a RENAME COLUMN of a name that starts with add', 'ALTER TABLE codes RENAME COLUMN address_type_old TO address_type'],
  ])('%s is left as written', (_, sql) => {
    expect(forGrammar(sql, 'sqlite')).toBe(sql);
  });
  it('a column definition of CREATE TABLE or ADD COLUMN gets one word of the same length', () => {
    expect(forGrammar('CREATE TABLE a (x timestamp with time zone default null, /* c */ y unsigned big int, w TEXT COLLATE NOCASE, UNIQUE (w COLLATE NOCASE))', 'sqlite'))
      .toBe('CREATE TABLE a (x text                     default null, /* c */ y text            , w TEXT COLLATE NOCASE, UNIQUE (w COLLATE NOCASE))');
    expect(forGrammar('ALTER TABLE accounts ADD COLUMN -- why\n ip native character(45);', 'sqlite')).toBe('ALTER TABLE accounts ADD COLUMN -- why\n ip text                ;');
  });
  it.each([
    ['a list of unclosed comments', ', /*'.repeat(20_000)],
    ['a column list of unclosed comments', `CREATE TABLE t (a int${', /*'.repeat(20_000)})`],
    ['a column list of unclosed strings', `CREATE TABLE t (a double precision${", b 'x".repeat(20_000)})`],
  ])('%s (20,000 times) is read in one pass, its length kept', (_, sql) => {
    expect(forGrammar(sql, 'sqlite').length).toBe(sql.length);
  }, 1000);
});
