#!/usr/bin/env node
// SQL dialects and migrations in code (issue 12): the SQL source's replay of generated migration
// folders in MySQL, SQLite, SQL Server, ClickHouse and in code (knex, Kysely, sequelize-cli,
// TypeORM), each as a ratio to the bare parse of the same files by the same parser, in one run.
// Run after `npm run build`:  node bench/dialects.mjs [--files 400] [--rounds 25] [--only sqlite,clickhouse] [--gc]
//                         or:  node bench/dialects.mjs --repo DIR [--under PART] [--rounds 15]   (a checkout's own migration folders)
//
// What is compared (see bench/README.md):
// - the floor is what a user's bare parse of those files costs: each file read from disk, then parsed
//   by the parser made for its dialect (nothing kept, nothing else done);
// - the check is the SQL source's whole scan of the same folder, reading through the engine's own
//   file reader (readTextFile, as `policyproof check` does);
// - the same two without the disk (texts held in memory) are printed beside them, for what parsing
//   and building stores alone cost;
// - CPU time of the process, best of the rounds, the four measured in alternation after a warm-up.
//   No collection is forced between runs: a forced full collection (`--gc`, with `node --expose-gc`)
//   throws away optimised code that points at objects it frees (V8's "weak objects" deopts; 434 of
//   them in 60 scans of the ClickHouse folder) so each following run warms its code up again, which
//   costs the scan, with its many small functions, three times what it costs a parser's one loop.
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextOf } from './lib/built.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build/src');
const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const count = arg('--files', 400);
const rounds = arg('--rounds', 25);
const forceGc = process.argv.includes('--gc');
if (forceGc && !globalThis.gc) throw new Error('--gc needs node --expose-gc');

const { sqlSource } = await import(join(build, 'sources/sql/index.js'));
const { lexSql } = await import(join(build, 'sources/sql/lex.js'));
const { readClickHouse } = await import(join(build, 'sources/sql/dialects/clickhouse.js'));
const { groupMigrations } = await import(join(build, 'sources/sql/order.js'));
const { dialectOf, dialectRules } = await import(join(build, 'sources/sql/dialect.js'));
const { readCodeMigration } = await import(join(build, 'sources/migrations/index.js'));
// the TypeScript compiler the check itself loads (ts-morph's), not another copy of it
const ts = await (await import(join(build, 'sources/typescript/load-ts.js'))).loadTypeScript();
const require = createRequire(import.meta.url);
// the bare parse uses the very grammar build the source loads (one build per dialect, not the all-dialects bundle)
const BUILD = { mysql: 'mysql', mariadb: 'mariadb', sqlite: 'sqlite', sqlserver: 'transactsql' };
const nsp = Object.fromEntries(Object.entries(BUILD).map(([d, b]) => [d, new (require(`node-sql-parser/build/${b}.js`).Parser)()]));
const pg = await import('libpg-query');
await pg.loadModule();

const pad = (i) => String(i).padStart(5, '0');
const generators = {
  mysql: (i) => `CREATE TABLE \`t${i}\` (\n  \`id\` int(11) unsigned NOT NULL AUTO_INCREMENT,\n  \`email\` varchar(255) NOT NULL COMMENT 'login',\n  \`created_at\` datetime DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY (\`id\`),\n  KEY \`idx_${i}\` (\`email\`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\nALTER TABLE \`t${i}\` ADD COLUMN \`phone\` varchar(32) NULL AFTER \`email\`;\nALTER TABLE \`t${i}\` MODIFY \`email\` varchar(320) NOT NULL;\n`,
  sqlite: (i) => `CREATE TABLE IF NOT EXISTS "t${i}" (\n  "id" INTEGER PRIMARY KEY AUTOINCREMENT,\n  "email" TEXT NOT NULL,\n  "ip" TEXT\n);\nALTER TABLE "t${i}" ADD COLUMN "agent" TEXT;\n`,
  sqlserver: (i) => `CREATE TABLE [dbo].[T${i}] (\n    [Id] INT IDENTITY(1,1) NOT NULL,\n    [Email] NVARCHAR(256) NULL,\n    CONSTRAINT [PK_T${i}] PRIMARY KEY CLUSTERED ([Id] ASC)\n);\nALTER TABLE [dbo].[T${i}] ADD [Phone] NVARCHAR(32) NULL;\n`,
  clickhouse: (i) => `CREATE TABLE IF NOT EXISTS t${i} ON CLUSTER '{cluster}' (\n    event_time DateTime64(3, 'UTC'),\n    sender LowCardinality(String),\n    payload Nullable(String) CODEC(ZSTD(3))\n) ENGINE = ReplicatedMergeTree ORDER BY event_time\nTTL toDateTime(event_time) + INTERVAL 30 DAY;\nALTER TABLE t${i} ADD COLUMN IF NOT EXISTS client_ip IPv4;\n`,
};
const ext = { mysql: 'mysql.up.sql', sqlite: 'sqlite3.up.sql', sqlserver: 'sqlserver.up.sql', clickhouse: 'clickhouse.up.sql' };
const code = (i) => [
  `exports.up = async (knex) => {\n  await knex.schema.createTable('k${i}', (t) => {\n    t.increments('id');\n    t.string('email', 255);\n    t.timestamps(true, true);\n  });\n  await knex.raw('ALTER TABLE k${i} ADD COLUMN phone text');\n};\nexports.down = (knex) => knex.schema.dropTable('k${i}');\n`,
  `import { Kysely, sql } from 'kysely';\nexport async function up(db: Kysely<any>): Promise<void> {\n  await db.schema.createTable('y${i}').addColumn('id', 'serial', (c) => c.primaryKey()).addColumn('email', 'varchar(255)').execute();\n  await sql\`ALTER TABLE y${i} ADD COLUMN ip inet\`.execute(db);\n}\n`,
  `module.exports = {\n  async up(queryInterface, Sequelize) {\n    await queryInterface.createTable('S${i}', { id: { type: Sequelize.INTEGER, primaryKey: true }, email: { type: Sequelize.STRING } });\n    await queryInterface.addColumn('S${i}', 'phone', { type: Sequelize.STRING(32) });\n  },\n  async down(queryInterface) { await queryInterface.dropTable('S${i}'); },\n};\n`,
  `import { MigrationInterface, QueryRunner } from 'typeorm';\nexport class M${i} implements MigrationInterface {\n  public async up(q: QueryRunner): Promise<void> {\n    await q.query(\`CREATE TABLE "o${i}" ("id" uuid NOT NULL, "email" character varying NOT NULL)\`);\n  }\n  public async down(q: QueryRunner): Promise<void> { await q.query(\`DROP TABLE "o${i}"\`); }\n}\n`,
][i % 4];

