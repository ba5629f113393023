#!/usr/bin/env node
// SQL dialects and migrations in code (issue 12): the SQL source's replay of generated migration
// folders in MySQL, SQLite, SQL Server, ClickHouse and in code (knex, Kysely, sequelize-cli,
// TypeORM), each as a ratio to the bare parse of the same files by the same parser, in one run.
// Run after `npm run build`:  node bench/dialects.mjs [--files 400] [--rounds 7] [--only sqlite,clickhouse]
// (with `node --expose-gc` each timed run starts from a collected heap: one run's garbage is not the next one's cost)
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build/src');
const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const count = arg('--files', 400);
const rounds = arg('--rounds', 7);

const { sqlSource } = await import(join(build, 'sources/sql/index.js'));
const { lexSql } = await import(join(build, 'sources/sql/lex.js'));
const { readClickHouse } = await import(join(build, 'sources/sql/dialects/clickhouse.js'));
const require = createRequire(import.meta.url);
const ts = require('typescript');
// the bare parse uses the very grammar build the source loads (one build per dialect, not the all-dialects bundle)
const BUILD = { mysql: 'mysql', sqlite: 'sqlite', sqlserver: 'transactsql' };
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

const DATABASE = { mysql: 'MySQL', sqlite: 'Sqlite', sqlserver: 'TransactSQL' };
function bare(dialect, files) {
  let n = 0;
  for (const [name, text] of Object.entries(files)) {
    if (dialect === 'code') {
      // the floor of a migration in code: its syntax tree, and the SQL it runs parsed by libpg-query
      n += ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, name.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS).statements.length;
      for (const m of text.matchAll(/(?:raw\('|sql`|query\(`)([^'`]*)/g)) n += pg.parseSync(m[1]).stmts.length;
    }
    else if (dialect === 'clickhouse') {
      const spans = lexSql(text).statements;
      n += readClickHouse(text, spans, () => ({ file: name, line: 1, column: 1 })).ops.length;
    } else {
      // the same text the source parses: SQL Server's `GO` lines end a statement as `;` does
      const t = dialect === 'sqlserver' ? text.replace(/^([ \t]*)GO([ \t]*\r?)$/gim, '$1; $2') : text;
      for (const s of lexSql(t).statements) n += [nsp[dialect].astify(t.slice(s.start, s.end), { database: DATABASE[dialect] })].flat().length;
    }
  }
  return n;
}

async function scan(files) {
  const r = await sqlSource.scan({ root: '/', files: Object.keys(files).sort(), read: async (f) => files[f], log() {} });
  if (r.diagnostics.length) throw new Error(`unexpected: ${r.diagnostics[0].message}`);
  return r.stores.length;
}

/** Best time of each, the two measured in alternation so that a change in the machine's load falls on both alike. */
async function bestOfBoth(a, b) {
  const min = [Infinity, Infinity];
  await a();
  await b();
  for (let i = 0; i < rounds; i++) {
    for (const [k, fn] of [[0, a], [1, b]]) {
      globalThis.gc?.();
      // the process's own CPU time, not the wall clock: on a shared machine the wait for a core is no one's cost
      const t = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(t);
      min[k] = Math.min(min[k], (used.user + used.system) / 1000);
    }
  }
  return min;
}

console.log(`dialects bench: ${count} migration files per dialect, best of ${rounds}, CPU time; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('dialect      bare parse   policyproof   ratio   stores');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
for (const dialect of ['mysql', 'sqlite', 'sqlserver', 'clickhouse', 'code'].filter((d) => !only || only.includes(d))) {
  const files = repo(dialect);
  let stores = 0;
  const [floor, full] = await bestOfBoth(async () => bare(dialect, files), async () => (stores = await scan(files)));
  console.log(`${dialect.padEnd(12)} ${floor.toFixed(0).padStart(7)} ms ${full.toFixed(0).padStart(10)} ms ${(full / floor).toFixed(2).padStart(6)}×  ${stores}`);
}
