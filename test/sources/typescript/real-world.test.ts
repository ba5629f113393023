import { afterEach, describe, expect, test } from 'vitest';
import { scanTypeScript } from '../../../src/sources/typescript/index.js';
import type { RetentionEvidence, SourceResult, Store } from '../../../src/core/types.js';
import { tempScanner, store } from './helpers.js';

/** Shapes real projects write: ORMs and migrations in JS, the `ms` package, environment settings, CRLF/BOM files. */

const scan = tempScanner();


function describe_(e: RetentionEvidence): string {
  if (e.status === 'known') return `known ${e.duration?.text} (${e.duration?.seconds}s)`;
  return `${e.status}: ${e.reason}`;
}

async function evidence(text: string): Promise<Record<string, string>> {
  const r = await scan({ 'src/retention.ts': text });
  return Object.fromEntries(r.stores.flatMap((s) => s.retention.map((e) => [s.name, describe_(e)])));
}

describe('retention constants written the way projects write them', () => {
  test("ms('60d') of the ms package is a duration in milliseconds, whatever the constant is named", async () => {
    const ev = await evidence([
      "import ms from 'ms';",
      "const WINDOW = '14 days';",
      "/** @retention traffic-data.max */ export const TRAFFIC_TTL = ms('60d');",
      "/** @retention traffic-data.max */ export const TRAFFIC_DAYS = ms('60d');",
      "/** @retention debug-data.max */ export const DEBUG = 2 * ms('1h');",
      '/** @retention api-traffic.max */ export const API = ms(WINDOW);',
      "/** @retention abuse.max */ export const ABUSE = ms('soon');",
    ].join('\n'));
    expect(ev).toEqual({
      TRAFFIC_TTL: 'known P60D (5184000s)',
      // the name says days, the value is milliseconds: the value's unit wins
      TRAFFIC_DAYS: 'known P60D (5184000s)',
      DEBUG: 'known PT2H (7200s)',
      API: 'known P14D (1209600s)',
      ABUSE: 'unknown: ms("soon") is not a duration the ms package reads',
    });
  });

  test('js-joda and luxon durations: Duration.ofDays(60), Duration.fromObject({ days: 60 }), .toMillis()', async () => {
    const joda = await evidence([
      "import { Duration } from '@js-joda/core';",
      '/** @retention traffic-data.max */ export const TRAFFIC = Duration.ofDays(60);',
      '/** @retention debug-data.max */ export const DEBUG_MS = Duration.ofHours(36).toMillis();',
      '/** @retention api-traffic.max */ export const API = Duration.ofHours(36).toDays();',
    ].join('\n'));
    expect(joda).toEqual({ TRAFFIC: 'known P60D (5184000s)', DEBUG_MS: 'known PT36H (129600s)', API: 'known P1D (86400s)' });
    const luxon = await evidence([
      "const { Duration } = require('luxon');",
      '/** @retention traffic-data.max */ const TRAFFIC = Duration.fromObject({ days: 60 });',
      '/** @retention debug-data.max */ const DEBUG = Duration.fromObject({ weeks: 2 }).toMillis();',
      '/** @retention abuse.max */ const ABUSE = Duration.fromObject({ months: 6 });',
    ].join('\n'));
    expect(luxon).toEqual({ TRAFFIC: 'known P60D (5184000s)', DEBUG: 'known P14D (1209600s)', ABUSE: 'unknown: the call ….fromObject(…) is not evaluated (only literals, arithmetic and constants are)' });
    // a class of the project's own called Duration is not evaluated
    const own = await evidence('class Duration { static ofDays(n: number) { return n; } }\n/** @retention traffic-data.max */ export const T = Duration.ofDays(60);');
    expect(own.T).toMatch(/^unknown: the call ….ofDays/);
  });

  test('a function called ms that is not the ms package is not evaluated', async () => {
    const ev = await evidence("function ms(s: string) { return 1; }\n/** @retention traffic-data.max */ export const TTL_DAYS = ms('60d');");
    expect(ev.TTL_DAYS).toMatch(/^unknown: the call ms\(…\) is not evaluated/);
  });

  test('CommonJS require of ms works too', async () => {
    const r = await scan({ 'src/retention.js': "const toMs = require('ms');\n/** @retention traffic-data.max */\nmodule.exports.TTL = 1;\n/** @retention traffic-data.max */\nconst TTL = toMs('3 days');\n" });
    expect(r.stores.map((s) => [s.name, s.retention.map(describe_)])).toEqual([['TTL', ['unknown: the value 1 has no unit: add unit=<ms|s|min|h|d|w> to @retention or name the constant with one (…_DAYS, …Ms, …Hours)']], ['TTL', ['known P3D (259200s)']]]);
    expect(r.diagnostics).toEqual([]);
  });

  test('CommonJS exports.NAME = value and module.exports = { NAME: value } carry @retention like export const', async () => {
    const r = await scan({ 'src/retention.js': "const DAY_MS = 86400000;\n/** @retention traffic-data.max */\nexports.TRAFFIC_MS = 60 * DAY_MS;\nmodule.exports = {\n  /** @retention debug-data.max */\n  DEBUG_HOURS: 72,\n};\n" });
    expect(r.stores.map((s) => [s.name, s.location.line, s.retention.map(describe_)])).toEqual([['TRAFFIC_MS', 3, ['known P60D (5184000s)']], ['DEBUG_HOURS', 6, ['known P3D (259200s)']]]);
    expect(r.diagnostics).toEqual([]);
  });

  test('settings read from the environment are unknown, and the reason says so', async () => {
    const ev = await evidence([
      '/** @retention traffic-data.max */ export const A_DAYS = process.env.A_DAYS ?? 60;',
      "/** @retention traffic-data.max */ export const B_DAYS = parseInt(process.env.B_DAYS || '60', 10);",
      "/** @retention traffic-data.max */ export const C_DAYS = Number(process.env['C_DAYS']);",
      '/** @retention traffic-data.max */ export const D_DAYS = import.meta.env.VITE_D_DAYS;',
    ].join('\n'));
    const env = (name: string) => `unknown: the value is read from the environment (${name}) at run time; its deployed value is not in the repository`;
    expect(ev).toEqual({
      A_DAYS: env('process.env.A_DAYS'),
      B_DAYS: env('process.env.B_DAYS'),
      C_DAYS: env("process.env['C_DAYS']"),
      D_DAYS: env('import.meta.env.VITE_D_DAYS'),
    });
  });

  test('a unit constant in one file multiplied in another: const DAY = 24 * HOUR; TTL = 60 * DAY', async () => {
    const r = await scan({
      'src/time.ts': 'const HOUR = 60 * 60 * 1000;\nexport const DAY = 24 * HOUR;\n',
      'src/retention.ts': "import { DAY } from './time';\n/** @retention traffic-data.max */\nexport const TRAFFIC_TTL_MS = 60 * DAY;\n",
    });
    expect(store(r, 'ts:src/retention.ts#TRAFFIC_TTL_MS').retention.map(describe_)).toEqual(['known P60D (5184000s)']);
  });
});

