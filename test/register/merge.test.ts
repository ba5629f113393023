/** `policyproof inventory merge`: the organisation's register over many repositories' inventories (issue 17). */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

const row = (category: string, store: string, retention: string, extra: Record<string, string> = {}) => ({
  category, categoryDecidedBy: 'annotation', store, kind: 'table', source: 'sql', location: 'db/V1.sql:3', dataTypes: '',
  retention, retentionEvidence: retention ? 'pg_cron @ db/V1.sql:9' : '', jurisdiction: 'aws eu-north-1', ...extra,
});
const declared = [{ category: 'traffic-history', promise: 'delete' }, { category: 'traffic-history', promise: 'disable' }];

function inventories(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-merge-'));
  const write = (name: string, data: unknown) => writeFileSync(path.join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
  write('sms.json', {
    policy: 'acme', version: '2027-01-15', at: '2027-02-01', repository: 'acme/sms-api',
    source: { kind: 'git', reference: 'github:acme/privacy-policy@v2027-01-15', commit: 'a'.repeat(40) },
    promises: { declared, owned: ['traffic-history'], implemented: [{ category: 'traffic-history', promise: 'delete', symbol: 'del', location: 'src/h.ts:3' }] },
    stores: [row('traffic-data', 'cdr', 'max 60 days'), row('debug-data', 'debug_log', 'max 14 days')],
  });
  write('billing.json', {
    policy: 'acme', version: '2018-05-20', at: '2027-02-01', repository: 'acme/billing',
    promises: { declared, owned: 'all', implemented: [] },
    stores: [row('traffic-data', 'rated_cdr', 'max 90 days'), row('traffic-data', '=HYPERLINK("http://x")', 'max 60 days', { location: '<script>|x' })],
  });
  write('broken.json', '{"stores": [');
  mkdirSync(path.join(dir, 'more'));
  write('more/notes.json', { hello: 'world' });
  return dir;
}

describe('inventory merge', () => {
  it('markdown: conflicts, older policy versions, missing inventories, unimplemented promises, every store', () => {
    const dir = inventories();
    writeFileSync(path.join(dir, 'expected.txt'), 'acme/sms-api\nacme/billing\nacme/ledger # no run yet\n');
    const r = runCli(['inventory', 'merge', dir, '--expect', path.join(dir, 'expected.txt')]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('# Record of processing — 2 repositories');
    expect(md).toContain('Policy acme, newest version checked 2027-01-15; 4 stores in 2 categories.');
    expect(md).toContain('### Repositories with no inventory (3)');
    expect(md).toContain('| acme/ledger | no inventory was produced |');
    expect(md).toMatch(/\| broken \| .*broken\.json: not valid JSON/);
    expect(md).toMatch(/\| notes \| .*notes\.json: not a policyproof inventory/);
    expect(md).toContain('### Checked against an older policy version (1)\n\n| repository | checked against | newest |\n|---|---|---|\n| acme/billing | 2018-05-20 | 2027-01-15 |');
    expect(md).toContain('| traffic-data | max 60 days | 2 | 2 | acme/billing: =HYPERLINK\\("http://x"\\); acme/sms-api: cdr |');
    expect(md).toContain('| traffic-data | max 90 days | 1 | 1 | acme/billing: rated\\_cdr |');
    expect(md).toContain('| traffic-history.disable | acme/billing, acme/sms-api |');
    expect(md).not.toContain('traffic-history.delete |');
    expect(md).toContain('## traffic-data (3 stores)');
    // hostile text is escaped, never markup
    expect(md).toContain('&lt;script&gt;\\|x');
    expect(md).not.toContain('<script>');
    expect(r.stderr).toContain('policyproof: acme/ledger: no inventory (no inventory was produced)');
    // same input, same bytes
    expect(runCli(['inventory', 'merge', dir, '--expect', path.join(dir, 'expected.txt')]).stdout).toBe(md);
  });

  it('csv: one row per store with its repository, formula-safe, conflicts marked; json streams the same register', () => {
    const dir = inventories();
    const csv = runCli(['inventory', 'merge', path.join(dir, 'sms.json'), path.join(dir, 'billing.json'), '--format', 'csv']).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('repository,category,store,kind,source,location,category decided by,data types,retention,retention evidence,jurisdiction,policy version,conflict');
    expect(csv).toHaveLength(5);
    expect(csv).toContain(`acme/billing,traffic-data,"'=HYPERLINK(""http://x"")",table,sql,<script>|x,annotation,,max 60 days,pg_cron @ db/V1.sql:9,aws eu-north-1,2018-05-20,kept differently elsewhere`);
    expect(csv[1]).toBe('acme/sms-api,debug-data,debug_log,table,sql,db/V1.sql:3,annotation,,max 14 days,pg_cron @ db/V1.sql:9,aws eu-north-1,2027-01-15,');

    const out = path.join(dir, 'out', 'register.json');
    const r = runCli(['inventory', 'merge', dir, '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8')) as {
      newestVersion: string; repositories: Array<{ repository: string; source: string }>; olderPolicy: unknown[]; conflicts: Array<{ category: string }>;
      unimplementedPromises: Array<{ category: string; promise: string; ownedBy: string[] }>; categories: Array<{ category: string; stores: Array<{ repository: string; store: string }> }>;
    };
    expect(data.newestVersion).toBe('2027-01-15');
    expect(data.repositories.map((x) => x.repository)).toEqual(['acme/billing', 'acme/sms-api']);
    expect(data.repositories[1].source).toBe(`github:acme/privacy-policy@v2027-01-15 (${'a'.repeat(12)})`);
    expect(data.olderPolicy).toEqual([{ repository: 'acme/billing', version: '2018-05-20' }]);
    expect(data.conflicts.map((c) => c.category)).toEqual(['traffic-data']);
    expect(data.unimplementedPromises).toEqual([{ category: 'traffic-history', promise: 'disable', ownedBy: ['acme/billing', 'acme/sms-api'] }]);
    expect(data.categories.map((c) => [c.category, c.stores.map((s) => `${s.repository}:${s.store}`)])).toEqual([
      ['debug-data', ['acme/sms-api:debug_log']],
      ['traffic-data', ['acme/billing:rated_cdr', 'acme/billing:=HYPERLINK("http://x")', 'acme/sms-api:cdr']],
    ]);
  });

  it('usage errors are exit 2', () => {
    expect(runCli(['inventory', 'merge']).code).toBe(2);
    const bad = runCli(['inventory', 'merge', '.', '--format', 'html']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: the register is markdown, json or csv, not "html"');
  });
});
