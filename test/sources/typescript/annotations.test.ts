import { afterEach, describe, expect, test } from 'vitest';
import { scanTypeScript } from '../../../src/sources/typescript/index.js';
import type { SourceResult, Store } from '../../../src/core/types.js';
import { tempScanner, store } from './helpers.js';

const scan = tempScanner();


describe('@category on declarations', () => {
  test('an annotated interface is a type store; its members are property stores that inherit the category', async () => {
    const r = await scan({
      'src/model.ts': [
        '/** A call as the switch logs it.',
        ' * @category traffic-data',
        ' */',
        'export interface CallRecord {',
        '  fromNumber: string;',
        '  /** @category debug-data */',
        '  sipTrace?: string;',
        '}',
      ].join('\n'),
    });
    const type = store(r, 'ts:src/model.ts#CallRecord');
    expect(type).toMatchObject({ kind: 'type', source: 'typescript', location: { file: 'src/model.ts', line: 4 }, retentionBearing: false });
    expect(type.categories).toEqual([{ id: 'traffic-data', via: 'annotation', location: { file: 'src/model.ts', line: 2, column: 4 } }]);
    expect(store(r, 'ts:src/model.ts#CallRecord.fromNumber')).toMatchObject({
      kind: 'property', parent: type.id, identifier: 'fromNumber', location: { line: 5 },
      categories: [{ id: 'traffic-data', via: 'inherited', location: { line: 2 } }],
    });
    expect(store(r, 'ts:src/model.ts#CallRecord.sipTrace').categories).toEqual([
      { id: 'debug-data', via: 'annotation', location: { file: 'src/model.ts', line: 6, column: 7 } },
    ]);
    expect(r.references.map((x) => [x.tag, x.id, x.location.line])).toEqual([
      ['category', 'traffic-data', 2],
      ['category', 'debug-data', 6],
    ]);
  });

  test('type aliases, classes, variables and functions carry categories; an unannotated type is not a store', async () => {
    const r = await scan({
      'src/a.ts': [
        '/** @category customer-data */',
        'export type Customer = { email: string; name: string };',
        '/** @category statistics */',
        'export class DailyCounts { phoneNumber = ""; total = 0; compute() { return 1; } }',
        '/** @category abuse */',
        'export const blockedNumbers = new Set<string>();',
        '/** @category monthly-reports */',
        'export function renderReport() {}',
        'export interface Plain { email: string }',
      ].join('\n'),
    });
    expect(r.stores.map((s) => [s.id, s.kind, s.identifier ?? null, s.categories.map((c) => `${c.id}/${c.via}`).join()])).toEqual([
      ['ts:src/a.ts#Customer', 'type', null, 'customer-data/annotation'],
      ['ts:src/a.ts#Customer.email', 'property', 'email', 'customer-data/inherited'],
      ['ts:src/a.ts#Customer.name', 'property', 'name', 'customer-data/inherited'],
      ['ts:src/a.ts#DailyCounts', 'class', null, 'statistics/annotation'],
      ['ts:src/a.ts#DailyCounts.phoneNumber', 'property', 'phoneNumber', 'statistics/inherited'],
      ['ts:src/a.ts#DailyCounts.total', 'property', 'total', 'statistics/inherited'],
      ['ts:src/a.ts#blockedNumbers', 'constant', 'blockedNumbers', 'abuse/annotation'],
      ['ts:src/a.ts#renderReport', 'function', null, 'monthly-reports/annotation'],
    ]);
  });

  test('TypeORM and MikroORM entities: every mapped column is a property store named by its column', async () => {
    const r = await scan({
      'src/entities.ts': [
        "import { Entity, Column, PrimaryGeneratedColumn } from 'typeorm';",
        '/** @category traffic-history */',
        "@Entity('message_history')",
        'export class MessageHistory {',
        '  @PrimaryGeneratedColumn() id!: number;',
        "  @Column({ name: 'to_number', type: 'varchar' }) to!: string;",
        "  @Column('text') body!: string;",
        '  transient = 0;',
        '}',
        "@Entity({ tableName: 'sessions' })",
        'export class Session {',
        "  @Property({ fieldName: 'remote_addr', columnType: 'inet' }) ip!: string;",
        '}',
      ].join('\n'),
    });
    expect(store(r, 'ts:src/entities.ts#MessageHistory')).toMatchObject({ kind: 'table', details: { table: 'message_history' }, location: { line: 4 } });
    expect(r.stores.filter((s) => s.parent === 'ts:src/entities.ts#MessageHistory').map((s) => [s.identifier, s.sqlType ?? null, s.categories[0]?.via])).toEqual([
      ['id', 'numeric', 'inherited'], // no column type given: the TypeScript type (number) says what it holds
      ['to_number', 'varchar', 'inherited'],
      ['body', 'text', 'inherited'],
    ]);
    const session = store(r, 'ts:src/entities.ts#Session.ip');
    expect(session).toMatchObject({ identifier: 'remote_addr', sqlType: 'inet', categories: [], parent: 'ts:src/entities.ts#Session' });
  });

  test('Drizzle tables: columns named by their database name, typed by their builder', async () => {
    const r = await scan({
      'src/schema.ts': [
        "import { pgTable, varchar, inet, serial } from 'drizzle-orm/pg-core';",
        '/** @category customer-data */',
        "export const customers = pgTable('customers', {",
        '  id: serial().primaryKey(),',
        "  phone: varchar('phone_number', { length: 20 }).notNull(),",
        '  /** @category abuse */',
        "  lastIp: inet('last_ip'),",
        '});',
        "export const logins = pgTable('logins', (t) => ({ userAgent: t.text('user_agent') }));",
      ].join('\n'),
    });
    expect(store(r, 'ts:src/schema.ts#customers')).toMatchObject({ kind: 'table', details: { orm: 'drizzle', table: 'customers' }, parent: 'sql:table:public.customers' });
    expect(r.stores.filter((s) => s.kind === 'property').map((s) => [s.id, s.identifier, s.sqlType, s.categories.map((c) => `${c.id}/${c.via}`).join()])).toEqual([
      ['ts:src/schema.ts#customers.id', 'id', 'serial', 'customer-data/inherited'],
      ['ts:src/schema.ts#customers.phone', 'phone_number', 'varchar', 'customer-data/inherited'],
      ['ts:src/schema.ts#customers.lastIp', 'last_ip', 'inet', 'abuse/annotation'],
      ['ts:src/schema.ts#logins.userAgent', 'user_agent', 'text', ''],
    ]);
  });
});