function repo(dialect) {
  const files = {};
  for (let i = 0; i < count; i++) {
    if (dialect === 'code') files[`migrations/${pad(i)}_m.${i % 4 === 0 || i % 4 === 2 ? 'js' : 'ts'}`] = code(i);
    else files[`migrations/${pad(i)}_m.${ext[dialect]}`] = generators[dialect](i);
  }
  return files;
}

const DATABASE = { mysql: 'MySQL', mariadb: 'MariaDB', sqlite: 'Sqlite', sqlserver: 'TransactSQL' };
/** The bare parse of one file's text by its dialect's parser (a count, so nothing is kept). */
function parseOne(dialect, name, text) {
  let n = 0;
  if (dialect === 'code') {
    // the floor of a migration in code: its syntax tree as createSourceFile gives it by default (no
    // parent links: the check sets them only in a file with an `@`), and every SQL string it holds
    // parsed by libpg-query
    n += ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, name.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS).statements.length;
    for (const m of text.matchAll(/(?:raw\('|sql`|query\(`)([^'`]*)/g)) n += pg.parseSync(m[1]).stmts.length;
  } else if (dialect === 'clickhouse') {
    const spans = lexSql(text).statements;
    n += readClickHouse(text, spans, () => ({ file: name, line: 1, column: 1 })).ops.length;
  } else {
    // the same text the source parses: SQL Server's `GO` lines end a statement as `;` does
    const t = dialect === 'sqlserver' ? text.replace(/^([ \t]*)GO([ \t]*\r?)$/gim, '$1; $2') : text;
    for (const s of lexSql(t).statements) n += [nsp[dialect].astify(t.slice(s.start, s.end), { database: DATABASE[dialect] })].flat().length;
  }
  return n;
}

/** A user's bare parse: each file read from disk, then parsed. */
function bareFromDisk(dialect, dir, names) {
  let n = 0;
  for (const name of names) n += parseOne(dialect, name, readFileSync(join(dir, name), 'utf8'));
  return n;
}

function bareInMemory(dialect, files) {
  let n = 0;
  for (const [name, text] of Object.entries(files)) n += parseOne(dialect, name, text);
  return n;
}

async function scan(names, read) {
  const r = await sqlSource.scan({ root: '/', files: names, read, log() {} });
  if (r.diagnostics.length) throw new Error(`unexpected: ${r.diagnostics[0].message}`);
  return r.stores.length;
}

/** Best CPU time of each, all measured in alternation so that a change in the machine's load falls on each alike. */
async function bestOfEach(fns) {
  const min = fns.map(() => Infinity);
  for (const fn of fns) await fn();
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < fns.length; k++) {
      if (forceGc) globalThis.gc();
      // the process's own CPU time, not the wall clock: on a shared machine the wait for a core is no one's cost
      const t = process.cpuUsage();
      await fns[k]();
      const used = process.cpuUsage(t);
      min[k] = Math.min(min[k], (used.user + used.system) / 1000);
    }
  }
  return min;
}

/**
 * A checkout's own migration folders (`--repo DIR`, `--under PART` to keep only the folders whose
 * path holds PART): the SQL source's scan of exactly the files it replays against their bare parse,
 * read from disk: each .sql file by its dialect's parser (as above; libpg-query for PostgreSQL, the
 * text whole), each migration in code by TypeScript plus its SQL strings by their dialect's parser.
 * The SQL strings a migration in code runs are found with the check's own reader before timing
 * starts, so that finding them costs the bare parse nothing. node-sql-parser parses every statement
 * in the bare parse; the check parses only those that change a table.
 */
async function realRepo(dir, under) {
  const list = (d, rel = '') => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.name === 'node_modules' || e.name === '.git' ? [] : e.isDirectory() ? list(join(d, e.name), `${rel}${e.name}/`) : e.isFile() ? [`${rel}${e.name}`] : []);
  const groups = groupMigrations(list(dir).sort()).filter((g) => !under || g.dir.includes(under));
  const files = [...new Set(groups.flatMap((g) => g.files))].sort();
  const rules = dialectRules(undefined, new Map());
  const dialectOfFile = new Map(groups.flatMap((g) => g.files.map((f) => [f, g.dialect ?? dialectOf(f, readFileSync(join(dir, f), 'utf8'), rules)])));
  const sqlOf = new Map(files.filter((f) => /\.[cm]?[jt]s$/.test(f)).map((f) => [f, (readCodeMigration(ts, f, readFileSync(join(dir, f), 'utf8')) ?? []).filter((s) => s.kind === 'sql' && s.text.trim()).map((s) => s.text)]));
  const parseSql = (d, text) => {
    if (d === 'clickhouse') return readClickHouse(text, lexSql(text).statements, () => ({ file: '', line: 1, column: 1 })).ops.length;
    if (nsp[d]) {
      let n = 0;
      for (const s of lexSql(text).statements) {
        try {
          n += [nsp[d].astify(text.slice(s.start, s.end), { database: DATABASE[d] })].flat().length;
        } catch {
          n++;
        }
      }
      return n;
    }
    try {
      return pg.parseSync(text).stmts?.length ?? 0;
    } catch {
      return 0;
    }
  };
  const bare = () => {
    let n = 0;
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      if (!sqlOf.has(f)) n += parseSql(dialectOfFile.get(f), text);
      else {
        n += ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false, /\.[cm]?js$/.test(f) ? ts.ScriptKind.JS : ts.ScriptKind.TS).statements.length;
        for (const sql of sqlOf.get(f)) n += parseSql(dialectOfFile.get(f), sql);
      }
    }
    return n;
  };
  let stores = 0;
  const check = async () => {
    const r = await sqlSource.scan(contextOf(dir, files));
    stores = r.stores.length;
  };
  const [floor, full] = await bestOfEach([bare, check]);
  const kinds = {};
  for (const f of files) kinds[`${sqlOf.has(f) ? 'code' : 'sql'} ${dialectOfFile.get(f)}`] = (kinds[`${sqlOf.has(f) ? 'code' : 'sql'} ${dialectOfFile.get(f)}`] ?? 0) + 1;
  console.log(`dialects bench: ${dir}${under ? ` (folders holding ${under})` : ''}, best of ${rounds}, CPU time; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${files.length} files in ${groups.length} folders: ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  console.log(`bare parse ${floor.toFixed(1)} ms, policyproof ${full.toFixed(1)} ms, ratio ${(full / floor).toFixed(2)}×, ${stores} stores`);
}

const repoDir = process.argv.includes('--repo') ? process.argv[process.argv.indexOf('--repo') + 1] : undefined;
if (repoDir) {
  await realRepo(resolve(repoDir), process.argv.includes('--under') ? process.argv[process.argv.indexOf('--under') + 1] : undefined);
  process.exit(0);
}

console.log(`dialects bench: ${count} migration files per dialect, best of ${rounds}, CPU time${forceGc ? ', a forced collection before each run' : ''}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('             ── files read from disk ──────────   ── texts in memory ───────────');
console.log('dialect      bare parse   policyproof   ratio    bare parse   policyproof   ratio   stores');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const root = mkdtempSync(join(tmpdir(), 'pp-dialects-'));
try {
  for (const dialect of ['mysql', 'sqlite', 'sqlserver', 'clickhouse', 'code'].filter((d) => !only || only.includes(d))) {
    const files = repo(dialect);
    const names = Object.keys(files).sort();
    const dir = join(root, dialect);
    for (const name of names) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), files[name]);
    }
    const fromDisk = contextOf(dir, []).read;
    let stores = 0;
    const [floor, full, floorMem, fullMem] = await bestOfEach([
      async () => bareFromDisk(dialect, dir, names),
      async () => (stores = await scan(names, fromDisk)),
      async () => bareInMemory(dialect, files),
      async () => scan(names, async (f) => files[f]),
    ]);
    const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
    console.log(`${dialect.padEnd(12)} ${ms(floor)} ${ms(full).padStart(13)} ${(full / floor).toFixed(2).padStart(6)}×  ${ms(floorMem)} ${ms(fullMem).padStart(13)} ${(fullMem / floorMem).toFixed(2).padStart(6)}×  ${stores}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
