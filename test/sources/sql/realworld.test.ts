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
});
