import { describe, expect, it } from 'vitest';
import { compareMigrations, groupMigrations, scanSqlText } from '../../../src/sources/sql/index.js';
import { scanFiles, store } from './helpers.js';

describe('migration order', () => {
  it('orders as the migration tools do', () => {
    const files = [
      'db/migrations/V10__later.sql',
      'db/migrations/V2__second.sql',
      'db/migrations/V1__init.sql',
      'db/migrations/V1.1__patch.sql',
      'db/migrations/R__views.sql',
      'db/migrations/U2__undo.sql',
      'migrate/0002_add.up.sql',
      'migrate/0002_add.down.sql',
      'migrate/0010_more.up.sql',
      'migrate/0001_init.up.sql',
      'prisma/migrations/20240102000000_b/migration.sql',
      'prisma/migrations/20240101000000_a/migration.sql',
    ];
    expect(groupMigrations(files)).toEqual([
      { dir: 'db/migrations', files: ['db/migrations/V1__init.sql', 'db/migrations/V1.1__patch.sql', 'db/migrations/V2__second.sql', 'db/migrations/V10__later.sql', 'db/migrations/R__views.sql'] },
      { dir: 'migrate', files: ['migrate/0001_init.up.sql', 'migrate/0002_add.up.sql', 'migrate/0010_more.up.sql'] },
      { dir: 'prisma/migrations', files: ['prisma/migrations/20240101000000_a/migration.sql', 'prisma/migrations/20240102000000_b/migration.sql'] },
    ]);
    expect(compareMigrations('20230101120000_create_users.sql', '20221231000000_x.sql')).toBeGreaterThan(0);
    expect(compareMigrations('schema2.sql', 'schema10.sql')).toBeLessThan(0);
  });
});

