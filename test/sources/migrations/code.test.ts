/**
 * Migrations written in code are history: their `up` direction, ordered with the .sql files of the
 * same folder, changes the tables created anywhere earlier; `down` never applies.
 */
import { describe, expect, test } from 'vitest';
import { scanFiles, store } from '../sql/helpers.js';

const cols = (r: Awaited<ReturnType<typeof scanFiles>>, table: string) =>
  r.stores.filter((s) => s.parent === table).map((s) => [s.id.slice(s.id.lastIndexOf('.') + 1), s.sqlType ?? '', s.location.line, s.categories.map((c) => c.id).join()]);

describe('migrations in code', () => {
  test('a fragment handed to a query builder is part of a query, not a statement; a placeholder in a keyword slot or a name slot parses', async () => {
    const r = await scanFiles({
      'server/migrations/20240101_visits.js': [
        'const isMySQL = process.env.DB_CLIENT === "mysql";',
        'async function up(knex) {',
        "  await knex.raw('CREATE TABLE visits (id int, link_id int, user_id int)');",
        '  const ifNotExists = isMySQL ? "" : "IF NOT EXISTS";',
        '  await knex.raw(`CREATE INDEX ${ifNotExists} visits_user_id_index ON visits (user_id);`);',
        "  await knex('visits').fromRaw(knex.raw('visits v')).update({ user_id: knex.raw('?? + 0', ['link_id']) });",
        "  await knex.raw('ALTER TABLE ?? ADD COLUMN ?? inet', ['visits', 'ip']);",
        "  await knex.raw('ALTER TABLE visits ADD COLUMN referrer text');",
        '}',
        'module.exports = { up };',
      ].join('\n'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(cols(r, 'sql:table:public.visits').map((c) => c[0])).toEqual(['id', 'link_id', 'user_id', 'referrer']);
  });

  test('knex: createTable/alterTable with tags above the statement or a column; .sql and .js files in one history', async () => {
    const r = await scanFiles({
      'migrations/20200101_messages.js': [
        'exports.up = async function (knex) {',
        '  /** @category traffic-data */',
        "  await knex.schema.withSchema('sms').createTable('messages', (t) => {",
        "    t.increments('id');",
        "    t.string('phone_number', 20).notNullable().index();",
        '    // @category traffic-history',
        "    t.text('body');",
        "    t.specificType('sender_ip', 'inet');",
        "    t.foreign('user_id').references('users.id');",
        '  });',
        "  return knex.schema.createTable('audit', (table) => table.string('actor'));",
        '};',
        "exports.down = (knex) => knex.schema.dropTable('audit');",
      ].join('\n'),
      'migrations/20200102_users.sql': 'CREATE TABLE users (id bigint, fax text);\n',
      'migrations/20200103_users.js': "exports.up = (knex) => knex.schema.alterTable('users', (t) => { t.string('email_address'); t.dropColumn('fax'); });\n",
    });
    expect(store(r, 'sql:table:sms.messages')).toMatchObject({ kind: 'table', source: 'sql', retentionBearing: true, location: { file: 'migrations/20200101_messages.js', line: 3 }, categories: [{ id: 'traffic-data', via: 'annotation' }] });
    expect(cols(r, 'sql:table:sms.messages')).toEqual([
      ['id', 'integer', 4, ''],
      ['phone_number', 'varchar', 5, ''],
      ['body', 'text', 7, 'traffic-history'],
      ['sender_ip', 'inet', 8, ''],
    ]);
    // down() never runs: audit stays
    expect(cols(r, 'sql:table:public.audit')).toEqual([['actor', 'varchar', 11, '']]);
    // the .js migration after the .sql one changes the table the .sql created
    expect(cols(r, 'sql:table:public.users')).toEqual([['id', 'bigint', 1, ''], ['email_address', 'varchar', 1, '']]);
    expect(r.diagnostics).toEqual([]);
  });

  test('TypeORM: createTable(new Table(…)) and SQL in up(); SQL in down() is not applied; a later DROP TABLE removes the table', async () => {
    const r = await scanFiles({
      'src/migrations/1700000000000-Messages.ts': [
        "import { MigrationInterface, QueryRunner, Table } from 'typeorm';",
        'export class Messages1700000000000 implements MigrationInterface {',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        '    /** @category traffic-data */',
        '    await queryRunner.createTable(',
        '      new Table({',
        "        name: 'messages',",
        '        columns: [',
        "          { name: 'id', type: 'uuid', isPrimary: true },",
        '          /** @category abuse */',
        "          { name: 'sender_ip', type: 'inet' },",
        '        ],',
        '      }),',
        '      true,',
        '    );',
        '    await queryRunner.query(`CREATE TABLE "scratch" ("id" uuid)`);',
        '  }',
        '  public async down(queryRunner: QueryRunner): Promise<void> {',
        "    await queryRunner.query('DROP TABLE messages');",
        '  }',
        '}',
      ].join('\n'),
      'src/migrations/1700000000001-Email.ts': [
        'export class Email1700000000001 {',
        '  async up(q) {',
        '    await q.query(`ALTER TABLE "messages" ADD COLUMN "email" character varying NOT NULL`);',
        "    await q.query('DROP TABLE scratch');",
        '  }',
        '  async down(q) { await q.query(`ALTER TABLE "messages" DROP COLUMN "email"`); }',
        '}',
      ].join('\n'),
    });
    expect(store(r, 'sql:table:public.messages')).toMatchObject({ kind: 'table', retentionBearing: true, location: { line: 6, column: 7 }, categories: [{ id: 'traffic-data' }] });
    expect(cols(r, 'sql:table:public.messages')).toEqual([
      ['id', 'uuid', 9, ''],
      ['sender_ip', 'inet', 11, 'abuse'],
      ['email', 'varchar', 3, ''],
    ]);
    expect(store(r, 'sql:column:public.messages.email').location).toMatchObject({ file: 'src/migrations/1700000000001-Email.ts', line: 3 });
    expect(r.stores.map((s) => s.id)).not.toContain('sql:table:public.scratch');
    expect(r.diagnostics).toEqual([]);
  });

  test('sequelize-cli: createTable, addColumn, renameColumn, removeColumn; umzug-style export const up', async () => {
    const r = await scanFiles({
      'migrations/20240101-create-user.js': [
        "'use strict';",
        'module.exports = {',
        '  async up(queryInterface, Sequelize) {',
        '    /** @category customer-data */',
        "    await queryInterface.createTable('Users', {",
        '      id: { allowNull: false, autoIncrement: true, primaryKey: true, type: Sequelize.INTEGER },',
        '      email: { type: Sequelize.STRING },',
        '      fax: Sequelize.STRING(20),',
        '    });',
        '  },',
        "  async down(queryInterface) { await queryInterface.dropTable('Users'); },",
        '};',
      ].join('\n'),
      'migrations/20240102-phone.ts': [
        "import { DataTypes } from 'sequelize';",
        "export const up = async ({ context: qi }) => {",
        "  await qi.addColumn('Users', 'phone', { type: DataTypes.STRING(32) });",
        "  await qi.renameColumn('Users', 'email', 'email_address');",
        "  await qi.removeColumn('Users', 'fax');",
        '};',
        "export const down = async ({ context: qi }) => qi.removeColumn('Users', 'phone');",
      ].join('\n'),
    });
    expect(store(r, 'sql:table:public.Users')).toMatchObject({ kind: 'table', categories: [{ id: 'customer-data', via: 'annotation' }] });
    expect(cols(r, 'sql:table:public.Users')).toEqual([
      ['id', 'integer', 6, ''],
      ['email_address', 'varchar', 7, ''],
      ['phone', 'varchar', 3, ''],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  test('Kysely, node-pg-migrate, db-migrate and MikroORM', async () => {
    const r = await scanFiles({
      'db/migrations/2024_01_01_init.ts': [
        "import { Kysely, sql } from 'kysely';",
        'export async function up(db: Kysely<any>): Promise<void> {',
        '  await db.schema',
        "    .createTable('person')",
        "    .addColumn('id', 'serial', (col) => col.primaryKey())",
        "    .addColumn('first_name', 'varchar(255)')",
        '    // @category customer-data',
        "    .addColumn('ip', sql`inet`)",
        '    .execute();',
        "  await db.schema.alterTable('person').renameColumn('first_name', 'name').execute();",
        '  await sql`ALTER TABLE person ADD COLUMN email text`.execute(db);',
        '}',
        "export async function down(db: Kysely<any>) { await db.schema.dropTable('person').execute(); }",
      ].join('\n'),
      'pgm/migrations/1700000000000_contacts.js': [
        'exports.up = (pgm) => {',
        "  pgm.createTable({ schema: 'crm', name: 'contacts' }, { id: 'id', phone: { type: 'varchar(20)' } });",
        "  pgm.addColumns({ schema: 'crm', name: 'contacts' }, { email: { type: 'text' } });",
        "  pgm.sql('ALTER TABLE crm.contacts DROP COLUMN phone');",
        '};',
      ].join('\n'),
      'dbm/migrations/20200101-logins.js': [
        'exports.up = function (db) {',
        "  return db.createTable('logins', { id: { type: 'int', primaryKey: true }, ip: 'string' })",
        "    .then(() => db.runSql('ALTER TABLE logins ADD COLUMN user_agent text'));",
        '};',
      ].join('\n'),
      'mikro/src/migrations/Migration20240101000000.ts': [
        "import { Migration } from '@mikro-orm/migrations';",
        'export class Migration20240101000000 extends Migration {',
        '  async up(): Promise<void> {',
        "    this.addSql('create table \"author\" (\"id\" serial primary key, \"email\" varchar(255) not null);');",
        '  }',
        '  async down(): Promise<void> {',
        "    this.addSql('drop table if exists \"author\" cascade;');",
        '  }',
        '}',
      ].join('\n'),
    });
    expect(cols(r, 'sql:table:public.person')).toEqual([['id', 'serial', 5, ''], ['name', 'varchar(255)', 6, ''], ['ip', 'inet', 8, 'customer-data'], ['email', 'text', 11, '']]);
    expect(cols(r, 'sql:table:crm.contacts').map((c) => c[0])).toEqual(['id', 'email']);
    expect(cols(r, 'sql:table:public.logins').map((c) => `${c[0]} ${c[1]}`)).toEqual(['id integer', 'ip varchar', 'user_agent text']);
    expect(cols(r, 'sql:table:public.author').map((c) => c[0])).toEqual(['id', 'email']);
    expect(r.diagnostics).toEqual([]);
  });

  test('a migration for several databases: the branch of the configured one; a method calling itself, or no branch for the database, ends quietly', async () => {
    const migration = (branches: string) => [
      "import { MigrationInterface, QueryRunner } from 'typeorm';",
      'export class M1700000000001 implements MigrationInterface {',
      '  async up(q: QueryRunner) {',
      '    switch (q.connection.options.type) {',
      branches,
      '    }',
      '  }',
      '  async pg(q: QueryRunner) { await q.query(`ALTER TABLE "t" ADD "email" text`); await this.pg(q); }',
      '  async my(q: QueryRunner) { await q.query("ALTER TABLE `t` ADD `phone` varchar(20)"); }',
      '}',
    ].join('\n');
    const files = {
      'db/migrations/1700000000000-T.sql': 'CREATE TABLE t (id int);\n',
      'db/migrations/1700000000001-M.ts': migration("      case 'postgres': await this.pg(q); break;\n      case 'mysql': case 'mariadb': await this.my(q); break;"),
    };
    const pg = await scanFiles(files);
    expect(cols(pg, 'sql:table:public.t').map((c) => c[0])).toEqual(['id', 'email']);
    expect(pg.diagnostics).toEqual([]);
    const my = await scanFiles({ ...files, 'db/ormconfig.json': '{ "type": "mariadb" }' });
    expect(cols(my, 'sql:table:public.t').map((c) => c[0])).toEqual(['id', 'phone']);
    const none = await scanFiles({ ...files, 'db/migrations/1700000000001-M.ts': migration("      case 'sqlite': await this.my(q); break;") });
    expect(cols(none, 'sql:table:public.t').map((c) => c[0])).toEqual(['id']);
  });

  test('a helper module in a migrations folder is not a migration; SQL in ordinary code stays evidence, not history', async () => {
    const r = await scanFiles({
      'migrations/helpers.js': "module.exports.columns = (t) => t.string('x');\n",
      'src/cleanup.ts': "await db.query('DROP TABLE users');\n",
      'migrations/001.sql': 'CREATE TABLE users (id int);\n',
    });
    expect(r.stores.map((s) => s.id)).toEqual(['sql:table:public.users', 'sql:column:public.users.id']);
  });

  test('sequelize: a migration of 10,000 attributes and 2.8 MB after them is read in one pass (VIRTUAL is looked for within each attribute, not to the end of the file)', async () => {
    const attributes = Array.from({ length: 10_000 }, (_, i) => `      c${i}: Sequelize.STRING,`);
    const r = await scanFiles({
      'migrations/20240101-wide.js': [
        'module.exports = {',
        '  async up(queryInterface, Sequelize) {',
        "    await queryInterface.createTable('Wide', {",
        '      fullName: { type: Sequelize.VIRTUAL },',
        ...attributes,
        '    });',
        '  },',
        '};',
        `/* ${'VIRTUA '.repeat(400_000)} VIRTUAL */`,
      ].join('\n'),
    });
    const names = cols(r, 'sql:table:public.Wide').map((c) => c[0]);
    expect(names.length).toBe(10_000);
    expect(names[0]).toBe('c0');
    expect(names).not.toContain('fullName');
  }, 8000);

  describe('a TypeORM migration that switches on the database type', () => {
    /** `up` switches on the database; each case's method adds a column named for it. */
    const migration = (cases: string[], withDefault = true) => ({
      'migrations/1700000000000-Init.ts': [
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        'export class Init1700000000000 implements MigrationInterface {',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        '    await queryRunner.query(`CREATE TABLE customer (id int)`);',
        '    switch (queryRunner.connection.options.type) {',
        ...cases.map((c) => `      case DatabaseTypeEnum.${c}: await this.${c}Up(queryRunner); break;`),
        ...(withDefault ? ['      default: await queryRunner.query(`ALTER TABLE customer ADD other_phone varchar(20)`);'] : []),
        '    }',
        '  }',
        ...cases.map((c) => `  public async ${c}Up(queryRunner: QueryRunner): Promise<any> { await queryRunner.query(\`ALTER TABLE customer ADD ${c}_phone varchar(20)\`); }`),
        '}',
      ].join('\n'),
    });
    const columns = async (cases: string[], config: Parameters<typeof scanFiles>[2], withDefault = true) => {
      const r = await scanFiles(migration(cases, withDefault), [], config);
      expect(r.diagnostics).toEqual([]);
      return cols(r, 'sql:table:public.customer').map((c) => c[0]);
    };
    const on = (dialect: string) => ({ sqlDialects: { 'migrations/**': dialect } });

    test('MariaDB runs the mysql case, CockroachDB the postgres one, where no case names them', async () => {
      expect(await columns(['postgres', 'mysql', 'sqlite'], on('mariadb'))).toEqual(['id', 'mysql_phone']);
      expect(await columns(['postgres', 'mysql', 'sqlite'], on('cockroachdb'))).toEqual(['id', 'postgres_phone']);
      expect(await columns(['postgres', 'mysql', 'sqlite'], on('mysql'))).toEqual(['id', 'mysql_phone']);
    });

    test('a case naming the database itself wins over its family', async () => {
      expect(await columns(['mysql', 'mariadb'], on('mariadb'))).toEqual(['id', 'mariadb_phone']);
      expect(await columns(['mariadb', 'mysql'], on('mysql'))).toEqual(['id', 'mysql_phone']);
      expect(await columns(['postgres', 'cockroachdb'], on('cockroachdb'))).toEqual(['id', 'cockroachdb_phone']);
    });

    test('default: runs when no case names the database; nothing runs when there is no default', async () => {
      expect(await columns(['mysql', 'sqlite'], on('postgresql'))).toEqual(['id', 'other_phone']);
      expect(await columns(['mysql', 'sqlite'], on('postgresql'), false)).toEqual(['id']);
      expect(await columns(['postgres', 'sqlite'], on('postgresql'))).toEqual(['id', 'postgres_phone']);
    });

    test("the history's database is sql-primary-dialect where nothing nearer says, before PostgreSQL", async () => {
      expect(await columns(['postgres', 'mysql'], {})).toEqual(['id', 'postgres_phone']);
      expect(await columns(['postgres', 'mysql'], { sqlPrimaryDialect: 'mysql' })).toEqual(['id', 'mysql_phone']);
      // a glob in sql-dialects says more than the primary dialect
      expect(await columns(['postgres', 'mysql'], { sqlPrimaryDialect: 'mysql', ...on('postgresql') })).toEqual(['id', 'postgres_phone']);
    });
  });

  test('a U+2028 in a comment is content, not a line break: lines are those of the text layer, as in every other source', async () => {
    const r = await scanFiles({
      'migrations/20240101_people.js': [
        '// people\u2028and their mail',
        'exports.up = async (knex) => {',
        '  // a note\u2029 on two lines in TypeScript',
        "  await knex.raw('CREATE TABLE people (id int)');",
        "  await knex.raw('ALTER TABLE people ADD COLUMN email text');",
        '};',
      ].join('\n'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(store(r, 'sql:table:public.people').location).toMatchObject({ line: 4, column: 19 });
    expect(cols(r, 'sql:table:public.people')).toEqual([['id', 'integer', 4, ''], ['email', 'text', 5, '']]);
  });
});
