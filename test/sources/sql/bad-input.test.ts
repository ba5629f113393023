import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with bench/schema.mjs
import { generateDump, generateMigrations } from '../../../bench/lib/schema-generate.mjs';
import { scanFiles } from './helpers.js';

describe('large and hostile SQL input', () => {
  it('replays a 2 MB pg_dump --schema-only', async () => {
    const dump: string = generateDump(2 * 1024 * 1024);
    const r = await scanFiles({ 'db/schema.sql': dump });
    expect(r.diagnostics).toEqual([]);
    const tables = r.stores.filter((s) => s.kind === 'table');
    expect(tables.length).toBe((dump.match(/^CREATE TABLE /gm) ?? []).length);
    expect(tables.length).toBeGreaterThan(500);
    // jobs are not in the dump, but annotations are
    expect(tables.every((t) => t.categories.length === 1)).toBe(true);
    const last = tables[tables.length - 1];
    const lastLine = dump.split('\n').findIndex((l) => l.startsWith(`CREATE TABLE ${last.name} (`)) + 1;
    expect(last.location.line).toBe(lastLine);
  }, 60_000);

  it('replays a 20 MB dump with an invalid statement in the middle', async () => {
    const dump: string = generateDump(20 * 1024 * 1024, 3);
    const mid = dump.indexOf('CREATE TABLE', dump.length / 2);
    const broken = dump.slice(0, mid) + 'CREATE TABLE broken (id int,, x);\n\n' + dump.slice(mid);
    const r = await scanFiles({ 'db/big.sql': broken });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'parse-error', location: { file: 'db/big.sql', line: broken.slice(0, mid).split('\n').length } });
    expect(r.stores.filter((s) => s.kind === 'table').length).toBe((dump.match(/^CREATE TABLE /gm) ?? []).length);
  }, 120_000);

  it('replays a folder of 2,000 migrations in order', async () => {
    const files: Record<string, string> = generateMigrations(2000);
    const repo = Object.fromEntries(Object.entries(files).map(([name, text]) => [`db/migrations/${name}`, text]));
    const r = await scanFiles(repo);
    expect(r.diagnostics.filter((d) => d.code === 'parse-error')).toEqual([]);
    // every column renamed from tmp_N exists only as counter_N, typed bigint
    const columns = r.stores.filter((s) => s.kind === 'column');
    expect(columns.some((c) => c.identifier?.startsWith('tmp_'))).toBe(false);
    const counters = columns.filter((c) => c.identifier?.startsWith('counter_'));
    expect(counters.length).toBeGreaterThan(100);
    expect(counters.every((c) => c.sqlType === 'bigint')).toBe(true);
    expect(r.stores.filter((s) => s.kind === 'table' && s.retention.length > 0).length).toBeGreaterThan(10);
  }, 120_000);

  it('survives binary garbage, unterminated quotes and empty files', async () => {
    const garbage = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('');
    const r = await scanFiles({
      'm/1.sql': garbage,
      'm/2.sql': "CREATE TABLE ok (id int);\nCOMMENT ON TABLE ok IS 'unterminated;\nCREATE TABLE lost (x int);",
      'm/3.sql': '',
      'm/4.sql': '$$ unterminated dollar quote',
      'm/5.sql': '/* unterminated comment',
    });
    expect(r.stores.map((s) => s.id)).toContain('sql:table:public.ok');
    expect(r.diagnostics.every((d) => d.code === 'parse-error')).toBe(true);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  }, 60_000);

  it('deeply nested expressions: a parse-error, and the next statement is read', async () => {
    const deep = `SELECT ${'coalesce('.repeat(20000)}1${')'.repeat(20000)};\nCREATE TABLE after_deep (email text);`;
    const nested = `SELECT cron.schedule('j', '@daily', $$DELETE FROM t WHERE ${'('.repeat(500)}created_at < now() - interval '1 day'${')'.repeat(500)}$$);\nCREATE TABLE t (created_at timestamptz);`;
    const r = await scanFiles({ 'm/1.sql': deep, 'm/2.sql': nested });
    expect(r.diagnostics).toMatchObject([{ code: 'parse-error', location: { file: 'm/1.sql', line: 1 } }]);
    expect(r.stores.map((s) => s.id)).toEqual(expect.arrayContaining(['sql:table:public.after_deep', 'sql:table:public.t']));
  }, 60_000);

  it('reports a file the reader could not decode and goes on', async () => {
    const r = await (await import('../../../src/sources/sql/index.js')).sqlSource.scan({
      root: '/repo',
      files: ['m/1.sql', 'm/2.sql'],
      async read(file) {
        return file === 'm/1.sql' ? { code: 'unreadable-file', message: 'binary file', location: { file, line: 1, column: 1 } } : 'CREATE TABLE t (ip inet);';
      },
      log() {},
    });
    expect(r.diagnostics).toEqual([{ code: 'unreadable-file', message: 'binary file', location: { file: 'm/1.sql', line: 1, column: 1 } }]);
    expect(r.stores.map((s) => s.id)).toEqual(['sql:table:public.t', 'sql:column:public.t.ip']);
  });
});