describe('replay to the final schema', () => {
  it('applies create, add/drop/rename/type change, rename and drop table, in migration order', async () => {
    const r = await scanFiles({
      'migrations/V2__change.sql': [
        'ALTER TABLE customers ADD COLUMN phone varchar(20);',
        'ALTER TABLE customers DROP COLUMN fax;',
        'ALTER TABLE customers RENAME COLUMN mail TO email;',
        'ALTER TABLE customers ALTER COLUMN email TYPE citext;',
        'ALTER TABLE old_logs RENAME TO request_logs;',
        'DROP TABLE scratch;',
      ].join('\n'),
      'migrations/V1__init.sql': [
        'CREATE TABLE customers (',
        '  id bigserial PRIMARY KEY,',
        '  fax text,',
        '  mail text -- @category customer-data',
        ');',
        'CREATE TABLE old_logs (id int, ip inet);',
        'CREATE TABLE scratch (x int);',
      ].join('\n'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.map((s) => s.id)).toEqual([
      'sql:table:public.customers',
      'sql:column:public.customers.id',
      'sql:column:public.customers.email',
      'sql:table:public.request_logs',
      'sql:column:public.request_logs.id',
      'sql:column:public.request_logs.ip',
      'sql:column:public.customers.phone',
    ]);
    const email = store(r, 'sql:column:public.customers.email');
    // renamed: keeps its definition line and its annotation; type follows the ALTER
    expect(email).toMatchObject({ kind: 'column', identifier: 'email', sqlType: 'citext', parent: 'sql:table:public.customers', retentionBearing: false, dataTypes: [] });
    expect(email.location).toEqual({ file: 'migrations/V1__init.sql', line: 4, column: 3 });
    expect(email.categories).toEqual([{ id: 'customer-data', via: 'annotation', location: { file: 'migrations/V1__init.sql', line: 4, column: 16 } }]);
    expect(store(r, 'sql:column:public.customers.phone')).toMatchObject({ sqlType: 'varchar(20)', location: { file: 'migrations/V2__change.sql', line: 1, column: 34 } });
    expect(store(r, 'sql:table:public.customers')).toMatchObject({ kind: 'table', retentionBearing: true, location: { file: 'migrations/V1__init.sql', line: 1, column: 1 } });
  });

  it('knows schemas, search_path and ALTER … SET SCHEMA', async () => {
    const r = await scanFiles({
      'db/0_temp.sql': 'CREATE TEMP TABLE scratch_ips (ip inet);\nCREATE UNLOGGED TABLE cache (email text);',
      'db/1_init.sql': "CREATE SCHEMA billing;\nCREATE TABLE billing.cards (pan text);\nSET search_path TO audit, public;\nCREATE TABLE events (ip inet);\nCREATE TABLE public.moving (x int);\nALTER TABLE public.moving SET SCHEMA billing;",
    });
    expect(r.stores.map((s) => s.id).sort()).toEqual([
      'sql:column:audit.events.ip', 'sql:column:billing.cards.pan', 'sql:column:billing.moving.x', 'sql:column:public.cache.email',
      'sql:table:audit.events', 'sql:table:billing.cards', 'sql:table:billing.moving', 'sql:table:public.cache',
    ]);
  });

  it('treats partitions as part of their parent', async () => {
    const r = await scanFiles({
      'migrations/001_logs.sql': [
        'CREATE TABLE sms_log (id bigint, from_number text, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);',
        "CREATE TABLE sms_log_2024_01 PARTITION OF sms_log FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');",
        'CREATE TABLE sms_log_2024_02 (LIKE sms_log);',
        "ALTER TABLE sms_log ATTACH PARTITION sms_log_2024_02 FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');",
        "SELECT cron.schedule('drop-old', '@daily', $$DELETE FROM sms_log_2024_01 WHERE created_at < now() - interval '60 days'$$);",
      ].join('\n'),
    });
    const parent = store(r, 'sql:table:public.sms_log');
    expect(parent.details).toEqual({ partitionBy: 'range (created_at)', partitions: '2' });
    expect(parent.retention.map((e) => e.duration?.text)).toEqual(['P60D']);
    for (const p of ['sql:table:public.sms_log_2024_01', 'sql:table:public.sms_log_2024_02']) {
      expect(store(r, p)).toMatchObject({ kind: 'partition', parent: 'sql:table:public.sms_log', retentionBearing: false, details: { partitionOf: 'public.sms_log' } });
    }
    expect(r.stores.filter((s) => s.id.startsWith('sql:column:public.sms_log_2024'))).toEqual([]);
  });

  it('reports a statement the parser rejects at its line and goes on', async () => {
    const r = await scanFiles({
      'migrations/V1__x.sql': 'CREATE TABLE a (id int);\nCREATE TABEL b (id int);\nCREATE TABLE c (\n  id int,,\n  x text\n);\nCREATE TABLE d (email text);',
    });
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['parse-error', 2, 8],
      ['parse-error', 4, 10],
    ]);
    expect(r.diagnostics[0].message).toMatch(/syntax error at or near "TABEL"/);
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.id)).toEqual(['sql:table:public.a', 'sql:table:public.d']);
    expect(store(r, 'sql:column:public.d.email').location.line).toBe(7);
  });

  it('says once per file which tables it creates again, in PostgreSQL and in MySQL alike', async () => {
    for (const [quote, name] of [['', 'PostgreSQL'], ['`', 'MySQL']]) {
      const t = (n: string) => `${quote}${n}${quote}`;
      const r = await scanFiles({
        'db/schema.sql': ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `CREATE TABLE ${t(n)} (id int);`).join('\n'),
        'db/upgrade-1-2.sql': `CREATE TABLE ${t('g')} (id int);\nCREATE TABLE ${t('a')} (id int);\nCREATE TABLE ${t('b')} (id int, note text);\nCREATE TABLE ${t('c')} (id int);\nCREATE TABLE ${t('d')} (id int);\nCREATE TABLE ${t('e')} (id int);`,
        'db/upgrade-2-3.sql': `CREATE TABLE IF NOT EXISTS ${t('f')} (id int);\nCREATE TABLE ${t('f')} (id int);`,
      });
      const again = r.diagnostics.filter((d) => /created again/.test(d.message));
      expect(again.map((d) => [d.location.file, d.location.line]), name).toEqual([['db/upgrade-1-2.sql', 2], ['db/upgrade-2-3.sql', 2]]);
      expect(again[0].message).toBe('5 tables are created again (public.a, public.b, public.c and 2 more); the later definitions replace the earlier ones — if this file is an alternative to the earlier ones (an upgrade script beside a full schema), leave one out with `exclude` in policyproof.yaml');
      expect(again[1].message).toBe('table public.f is created again; the later definition replaces the earlier one');
      // the later definition is the one kept
      expect(store(r, 'sql:column:public.b.note').location.file).toBe('db/upgrade-1-2.sql');
    }
  });

  it('keeps positions right after multi-byte characters and U+FFFD from undecodable bytes', async () => {
    const r = await scanFiles({
      'migrations/V1__utf8.sql': "-- Kunduppgifter: förnamn, efternamn \uFFFD\uFFFD\nCOMMENT ON SCHEMA public IS 'åäö 😀';\nCREATE TABLE kunder (\n  förnamn text, -- @category customer-data\n  \uFFFDx text\n);",
    });
    expect(r.diagnostics).toEqual([]);
    const col = store(r, 'sql:column:public.kunder.förnamn');
    expect(col.location).toEqual({ file: 'migrations/V1__utf8.sql', line: 4, column: 3 });
    expect(col.categories[0].location).toEqual({ file: 'migrations/V1__utf8.sql', line: 4, column: 20 });
    expect(store(r, 'sql:column:public.kunder.\uFFFDx').location).toEqual({ file: 'migrations/V1__utf8.sql', line: 5, column: 3 });
  });

  it('skips COPY data and psql meta-commands of a full pg_dump', async () => {
    const r = await scanFiles({
      'dump.sql': "\\restrict abc\nSET statement_timeout = 0;\nCREATE TABLE public.t (id integer, msisdn text);\nCOPY public.t (id, msisdn) FROM stdin;\n1\t46701234567;\n2\t'; DROP TABLE t; --\n\\.\n\nCREATE TABLE public.u (ip inet);\n\\unrestrict abc\n",
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.id)).toEqual(['sql:table:public.t', 'sql:table:public.u']);
  });
});

