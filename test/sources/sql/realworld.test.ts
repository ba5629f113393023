import { describe, expect, it } from 'vitest';
import { scanFiles } from './helpers.js';

const columnsOf = (r: Awaited<ReturnType<typeof scanFiles>>, table: string): string[] =>
  r.stores.filter((s) => s.parent === `sql:table:${table}`).map((s) => `${s.identifier}:${s.sqlType ?? ''}`).sort();

describe('real-world migrations', () => {
  it('CREATE TABLE … AS SELECT has the columns it selects, with their types', async () => {
    const r = await scanFiles({
      'migrations/V1__x.sql': [
        'CREATE TABLE profiles (id uuid, full_name text, last_ip inet);',
        'CREATE TABLE leads AS SELECT id, full_name AS contact_name, p.last_ip, now() AS copied_at FROM profiles p;',
        'CREATE TABLE backup AS SELECT * FROM profiles;',
        'CREATE TABLE renamed (a, b) AS SELECT id, full_name FROM profiles;',
        'CREATE TABLE computed AS SELECT 1;',
        '',
      ].join('\n'),
    });
    expect(columnsOf(r, 'public.leads')).toEqual(['contact_name:text', 'copied_at:', 'id:uuid', 'last_ip:inet']);
    expect(columnsOf(r, 'public.backup')).toEqual(['full_name:text', 'id:uuid', 'last_ip:inet']);
    expect(columnsOf(r, 'public.renamed')).toEqual(['a:uuid', 'b:text']);
    expect(columnsOf(r, 'public.computed')).toEqual([]);
  });

  it('reads only the up part of dbmate, goose, sql-migrate and Play evolution files, at the right lines', async () => {
    const r = await scanFiles({
      'db/migrations/20240101000000_users.sql': '-- migrate:up\ncreate table users (\n  id bigint,\n  email text\n);\n\n-- migrate:down\ndrop table users;\n',
      'db/migrations/20240102000000_more.sql': '-- migrate:up\nalter table users add column phone text;\n-- migrate:down\nalter table users drop column phone;\n',
      'goose/00001_accounts.sql': '-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE accounts (id int, phone text);\n-- +goose StatementEnd\n\n-- +goose Down\n-- +goose StatementBegin\nDROP TABLE accounts;\n-- +goose StatementEnd\n',
      'sqlmig/1_init.sql': '-- +migrate Up\nCREATE TABLE people (id int);\n-- +migrate Down\nDROP TABLE people;\n-- +migrate Up\nALTER TABLE people ADD COLUMN personnummer text;\n',
      'conf/evolutions/default/1.sql': '# --- !Ups\nCREATE TABLE visits (id int, ip inet);\n\n# --- !Downs\nDROP TABLE visits;\n',
    });
    const where = (id: string) => {
      const s = r.stores.find((x) => x.id === id);
      return s ? `${s.location.file}:${s.location.line}` : 'missing';
    };
    expect(where('sql:table:public.users')).toBe('db/migrations/20240101000000_users.sql:2');
    expect(where('sql:column:public.users.email')).toBe('db/migrations/20240101000000_users.sql:4');
    expect(where('sql:column:public.users.phone')).toBe('db/migrations/20240102000000_more.sql:2');
    expect(where('sql:column:public.accounts.phone')).toBe('goose/00001_accounts.sql:3');
    expect(where('sql:column:public.people.personnummer')).toBe('sqlmig/1_init.sql:6');
    expect(where('sql:column:public.visits.ip')).toBe('conf/evolutions/default/1.sql:2');
    expect(r.diagnostics).toEqual([]);
  });

  it('reads psql scripts: meta-commands after a query, \\if blocks, CSV COPY data with newlines', async () => {
    const r = await scanFiles({
      'db/init.sql': [
        '\\set ON_ERROR_STOP on',
        "SELECT 'CREATE DATABASE app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\\gexec",
        '\\c app',
        'CREATE TABLE a (id int, note text);',
        'COPY a (id, note) FROM stdin WITH (FORMAT csv);',
        '1,"multi',
        'line; CREATE TABLE nope (x int);"',
        '\\.',
        'SELECT 1 \\echo not the end',
        '; CREATE TABLE b (id int, email text);',
        '\\if :is_prod',
        'CREATE TABLE c (phone text);',
        '\\endif',
        '',
      ].join('\n'),
    });
    expect(r.diagnostics.map((d) => `${d.location.line}: ${d.message}`)).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => `${s.id}@${s.location.line}`)).toEqual(['sql:table:public.a@4', 'sql:table:public.b@10', 'sql:table:public.c@12']);
  });

  it('hands the classifier each column by its own name, under its table (the classifier reads the table for context)', async () => {
    const r = await scanFiles({ 'migrations/V1__x.sql': 'CREATE TABLE users (name text);\nCREATE TABLE products (name text);\n' });
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.id} ${s.identifier} ${s.parent}`)).toEqual(['sql:column:public.users.name name sql:table:public.users', 'sql:column:public.products.name name sql:table:public.products']);
  });

  it('reads a MySQL schema (mysqldump, MySQL migrations) as the tables it creates, at their lines', async () => {
    const r = await scanFiles({
      'db/schema.sql': [
        '-- MySQL dump 10.13',
        '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
        '# a hash comment',
        'DROP TABLE IF EXISTS `users`;',
        'CREATE TABLE `users` (',
        '  `id` int(11) unsigned NOT NULL AUTO_INCREMENT,',
        "  `email` varchar(255) COLLATE utf8mb4_unicode_ci NOT NULL COMMENT 'login',",
        "  `kind` enum('a','b') DEFAULT 'a',",
        '  `score` double DEFAULT NULL,',
        '  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,',
        '  PRIMARY KEY (`id`),',
        '  UNIQUE KEY `users_email_unique` (`email`),',
        '  KEY `idx_kind` (`kind`)',
        ") ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people';",
        'LOCK TABLES `users` WRITE;',
        "INSERT INTO `users` VALUES (1,'a@b.c','a',1.5,NULL);",
        'UNLOCK TABLES;',
        'ALTER TABLE `users` ADD COLUMN `phone` varchar(32) NULL AFTER `email`;',
        '',
      ].join('\n'),
    });
    expect(r.diagnostics.map((d) => `${d.location.line}: ${d.message}`)).toEqual([]);
    expect(r.stores.map((s) => `${s.id}@${s.location.line}${s.sqlType ? ` ${s.sqlType}` : ''}`)).toEqual([
      // read by the MySQL parser: each type as MySQL has it
      'sql:table:public.users@5', 'sql:column:public.users.id@6 int(11)', 'sql:column:public.users.email@7 varchar(255)',
      "sql:column:public.users.kind@8 enum('a','b')", 'sql:column:public.users.score@9 double', 'sql:column:public.users.updated_at@10 timestamp',
      'sql:column:public.users.phone@18 varchar(32)',
    ]);
  });

  it('reads Flyway placeholders as names', async () => {
    const r = await scanFiles({ 'db/migration/V1__x.sql': 'CREATE TABLE ${schema}.contacts (id int, email text);\nCREATE TABLE ${prefix}_log (id int);\n' });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.id)).toEqual(['sql:table:public.contacts', 'sql:table:public.prefix_log']);
  });

  it('a PostgreSQL file that mentions MySQL in a comment stays PostgreSQL', async () => {
    const r = await scanFiles({ 'db/V1__x.sql': "-- unlike MySQL's AUTO_INCREMENT and ENGINE=InnoDB\nCREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE people (id serial, m mood);\n" });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'column').map((s) => `${s.identifier} ${s.sqlType}`)).toEqual(['id serial', 'm mood']);
  });

  it('altering a table the repository does not create is no warning: it is said under --verbose only', async () => {
    const logs: string[] = [];
    const r = await scanFiles({
      'supabase/migrations/20240101000000_x.sql': [
        'alter table auth.users enable row level security;',
        'alter table storage.objects add constraint c check (true), owner to postgres;',
        'alter table auth.users add column phone2 text;',
        'alter table if exists auth.identities add column email2 text;',
        '',
      ].join('\n'),
    }, logs);
    expect(r.diagnostics).toEqual([]);
    expect(logs).toEqual(['sql: supabase/migrations/20240101000000_x.sql:3: ALTER TABLE auth.users: no such table in the migrations before this one']);
  });

  it("a comment on a view's column is no news; an annotation on something unknown is", async () => {
    const r = await scanFiles({
      'db/schema.sql': [
        'CREATE VIEW public.v AS SELECT 1 AS x;',
        "COMMENT ON COLUMN public.v.x IS 'the answer';",
        "COMMENT ON TABLE public.v IS 'a view';",
        "COMMENT ON COLUMN public.gone.phone IS '@category customer-data';",
        '',
      ].join('\n'),
    });
    expect(r.diagnostics.map((d) => `${d.location.line}: ${d.message}`)).toEqual(['4: COMMENT ON COLUMN public.gone.phone: no such table or column in the migrations before this one']);
  });
});