describe('ORM entities and tables defined in code', () => {
  test('a TypeORM/MikroORM entity has the SQL table it maps as parent, so it takes an annotated SQL table\'s category', async () => {
    const r = await scan({
      'src/entities.ts': [
        "import { Entity, Column, PrimaryGeneratedColumn } from 'typeorm';",
        "@Entity('traffic_log')",
        'export class TrafficLog {',
        "  @PrimaryGeneratedColumn('increment') id!: number;",
        "  @PrimaryGeneratedColumn('uuid') key!: string;",
        "  @Column({ name: 'phone_number' }) phone!: string;",
        '}',
        '@Entity()',
        'export class SMSMessage { @Column() body!: string; }',
        "@Entity({ name: 'audit_events', schema: 'audit' })",
        'export class AuditEvent { @Column() actor!: string; }',
        "@Table({ tableName: 'contacts' })",
        'export class Contact extends Model { @Column email!: string; }',
        '@Table',
        'export class Person extends Model { @Column email!: string; }',
      ].join('\n'),
    });
    expect(store(r, 'ts:src/entities.ts#TrafficLog').parent).toBe('sql:table:public.traffic_log');
    // TypeORM's and MikroORM's default table name is the class name in snake_case
    expect(store(r, 'ts:src/entities.ts#SMSMessage').parent).toBe('sql:table:public.sms_message');
    expect(store(r, 'ts:src/entities.ts#AuditEvent').parent).toBe('sql:table:audit.audit_events');
    // sequelize-typescript: the table name given; its default (a plural) is not guessed
    expect(store(r, 'ts:src/entities.ts#Contact').parent).toBe('sql:table:public.contacts');
    expect(store(r, 'ts:src/entities.ts#Person').parent).toBeUndefined();
    // a column's parent stays its entity (the chain goes on to the SQL table)
    expect(store(r, 'ts:src/entities.ts#TrafficLog.phone')).toMatchObject({ parent: 'ts:src/entities.ts#TrafficLog', identifier: 'phone_number' });
    // @PrimaryGeneratedColumn('increment') names a strategy, not a column type: the TypeScript type (number) stands
    expect(store(r, 'ts:src/entities.ts#TrafficLog.id').sqlType).toBe('numeric');
    expect(store(r, 'ts:src/entities.ts#TrafficLog.key').sqlType).toBe('uuid');
  });

  // migrations in code (knex, TypeORM, sequelize-cli) are history, read by the SQL source: test/sources/migrations
  test('sequelize.define and Model.init: the model is a table, its attributes columns; VIRTUAL attributes are not', async () => {
    const r = await scan({
      'models/contact.js': [
        "const { DataTypes, Model } = require('sequelize');",
        'module.exports = (sequelize) => {',
        '  /** @category customer-data */',
        "  const Contact = sequelize.define('Contact', {",
        '    email: { type: DataTypes.STRING, allowNull: false },',
        "    phoneNumber: { type: DataTypes.STRING(20), field: 'phone_number' },",
        '    fullName: { type: DataTypes.VIRTUAL },',
        "  }, { tableName: 'contacts' });",
        '  class Login extends Model {}',
        "  Login.init({ ip: DataTypes.INET }, { sequelize, tableName: 'logins' });",
        '  return Contact;',
        '};',
        "customElements.define('my-el', { notAModel: true });",
      ].join('\n'),
    });
    expect(store(r, 'ts:models/contact.js#Contact')).toMatchObject({ kind: 'table', parent: 'sql:table:public.contacts', categories: [{ id: 'customer-data' }] });
    expect(r.stores.filter((s) => s.parent === 'ts:models/contact.js#Contact').map((s) => [s.identifier, s.sqlType])).toEqual([
      ['email', 'varchar'],
      ['phone_number', 'varchar'],
    ]);
    expect(store(r, 'ts:models/contact.js#Login.ip')).toMatchObject({ sqlType: 'inet', parent: 'ts:models/contact.js#Login' });
    expect(r.stores.map((s) => s.id).filter((id) => id.includes('my-el') || id.includes('notAModel'))).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('handlers and decorators', () => {
  test('JSDoc above, between or after decorators belongs to the decorated member (NestJS controllers, entity columns)', async () => {
    const r = await scan({
      'src/history.controller.ts': [
        "@Controller('history')",
        'export class HistoryController {',
        '  /** @implements traffic-history.delete */',
        "  @Delete(':id')",
        '  @UseGuards(AuthGuard)',
        "  async remove(@Param('id') id: string) {}",
        '  @Delete()',
        '  /** @implements traffic-history.disable */',
        '  async disable() {}',
        '  @Get() /** @implements monthly-reports.disable */ list() {}',
        '}',
        "@Entity('logins')",
        'export class Login {',
        '  @Column()',
        '  /** @category abuse */',
        '  ip!: string;',
        '}',
      ].join('\n'),
    });
    expect(r.implementations.map((i) => [i.symbol, `${i.category}.${i.promise}`, i.location.line])).toEqual([
      ['HistoryController.remove', 'traffic-history.delete', 3],
      ['HistoryController.disable', 'traffic-history.disable', 8],
      ['HistoryController.list', 'monthly-reports.disable', 10],
    ]);
    expect(store(r, 'ts:src/history.controller.ts#Login.ip').categories).toEqual([{ id: 'abuse', via: 'annotation', location: { file: 'src/history.controller.ts', line: 15, column: 7 } }]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('file shapes', () => {
  test('CRLF line endings and a byte-order mark keep lines and columns right', async () => {
    const text = '\uFEFF/** @category traffic-data */\r\nexport interface Msg {\r\n  to: string;\r\n}\r\n\r\n/** @retention traffic-data.max */\r\nexport const MSG_DAYS = 90;\r\n';
    const r = await scan({ 'src/a.ts': Buffer.from(text, 'utf8') });
    expect(r.stores.map((s) => [s.name, s.location.line, s.location.column])).toEqual([['Msg', 2, 18], ['Msg.to', 3, 3], ['MSG_DAYS', 7, 14]]);
    expect(r.references.map((x) => [x.location.line, x.location.column])).toEqual([[1, 5], [6, 5]]);
  });

  test('columns count UTF-16 code units (SARIF columnKind utf16CodeUnits): an emoji is two', async () => {
    const r = await scan({ 'src/a.tsx': "const smile = '😀'; /** @category customer-data */ export const email = 'x';\n" });
    // 'const smile = ' (14) + 😀 (2) + "'; " (3) … the tag at 21 + 2 in code units
    expect(store(r, 'ts:src/a.tsx#email').location).toMatchObject({ line: 1, column: 65 });
    expect(r.references[0].location.column).toBe(25);
  });

  test('a // line comment directly above a declaration carries tags like JSDoc; a // note that mentions a tag is prose', async () => {
    const r = await scan({ 'src/a.ts': '// @category debug-data\nexport const debugBuffer: string[] = [];\n// TODO: add @category Traffic_Data\nexport const other = 1;\n// @category Traffic_Data\nexport const third = 1;\n' });
    expect(store(r, 'ts:src/a.ts#debugBuffer').categories.map((c) => c.id)).toEqual(['debug-data']);
    expect(r.stores.map((s) => s.name)).toEqual(['debugBuffer']);
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.message])).toEqual([['annotation-error', 5, '@category: "Traffic_Data" is not a category id (lower-case words joined by "-")']]);
  });

  test('a // tag counts directly above its declaration; not across a blank line, and not in commented-out code', async () => {
    const r = await scan({
      'src/a.ts': [
        '// @category debug-data',
        '// kept for support cases',
        'export const debugBuffer: string[] = [];',
        '// @category traffic-data',
        '',
        'export const unrelated = 1;',
        '// /** @category traffic-data */',
        '// export const old = [];',
        'export const current = [];',
      ].join('\n'),
    });
    expect(r.stores.map((s) => [s.name, s.categories.map((c) => c.id)])).toEqual([['debugBuffer', ['debug-data']]]);
    // the detached tag is said not to be read, rather than dropped in silence
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([
      ['annotation-error', 4, 1, 'this // comment is not read: a // comment carries tags only directly above a declaration (remove the blank line, or write /** … */)'],
    ]);
  });

  test("JSDoc's @implements {Interface} and TypeDoc's @category Title are not policy tags; a mistyped policy id still is reported", async () => {
    const r = await scan({
      'src/lib.js': [
        '/**',
        ' * A scope.',
        ' * @implements {types.Scope}',
        ' * @implements EventListener',
        ' * @implements \\ArrayAccess<string, mixed>',
        ' * @category Data Fetching',
        ' */',
        'class Scope {}',
        '/** @category Util */',
        'export function chunk() {}',
        '/**',
        ' * @category Traffic-data',
        ' */',
        'export const log = [];',
        '/** @implements Traffic-history.delete */',
        'export function purge() {}',
      ].join('\n'),
    });
    expect(r.stores).toEqual([]);
    expect(r.implementations).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([
      ['annotation-error', 12, 4, '@category: "Traffic-data" is not a category id (lower-case words joined by "-")'],
      ['annotation-error', 15, 5, '@implements: "Traffic-history.delete" must be <category>.<promise>, e.g. traffic-history.delete'],
    ]);
  });

  test('a call chain thousands of links long with callbacks is read once, not once per link (no quadratic labels)', async () => {
    const links = Array.from({ length: 4000 }, (_, i) => `.then(() => step(${i}))`).join('\n');
    const r = await scan({
      'src/chain.js': `/** @implements traffic-history.delete */\nexports.purge = () => start()${links};\nknex.schema${Array.from({ length: 3000 }, (_, i) => `.createTable('t${i}', (t) => { t.string('c'); })`).join('\n')};\n`,
    });
    expect(r.implementations.map((i) => [i.symbol, i.location.line])).toEqual([['purge', 1]]);
    // the tables nearest to knex.schema are read; a receiver is followed for at most 64 links
    expect(r.stores.filter((s) => s.kind === 'table').length).toBe(64);
  });

  test('hostile comments and strings near the new patterns do not backtrack (a hang guard, not a speed test)', async () => {
    const spaces = ' '.repeat(200_000);
    const r = await scan({
      'src/a.ts': `/** @implements A${spaces}! */\nexport function f() {}\nimport ms from 'ms';\n/** @retention debug-data.max */\nexport const T = ms('${'9'.repeat(200_000)}x');\n${'// short lines, so the file does not read as minified\n'.repeat(4000)}`,
    });
    expect(r.implementations).toEqual([]);
    // the 200 000-character comment line is read as far as its first 2000 characters: "A" and spaces, a JSDoc type name
    expect(r.diagnostics).toEqual([]);
    expect(r.stores.flatMap((s) => s.retention.map((e) => e.status))).toEqual(['unknown']);
  });

  test('a generated file or vendored bundle with no policy tag or ORM table in it is not parsed and not reported (only logged)', async () => {
    const r = scan.repo({
      'src/gql/graphql.ts': "export type Message = { phoneNumber: string };\n".repeat(30_000),
      'public/js/jquery.min.js': 'var a=1;/** @category Array */function truncate(){return "update the set"}',
    });
    const { result } = await scanTypeScript(r.ctx);
    expect(result.diagnostics).toEqual([]);
    expect(r.logs.filter((l) => l.includes('not read'))).toEqual([
      'typescript: public/js/jquery.min.js not read (a minified file (.min.js); not read); it holds no policy tag or ORM table',
      'typescript: src/gql/graphql.ts not read (1.3 MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read); it holds no policy tag or ORM table',
    ]);
  });

  test('a 2 MB generated file that holds a tag is skipped with its size and why', async () => {
    const line = "export const Doc_123 = { kind: 'Document', definitions: [] } as unknown as DocumentNode; // @category x\n";
    const r = await scan({ 'src/gql/graphql.ts': line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)) });
    expect(r.stores).toEqual([]);
    expect(r.diagnostics).toEqual([{ code: 'skipped-file', message: '2.0 MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read', location: { file: 'src/gql/graphql.ts', line: 1, column: 1 } }]);
  });
});