describe('annotations', () => {
  it('reads COMMENT ON, comments above and trailing, @policy-ignore and invalid tags', async () => {
    const r = await scanFiles({
      'migrations/V1__a.sql': [
        '-- Messages sent through the API.',
        '-- @category traffic-data',
        'CREATE TABLE messages (',
        '  id bigserial,',
        '  -- @category traffic-data',
        '  -- @policy-ignore forbidden-data-type -- agreed with legal until 2030-01-01',
        '  to_number text,',
        '  body text, -- @category api-traffic, debug-data',
        '  x text -- @category Not_An_Id',
        ');',
        "COMMENT ON TABLE messages IS 'Sent SMS. @category api-traffic';",
        "COMMENT ON COLUMN public.messages.x IS '@category no-such-category';",
        "COMMENT ON COLUMN messages.nope IS '@category debug-data';",
      ].join('\n'),
    });
    const table = store(r, 'sql:table:public.messages');
    expect(table.categories.map((c) => [c.id, c.location.line, c.location.column])).toEqual([
      ['traffic-data', 2, 4],
      ['api-traffic', 11, 41],
    ]);
    expect(store(r, 'sql:column:public.messages.to_number').categories.map((c) => c.id)).toEqual(['traffic-data']);
    expect(store(r, 'sql:column:public.messages.body').categories.map((c) => c.id)).toEqual(['api-traffic', 'debug-data']);
    expect(store(r, 'sql:column:public.messages.id').categories).toEqual([]);
    expect(store(r, 'sql:column:public.messages.x').categories.map((c) => c.id)).toEqual(['no-such-category']);
    expect(r.suppressions).toEqual([
      { rule: 'forbidden-data-type', reason: 'agreed with legal', until: '2030-01-01', location: { file: 'migrations/V1__a.sql', line: 6, column: 6 }, storeId: 'sql:column:public.messages.to_number' },
    ]);
    expect(r.references.map((x) => `${x.tag}:${x.id}@${x.location.line}`)).toEqual([
      'category:traffic-data@2', 'category:traffic-data@5', 'category:api-traffic@8', 'category:debug-data@8', 'category:api-traffic@11', 'category:no-such-category@12',
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location.line])).toEqual([
      ['annotation-error', 9],
      ['unresolved', 13],
    ]);
  });

  it('a later COMMENT ON replaces the earlier one; a renamed column keeps it', async () => {
    const r = await scanFiles({
      'm/1.sql': "CREATE TABLE t (ip inet);\nCOMMENT ON COLUMN t.ip IS '@category debug-data';\nCOMMENT ON COLUMN t.ip IS '@category traffic-data';\nALTER TABLE t RENAME ip TO client_ip;",
    });
    expect(store(r, 'sql:column:public.t.client_ip').categories.map((c) => `${c.id}@${c.location.line}`)).toEqual(['traffic-data@3']);
  });

  it('@implements on a function is an implementation', async () => {
    const r = await scanFiles({
      'm/1.sql': "-- @implements traffic-history.delete\nCREATE FUNCTION forget_history(customer bigint) RETURNS void LANGUAGE sql AS 'DELETE FROM history WHERE customer_id = customer';",
    });
    expect(r.implementations).toEqual([{ category: 'traffic-history', promise: 'delete', symbol: 'public.forget_history', location: { file: 'm/1.sql', line: 1, column: 4 } }]);
  });
});