describe('@implements and @policy-ignore', () => {
  test('functions, methods, arrow functions, handler properties and inline callbacks implement promises', async () => {
    const r = await scan({
      'src/routes.ts': [
        '/** @implements traffic-history.delete */',
        'export async function deleteHistory() {}',
        'export class Settings {',
        '  /** @implements traffic-history.configure */',
        '  async setRetention(days: number) {}',
        '  /** @implements traffic-history.disable */',
        '  disable = async () => {};',
        '}',
        '/** @implements monthly-reports.delete */',
        'export const purgeReports = async () => {};',
        "router.post('/reports/off', /** @implements monthly-reports.disable */ async (req, res) => {});",
        'export const handlers = {',
        '  // @implements traffic-history.delete',
        '  async wipe() {},',
        '};',
      ].join('\n'),
    });
    expect(r.implementations.map((i) => [`${i.category}.${i.promise}`, i.symbol, i.location.line])).toEqual([
      ['traffic-history.delete', 'deleteHistory', 1],
      ['traffic-history.configure', 'Settings.setRetention', 4],
      ['traffic-history.disable', 'Settings.disable', 6],
      ['monthly-reports.delete', 'purgeReports', 9],
      ['monthly-reports.disable', "router.post('/reports/off')", 11],
      ['traffic-history.delete', 'handlers.wipe', 13],
    ]);
    expect(r.references.filter((x) => x.tag === 'implements')).toHaveLength(6);
  });

  test('@policy-ignore becomes a suppression tied to the annotated store; malformed tags are annotation errors', async () => {
    const r = await scan({
      'src/a.ts': [
        '/**',
        ' * @category statistics',
        ' * @policy-ignore forbidden-data-type -- hashed before storage until 2030-01-01',
        ' */',
        'export interface Daily { phoneNumber: string }',
        '/** @category Not_An_Id */',
        'export const x = 1;',
        '/** @retention traffic-data.max */',
        'export function notAConstant() {}',
        '/** @implements traffic-history */',
        'export function half() {}',
      ].join('\n'),
    });
    expect(r.suppressions).toEqual([
      { rule: 'forbidden-data-type', reason: 'hashed before storage', until: '2030-01-01', location: { file: 'src/a.ts', line: 3, column: 4 }, storeId: 'ts:src/a.ts#Daily' },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.message.slice(0, 30)])).toEqual([
      ['annotation-error', 6, '@category: "Not_An_Id" is not '],
      ['annotation-error', 8, '@retention belongs on a consta'],
      ['annotation-error', 10, '@implements: "traffic-history"'],
    ]);
  });
});

test('a trailing // @policy-ignore suppresses on its own line; tags in strings are not annotations', async () => {
  const r = await scan({
    'src/entities.ts': [
      "@Entity('signups')",
      'export class Signup {',
      "  @Column() email!: string; // @policy-ignore unclassified-personal-data -- test fixtures only until 2031-01-01",
      "  @Column() note!: string;",
      '}',
      "export const help = 'write @category traffic-data above the type';",
    ].join('\n'),
  });
  expect(r.suppressions).toEqual([
    { rule: 'unclassified-personal-data', reason: 'test fixtures only', until: '2031-01-01', location: { file: 'src/entities.ts', line: 3, column: 32 } },
  ]);
  expect(r.references).toEqual([]);
  expect(r.diagnostics).toEqual([]);
});

