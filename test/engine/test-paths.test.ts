/** Test code is left out by default: the summary says how many files and why; --include-tests and `tests: include` read them. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testPathReason } from '../../src/engine/test-paths.js';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

function repo(config?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-tests-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  const table = (name: string) => `CREATE TABLE ${name} (id bigint, phone_number text);\n`;
  for (const [file, text] of Object.entries({
    'db/V1__customers.sql': table('customers'),
    'test/fixtures/V1__seed.sql': table('seed_customers'),
    'packages/api/__tests__/schema.sql': table('jest_customers'),
    'e2e/db.sql': table('e2e_customers'),
    'src/users.spec.sql': table('spec_customers'),
  })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  if (config) writeFileSync(path.join(dir, 'policyproof.yaml'), config);
  return dir;
}

const stores = (stdout: string) => (JSON.parse(stdout) as { stores: Array<{ store: string }> }).stores.map((s) => s.store).filter((s) => s.endsWith('.phone_number')).sort();

describe('test code', () => {
  it('is recognised by folder and file name', () => {
    for (const p of ['test/a.sql', 'tests/a.sql', 'src/__tests__/a.ts', 'e2e/a.sql', 'x/fixtures/a.sql', 'go/testdata/a.sql', 'app/stubs/a.ts', 'src/a.test.ts', 'src/a.spec.js', 'pkg/a_test.go']) {
      expect(testPathReason(p), p).toBeDefined();
    }
    for (const p of ['src/testing-utils.ts', 'db/migrations/V1__tests_table.sql', 'src/contest.ts', 'latest/a.sql', 'test.sql']) expect(testPathReason(p), p).toBeUndefined();
    expect(testPathReason('x/fixtures/a.sql')).toBe('in a test folder "fixtures/"');
  });

  it('is left out by default, and the summary says how many files and why', () => {
    const dir = repo();
    const inv = runCli(['inventory', '--at', '2026-11-28', '--format', 'json'], { cwd: dir });
    expect(stores(inv.stdout)).toEqual(['public.customers.phone_number']);
    const r = runCli(['check', '--at', '2026-11-28'], { cwd: dir, env: { NO_COLOR: '1' } });
    const json = JSON.parse(runCli(['check', '--at', '2026-11-28', '--format', 'json'], { cwd: dir }).stdout) as { summary: { testFilesLeftOut: number } };
    expect(json.summary.testFilesLeftOut).toBe(4);
    expect(r.stdout).toContain("4 test files left out (test, fixture, stub and e2e folders, *.test.* and *.spec.*: they hold no customer's data); --include-tests reads them");
  });

  it('is read with --include-tests or `tests: include`, and when its folder is named on the command line', () => {
    const all = ['public.customers.phone_number', 'public.e2e_customers.phone_number', 'public.jest_customers.phone_number', 'public.seed_customers.phone_number', 'public.spec_customers.phone_number'];
    expect(stores(runCli(['inventory', '--at', '2026-11-28', '--format', 'json', '--include-tests'], { cwd: repo() }).stdout)).toEqual(all);
    expect(stores(runCli(['inventory', '--at', '2026-11-28', '--format', 'json'], { cwd: repo('tests: include\n') }).stdout)).toEqual(all);
    const r = runCli(['check', '--at', '2026-11-28', '--include-tests'], { cwd: repo(), env: { NO_COLOR: '1' } });
    expect(r.stdout).not.toContain('left out');
    expect(stores(runCli(['inventory', 'test/fixtures', '--at', '2026-11-28', '--format', 'json'], { cwd: repo() }).stdout)).toEqual(['public.seed_customers.phone_number']);
    expect(runCli(['config'], { cwd: repo('tests: include\n') }).stdout).toMatch(/^tests: include$/m);
    expect(runCli(['config'], { cwd: repo() }).stdout).toMatch(/^tests: exclude$/m);
    const bad = runCli(['check', '--at', '2026-11-28'], { cwd: repo('tests: yes\n') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/policyproof\.yaml:1:\d+: "tests" must be "include" \(read test code\) or "exclude" \(the default\)/);
  });
});