describe('retention evidence', () => {
  const base = 'CREATE TABLE events (id bigint, ip inet, created_at timestamptz, logged_at timestamptz);\n';
  const evidence = async (sql: string) => {
    const r = await scanFiles({ 'migrations/V1__x.sql': base + sql });
    return { r, retention: store(r, 'sql:table:public.events').retention };
  };

  it.each([
    ["$$DELETE FROM events WHERE created_at < now() - interval '60 days'$$", 'P60D'],
    ["'DELETE FROM events WHERE created_at < now() - ''1440 hours''::interval'", 'PT1440H'],
    ["$$DELETE FROM events WHERE created_at < now() - interval '2 weeks'$$", 'P2W'],
    ["$$DELETE FROM events WHERE created_at < now() - interval 'P60D'$$", 'P60D'],
    ["$$DELETE FROM events WHERE created_at < now() - interval '1 day' * 60$$", 'P60D'],
    ["$$DELETE FROM events WHERE created_at < now() - make_interval(days => 14)$$", 'P14D'],
    ["$$DELETE FROM events WHERE now() - interval '72 hours' > created_at$$", 'PT72H'],
    ["$$DELETE FROM events WHERE created_at + interval '3 days' < current_timestamp$$", 'P3D'],
    ["$$DELETE FROM events WHERE age(created_at) > interval '90 days'$$", 'P90D'],
    ["$$DELETE FROM events WHERE created_at < current_date - 14$$", 'P14D'],
    ["$$DELETE FROM events WHERE created_at < date_trunc('day', now()) - '30 days'::interval AND id > 0$$", 'P30D'],
    ["$$UPDATE events SET ip = NULL WHERE logged_at < now() - interval '1 day 12:00:00'$$", 'PT36H'],
  ])('pg_cron command %s → %s', async (command, text) => {
    const { r, retention } = await evidence(`SELECT cron.schedule('purge', '0 3 * * *', ${command});`);
    expect(r.diagnostics).toEqual([]);
    expect(retention).toHaveLength(1);
    expect(retention[0]).toMatchObject({ status: 'known', bound: 'max', duration: { text }, location: { file: 'migrations/V1__x.sql', line: 2, column: 8 } });
    expect(retention[0].via).toMatch(/^pg_cron job 'purge' \(0 3 \* \* \*\): (deletes rows|sets ip to NULL) older than/);
  });

  it.each([
    ["$$DELETE FROM events WHERE created_at < now() - interval '3 months'$$", /calendar months/],
    ["$$DELETE FROM events WHERE created_at < now() - make_interval(years => 1)$$", /calendar months or years/],
    ["$$DELETE FROM events WHERE id < 1000$$", /no condition on a row's age/],
    ['$$DELETE FROM events$$', /no WHERE clause/],
    ['$$DELETE FROM events WHERE created_at < now() - $1$$', /parameter/],
  ])('an age that cannot be resolved is unknown with why: %s', async (command, reason) => {
    const { retention } = await evidence(`SELECT cron.schedule('purge', '@daily', ${command});`);
    expect(retention).toHaveLength(1);
    expect(retention[0].status).toBe('unknown');
    expect(retention[0].reason).toMatch(reason);
  });

  it('follows a job into PL/pgSQL and SQL functions, with variables', async () => {
    const { r, retention } = await evidence([
      'CREATE FUNCTION purge_events() RETURNS void LANGUAGE plpgsql AS $fn$',
      'DECLARE keep interval := make_interval(days => 14);',
      'BEGIN',
      '  DELETE FROM events WHERE created_at < now() - keep;',
      "  UPDATE events SET ip = NULL WHERE logged_at < now() - interval '1 day';",
      'END $fn$;',
      "CREATE PROCEDURE purge2() LANGUAGE sql AS $$ DELETE FROM events WHERE created_at < now() - interval '10 days' $$;",
      "SELECT cron.schedule('purge', '0 * * * *', 'SELECT purge_events()');",
      "SELECT cron.schedule('purge2', '0 * * * *', 'CALL public.purge2()');",
    ].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(retention.map((e) => [e.status, e.duration?.text, e.location.line, e.via])).toEqual([
      ['known', 'P10D', 10, "pg_cron job 'purge2' (0 * * * *) → public.purge2(): deletes rows older than 10 days (by created_at)"],
      ['known', 'P14D', 9, "pg_cron job 'purge' (0 * * * *) → public.purge_events(): deletes rows older than 14 days (by created_at)"],
      ['known', 'P1D', 9, "pg_cron job 'purge' (0 * * * *) → public.purge_events(): sets ip to NULL older than 1 day (by logged_at)"],
    ].sort((a, b) => Number(a[2]) - Number(b[2]) || String(a[3]).localeCompare(String(b[3]))));
  });

  it('reads batched deletes (IN subquery, CTE) and SQL-standard BEGIN ATOMIC bodies', async () => {
    const { r, retention } = await evidence([
      "SELECT cron.schedule('batched', '* * * * *', $$DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < now() - interval '5 days' LIMIT 10000)$$);",
      "SELECT cron.schedule('cte', '* * * * *', $$WITH old AS (SELECT id FROM events WHERE created_at < now() - interval '6 days') DELETE FROM events USING old WHERE events.id = old.id$$);",
      'CREATE FUNCTION purge_atomic() RETURNS void LANGUAGE sql',
      'BEGIN ATOMIC',
      "  DELETE FROM events WHERE created_at < now() - interval '7 days';",
      "  UPDATE events SET ip = NULL WHERE logged_at < now() - interval '8 days';",
      'END;',
      "SELECT cron.schedule('atomic', '* * * * *', 'SELECT purge_atomic()');",
      'CREATE TABLE after_atomic (id int);',
    ].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(retention.map((e) => e.duration?.text).sort()).toEqual(['P5D', 'P6D', 'P7D', 'P8D']);
    expect(r.stores.map((s) => s.id)).toContain('sql:table:public.after_atomic');
  });

  it('a partition of a partition gives its retention to the root table', async () => {
    const r = await scanFiles({
      'm/1.sql': [
        'CREATE TABLE log (at timestamptz, region text) PARTITION BY RANGE (at);',
        "CREATE TABLE log_2024 PARTITION OF log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);",
        "CREATE TABLE log_2024_se PARTITION OF log_2024 FOR VALUES IN ('se');",
        "SELECT cron.schedule('p', '@daily', $$DELETE FROM log_2024_se WHERE at < now() - interval '14 days'$$);",
      ].join('\n'),
    });
    expect(store(r, 'sql:table:public.log').retention.map((e) => e.duration?.text)).toEqual(['P14D']);
    expect(store(r, 'sql:table:public.log_2024_se')).toMatchObject({ kind: 'partition', parent: 'sql:table:public.log_2024' });
  });

  it('reads jobs scheduled inside DO blocks', async () => {
    const { r, retention } = await evidence([
      'DO $do$',
      'BEGIN',
      "  IF NOT EXISTS (SELECT 1 FROM cron.job WHERE jobname = 'purge') THEN",
      "    PERFORM cron.schedule('purge', '@daily', $$DELETE FROM events WHERE created_at < now() - interval '9 days'$$);",
      '  END IF;',
      'END',
      '$do$;',
      'DO $$ BEGIN this is not plpgsql; END $$;',
    ].join('\n'));
    expect(retention).toMatchObject([{ status: 'known', duration: { text: 'P9D' }, location: { line: 2, column: 1 } }]);
    expect(r.diagnostics).toMatchObject([{ code: 'parse-error', location: { line: 9 } }]);
  });

  it('a job removed with cron.unschedule is no evidence', async () => {
    const { retention } = await evidence("SELECT cron.schedule('p', '@daily', $$DELETE FROM events WHERE created_at < now() - interval '1 day'$$);\nSELECT cron.unschedule('p');");
    expect(retention).toEqual([]);
  });

  it('TimescaleDB add_retention_policy, positional and named, and its removal', async () => {
    expect((await evidence("SELECT add_retention_policy('events', INTERVAL '60 days');")).retention).toMatchObject([
      { status: 'known', duration: { text: 'P60D' }, via: "TimescaleDB add_retention_policy('events')", location: { line: 2, column: 8 } },
    ]);
    expect((await evidence("SELECT add_retention_policy('public.events', drop_after => INTERVAL '72 hours', if_not_exists => true);")).retention[0].duration?.text).toBe('PT72H');
    expect((await evidence("SELECT add_retention_policy('events', INTERVAL '6 months');")).retention[0]).toMatchObject({ status: 'unknown' });
    expect((await evidence("SELECT add_retention_policy('events', 86400);")).retention[0].reason).toMatch(/integer time column/);
    expect((await evidence("SELECT add_retention_policy('events', INTERVAL '1 day');\nSELECT remove_retention_policy('events');")).retention).toEqual([]);
  });

  it('pg_partman retention, and whether old partitions are really dropped', async () => {
    const kept = await evidence("SELECT partman.create_parent(p_parent_table => 'public.events', p_control => 'created_at', p_interval => '1 day');\nUPDATE partman.part_config SET retention = '60 days' WHERE parent_table = 'public.events';");
    expect(kept.retention).toMatchObject([{ status: 'forever', duration: { text: 'P60D' }, location: { line: 3 } }]);
    expect(kept.retention[0].reason).toMatch(/retention_keep_table is true/);
    const dropped = await evidence("UPDATE partman.part_config SET retention = '60 days', retention_keep_table = false WHERE parent_table = 'public.events';");
    expect(dropped.retention).toMatchObject([{ status: 'known', duration: { text: 'P60D' }, via: 'pg_partman part_config.retention of public.events' }]);
    const inserted = await evidence("INSERT INTO partman.part_config (parent_table, control, partition_interval, retention, retention_keep_table) VALUES ('public.events', 'created_at', '1 day', '14 days', 'f');");
    expect(inserted.retention).toMatchObject([{ status: 'known', duration: { text: 'P14D' } }]);
    const months = await evidence("UPDATE partman.part_config SET retention = '1 month', retention_keep_table = false WHERE parent_table = 'public.events';");
    expect(months.retention[0].status).toBe('unknown');
  });

  it('a job deleting from a table defined elsewhere makes a store the engine merges with it', async () => {
    const r = await scanFiles({ 'jobs/cleanup.sql': "SELECT cron.schedule('p', '@daily', $$DELETE FROM audit.logins WHERE at < now() - interval '14 days'$$);" });
    expect(r.stores).toMatchObject([{ id: 'sql:table:audit.logins', kind: 'table', retentionBearing: true, details: { definedElsewhere: 'true' }, retention: [{ duration: { text: 'P14D' } }] }]);
  });
});

describe('scanSqlText (SQL embedded in code)', () => {
  it('positions stores in the host file and counts a DELETE by age as retention', async () => {
    const r = await scanSqlText("\n    DELETE FROM public.sms_log\n    WHERE created_at < now() - interval '60 days'", 'src/jobs/purge.ts', 10, 20);
    expect(r.stores).toMatchObject([{ id: 'sql:table:public.sms_log', retention: [{ status: 'known', duration: { text: 'P60D' }, location: { file: 'src/jobs/purge.ts', line: 11, column: 5 } }] }]);
    const t = await scanSqlText('CREATE TABLE x (msisdn text)', 'src/a.ts', 3, 15);
    expect(t.stores.map((s) => [s.id, s.location.line, s.location.column])).toEqual([['sql:table:public.x', 3, 15], ['sql:column:public.x.msisdn', 3, 31]]);
    // everyday statements of application code are not retention
    for (const sql of ['DELETE FROM sessions WHERE id = $1', 'UPDATE users SET reset_token = NULL WHERE id = $1', 'DELETE FROM cart_items']) {
      expect((await scanSqlText(sql, 'src/a.ts', 1, 1)).stores).toEqual([]);
    }
    // an age that is a parameter is still a retention mechanism, of unknown length
    expect((await scanSqlText('DELETE FROM logs WHERE created_at < now() - $1::interval', 'src/a.ts', 1, 1)).stores[0].retention[0]).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/parameter/) });
    const bad = await scanSqlText('SELEC 1', 'src/a.ts', 7, 9);
    expect(bad.diagnostics).toMatchObject([{ code: 'parse-error', location: { line: 7, column: 9 } }]);
  });
});