describe('SQL held in literals (the SQL adapter reads it)', () => {
  test('a delete by age is retention evidence for its table; CREATE TABLE in code is a store', async () => {
    const r = await scan({
      'src/jobs/cleanup.ts': [
        "import { sql } from './db.js';",
        'export async function purge(db: Db, days: number) {',
        "  await db.query(`DELETE FROM traffic_log WHERE created_at < now() - interval '60 days'`);",
        '  await sql`',
        '    CREATE TABLE IF NOT EXISTS debug_events (id bigserial primary key, sip_trace text, created_at timestamptz)',
        '  `;',
        "  await db.query(`DELETE FROM debug_events WHERE created_at < now() - interval '${days} days'`);",
        '}',
      ].join('\n'),
    });
    const traffic = store(r, 'sql:table:public.traffic_log');
    expect(traffic.retention).toMatchObject([{ status: 'known', duration: { seconds: 60 * 86400 }, bound: 'max', location: { file: 'src/jobs/cleanup.ts', line: 3 } }]);
    const debug = r.stores.filter((s) => s.id === 'sql:table:public.debug_events');
    expect(debug[0].location).toMatchObject({ file: 'src/jobs/cleanup.ts', line: 5 });
    expect(r.stores.map((s) => s.id)).toContain('sql:column:public.debug_events.sip_trace');
    // A placeholder in the interval is not a value the checker can know (the engine merges the two views of the table).
    expect(debug.flatMap((s) => s.retention)).toMatchObject([{ status: 'unknown', location: { line: 7 } }]);
  });

  test('constants pasted into a plain template are evaluated; a tagged template sends them as parameters', async () => {
    const r = await scan({
      'src/config.ts': 'export const DEBUG_DAYS = 7 * 2;\nexport const TABLE = "debug_events";\n',
      'src/jobs.ts': [
        "import { DEBUG_DAYS, TABLE } from './config.js';",
        "await db.query(`DELETE FROM ${TABLE} WHERE created_at < now() - interval '${DEBUG_DAYS} days'`);",
        "await sql`DELETE FROM traffic_log WHERE created_at < now() - interval '${DEBUG_DAYS} days'`;",
        "await db.query(`DELETE FROM api_requests WHERE received_at < now() - interval '${process.env.TTL} hours'`);",
      ].join('\n'),
    });
    const evidence = (id: string) => r.stores.filter((s) => s.id === id).flatMap((s) => s.retention).map((e) => (e.status === 'known' ? e.duration?.text : e.status));
    expect(evidence('sql:table:public.debug_events')).toEqual(['P14D']);
    expect(evidence('sql:table:public.traffic_log')).toEqual(['unknown']);
    expect(evidence('sql:table:public.api_requests')).toEqual(['unknown']);
  });

  test('a DELETE or UPDATE that names no time (by key, on request) is not a retention mechanism and is not read', async () => {
    const r = await scan({
      'src/history.ts': [
        "await db.query('DELETE FROM message_history WHERE id = $1 AND customer_id = $2', [id, customer]);",
        "await db.query('UPDATE history_settings SET enabled = false WHERE customer_id = $1', [customer]);",
        "await db.query(`DELETE FROM message_history WHERE sent_at < now() - interval '90 days'`);",
      ].join('\n'),
    });
    expect(r.stores.map((s) => [s.id, s.location.line])).toEqual([['sql:table:public.message_history', 3]]);
  });

  test('prose that reads like SQL is not reported; broken SQL passed to query() is', async () => {
    const r = await scan({
      'src/ui.ts': [
        "export const confirm = 'Delete from your account every message you sent?';",
        "export const notes = 'update your profile set-up before the trial ends';",
        "db.query('DELETE FROM WHERE created_at < now()');",
      ].join('\n'),
    });
    expect(r.stores).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.location.file, d.location.line])).toEqual([['parse-error', 'src/ui.ts', 3]]);
  });
});

describe('which files are read', () => {
  test('.d.ts, dist/ and non-script files are not read; every script extension is', async () => {
    const tag = (n: string) => `/** @category abuse */ export const ${n} = 1;\n`;
    const r = await scan({
      'a.ts': tag('a'), 'b.tsx': tag('b'), 'c.mts': tag('c'), 'd.cts': tag('d'), 'e.js': tag('e'), 'f.mjs': tag('f'), 'g.cjs': tag('g'),
      'types.d.ts': tag('h'), 'dist/bundle.js': tag('i'), 'packages/x/dist/y.mjs': tag('j'), 'notes.md': tag('k'), 'x.tsbuildinfo': tag('l'),
    });
    expect(r.stores.map((s) => s.location.file)).toEqual(['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.js', 'f.mjs', 'g.cjs']);
  });
});
