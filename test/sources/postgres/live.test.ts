import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceResult, Store } from '../../../src/core/types.js';
import { DatabaseError, scanDatabase } from '../../../src/sources/postgres/index.js';
import { groupMigrations, sqlSource } from '../../../src/sources/sql/index.js';
import { createTestDatabase, stopTestServer, withClient } from '../../support/postgres.js';

const repo = join(import.meta.dirname, '../../..');
const example = join(repo, 'examples/sms-api');
// the example's migration files, in the order the SQL source replays them
const exampleMigrations = groupMigrations(readdirSync(join(example, 'migrations')).map((f) => `migrations/${f}`))[0].files;

const get = (r: SourceResult, id: string): Store => {
  const s = r.stores.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id} in ${r.stores.map((x) => x.id).join(', ')}`);
  return s;
};

describe('live PostgreSQL (the example migrations loaded into a real server)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let live: SourceResult;
  let display: string;

  beforeAll(async () => {
    db = await createTestDatabase('pp_live');
    await withClient(db.url, async (c) => {
      await c.query(readFileSync(join(import.meta.dirname, 'pg-extension-shims.sql'), 'utf8'));
      for (const file of exampleMigrations) await c.query(readFileSync(join(example, file), 'utf8'));
    });
    const u = new URL(db.url);
    display = `postgres://${u.hostname}:${u.port}/${db.name}`;
    live = await scanDatabase(db.url);
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    stopTestServer();
  });

  it('reads tables, columns with their types, and annotations from COMMENTs', () => {
    expect(live.diagnostics).toEqual([]);
    const customers = get(live, 'sql:table:public.customers');
    expect(customers).toMatchObject({ kind: 'table', source: 'postgres', retentionBearing: true, location: { file: display, line: 1, column: 1 } });
    expect(get(live, 'sql:column:public.customers.phone')).toMatchObject({ identifier: 'phone', sqlType: 'varchar(20)', parent: 'sql:table:public.customers' });
    expect(get(live, 'sql:column:public.traffic_log.client_ip').sqlType).toBe('inet');
    expect(get(live, 'sql:column:public.customers.created_at').sqlType).toBe('timestamptz');
    expect(get(live, 'sql:table:public.debug_log').categories.map((c) => c.id)).toEqual(['debug-data']);
    expect(get(live, 'sql:table:public.api_keys').categories.map((c) => c.id)).toEqual(['customer-data']);
    // `--` comments in migrations are not in the catalog: only COMMENT ON reaches a database
    expect(get(live, 'sql:table:public.customers').categories).toEqual([]);
    expect(live.stores.some((s) => s.id.startsWith('sql:table:cron.') || s.id.startsWith('sql:table:partman.'))).toBe(false);
    expect(JSON.stringify(live)).not.toMatch(/postgres@/);
  });

  it('reads partitions, pg_cron jobs (into PL/pgSQL functions), pg_partman and TimescaleDB retention', () => {
    expect(get(live, 'sql:table:public.traffic_log_default')).toMatchObject({ kind: 'partition', parent: 'sql:table:public.traffic_log', retentionBearing: false });
    expect(get(live, 'sql:table:public.traffic_log').details).toMatchObject({ partitionBy: 'range (created_at)', partitions: '1' });
    const retention = (id: string) => get(live, id).retention.map((e) => [e.status, e.duration?.seconds, e.via]);
    expect(retention('sql:table:public.debug_log')).toEqual([['known', 30 * 86400, "pg_cron job 'purge-debug-log' (30 2 * * *): deletes rows older than 30 days (by created_at)"]]);
    expect(retention('sql:table:public.message_history')).toEqual([['known', 90 * 86400, "pg_cron job 'purge-message-history' (0 4 * * *) → public.purge_message_history(): deletes rows older than 90 days (by sent_at)"]]);
    expect(retention('sql:table:public.traffic_log')).toEqual([['known', 60 * 86400, 'pg_partman part_config.retention of public.traffic_log']]);
    expect(retention('sql:table:public.api_requests')).toEqual([['known', 72 * 3600, 'TimescaleDB retention policy on public.api_requests']]);
  });

  it('agrees with the migrations on every store id and sql type of a column', async () => {
    const files = exampleMigrations;
    const fromFiles = await sqlSource.scan({ root: example, files, read: async (f) => readFileSync(join(example, f), 'utf8'), log() {} });
    const ids = (r: SourceResult) => r.stores.map((s) => s.id).sort();
    expect(ids(live)).toEqual(ids(fromFiles));
    for (const s of fromFiles.stores) {
      const l = get(live, s.id);
      expect(l.kind).toBe(s.kind);
      // bigserial is bigint in the catalog; everything else is spelled the same
      if (s.sqlType && !/serial$/.test(s.sqlType)) expect(`${s.id}: ${l.sqlType}`).toBe(`${s.id}: ${s.sqlType}`);
      expect(l.retention.map((e) => e.duration?.seconds)).toEqual(s.retention.map((e) => e.duration?.seconds));
    }
  });

  it('check --database-url: findings about the live database point at it, next to the migrations', async () => {
    const { check } = await import('../../../src/engine/check.js');
    const result = await check({ root: example, policyDir: join(repo, 'policy'), at: '2026-11-28', databaseUrl: db.url, onlyRules: ['retention-exceeds-max', 'forbidden-data-type'] });
    const where = result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort();
    expect(where).toEqual([
      'forbidden-data-type migrations/V8__growth.sql:3',
      'retention-exceeds-max migrations/V5__debug_log.sql:13',
      `retention-exceeds-max ${display}:1`,
    ]);
    expect(JSON.stringify(result.findings)).not.toMatch(/postgres@/);
  });

  it("reads jobs from pg_cron's own database (cron.database_name), only those that run here", async () => {
    const cronDb = await createTestDatabase('pp_cron');
    try {
      await withClient(cronDb.url, async (c) => {
        await c.query(readFileSync(join(import.meta.dirname, 'pg-extension-shims.sql'), 'utf8'));
        await c.query("INSERT INTO cron.job (jobname, schedule, command, database) VALUES ('purge-abuse', '@daily', $$DELETE FROM abuse_reports WHERE reported_at < now() - interval '30 days'$$, $1), ('elsewhere', '@daily', $$DELETE FROM customers WHERE created_at < now() - interval '1 day'$$, 'some_other_db')", [db.name]);
      });
      const app = await createTestDatabase('pp_app');
      try {
        await withClient(app.url, async (c) => {
          await c.query('CREATE TABLE abuse_reports (reported_at timestamptz); CREATE TABLE customers (created_at timestamptz);');
          await c.query(`ALTER DATABASE ${app.name} SET cron.database_name = '${cronDb.name}'`);
        });
        // jobs are stored for the database they run in: point the cron database's rows at the app
        await withClient(cronDb.url, (c) => c.query('UPDATE cron.job SET database = $1 WHERE jobname = $2', [app.name, 'purge-abuse']));
        const r = await scanDatabase(app.url);
        expect(r.diagnostics).toEqual([]);
        expect(get(r, 'sql:table:public.abuse_reports').retention.map((e) => e.duration?.text)).toEqual(['P30D']);
        expect(get(r, 'sql:table:public.customers').retention).toEqual([]);
      } finally {
        await app.drop();
      }
    } finally {
      await cronDb.drop();
    }
  });

  it('a role without privilege on cron.job: a diagnostic, and the rest is read', async () => {
    await withClient(db.url, async (c) => {
      await c.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pp_reader') THEN CREATE ROLE pp_reader LOGIN PASSWORD 'reader-secret'; END IF; END $$");
      await c.query('REVOKE ALL ON cron.job FROM PUBLIC');
      await c.query('GRANT USAGE ON SCHEMA cron, partman, timescaledb_information TO pp_reader');
      await c.query('GRANT SELECT ON partman.part_config, timescaledb_information.jobs TO pp_reader');
    });
    const u = new URL(db.url);
    u.username = 'pp_reader';
    u.password = 'reader-secret';
    const r = await scanDatabase(u.toString());
    expect(r.diagnostics).toMatchObject([{ code: 'unreadable-file', message: expect.stringMatching(/^cron\.job could not be read: permission denied/) }]);
    expect(get(r, 'sql:table:public.debug_log').retention).toEqual([]);
    expect(get(r, 'sql:table:public.traffic_log').retention).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain('reader-secret');
  });

  it('a database that does not exist: DatabaseError naming it', async () => {
    const u = new URL(db.url);
    u.pathname = '/no_such_db_here';
    u.password = 'pw-123';
    const err = await scanDatabase(u.toString()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toBe(`cannot connect to postgres://${u.hostname}:${u.port}/no_such_db_here: database "no_such_db_here" does not exist`);
  });

  it('a role that may not connect: DatabaseError, one line, no password', async () => {
    await withClient(db.url, async (c) => {
      await c.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pp_nobody') THEN CREATE ROLE pp_nobody LOGIN PASSWORD 'sekrit-pw'; END IF; END $$");
      await c.query(`REVOKE CONNECT ON DATABASE ${db.name} FROM PUBLIC`);
    });
    const u = new URL(db.url);
    u.username = 'pp_nobody';
    u.password = 'sekrit-pw';
    const err = await scanDatabase(u.toString()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^cannot connect to ${display.replace(/[/.]/g, '\\$&')}: permission denied`));
    expect(message).not.toContain('sekrit-pw');
    expect(message).not.toContain('pp_nobody:');
    expect(message).not.toContain('\n');
  });
});

describe('a database that cannot be reached', () => {
  it('refused: DatabaseError naming the host, without the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await scanDatabase(`postgres://admin:hunter2@127.0.0.1:${port}/app`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toBe(`cannot connect to postgres://127.0.0.1:${port}/app: connection refused`);
  });

  it('times out: a server that accepts and never answers', async () => {
    const sockets: Array<{ destroy(): void }> = [];
    const silent: Server = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
    try {
      const started = Date.now();
      const err = await scanDatabase(`postgresql://u:p4ss@127.0.0.1:${port}/db`, { connectTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as Error).message).toBe(`cannot connect to postgres://127.0.0.1:${port}/db: connection timed out`);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('rejects what is not a PostgreSQL URL', async () => {
    await expect(scanDatabase('mysql://root:pw@localhost/db')).rejects.toThrow(/must start with postgres:\/\//);
    await expect(scanDatabase('not a url')).rejects.toBeInstanceOf(DatabaseError);
  });
});
