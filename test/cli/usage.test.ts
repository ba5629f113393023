/** Day one with the CLI: help, wrong flags, exit codes, where output goes. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

describe('help', () => {
  it.each([
    [['check', '--help'], /^Usage: policyproof check \[PATH…\]/],
    [['check', '-h'], /--database-url URL/],
    [['policy', '--help'], /^Usage: policyproof policy <validate \| timeline \| new \| diff \| outdated>/],
    [['policy', 'validate', '--help'], /--fail-on LEVEL/],
    [['translations', 'accept', '-h'], /translations.lock/],
    [['inventory', '--help'], /markdown \| json \| csv/],
    [['publish', '--help'], /--out DIR/],
    [['rules', '--help'], /text \| json/],
    [['config', '--help'], /effective configuration/],
    [['help', 'check'], /^Usage: policyproof check/],
    [['--help'], /policyproof check \[PATH…\]/],
  ])('policyproof %j prints help to stdout and exits 0', (args, expected) => {
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(expected);
  });

  it('with no command, prints the help to stderr (stdout stays empty) and exits 2', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/policyproof check \[PATH…\]/);
  });

  it('help for a command that does not exist is a usage error', () => {
    const r = runCli(['help', 'lint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no command "lint"/);
  });

  it('a path after -- that looks like --help is a path, not a request for help', () => {
    const r = runCli(['check', '--', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--help/);
    expect(r.stdout).toBe('');
  });
});

describe('usage errors: one line on stderr, exit 2, nothing on stdout (the error object with --format json)', () => {
  it.each([
    [['check', '--bogus'], /^policyproof: unknown option --bogus for check \(see policyproof check --help\)$/],
    [['check', '--fial-on', 'warning'], /unknown option --fial-on for check; did you mean --fail-on\?/],
    [['chek'], /unknown command "chek"; did you mean "check"\?/],
    [['inventory', '--out'], /^policyproof: --out needs a value \(see policyproof inventory --help\)$/],
    [['publish', '--force=yes', '--out', 'x'], /--force takes no value/],
    [['check', '--base', '--changed-only'], /--base needs a value; to give one that starts with "-", write --base=VALUE/],
    [['check', '--at', '2026-02-30'], /--at: "2026-02-30" is not a calendar date/],
    [['check', '--at', 'yesterday'], /--at: "yesterday" is not a calendar date/],
    [['check', '--fail-on', 'fatal'], /--fail-on: "fatal" is not one of error, warning, note/],
    [['check', '--format', 'json', '--format', 'sarif'], /only one format can go to stdout/],
    [['check', '--format', 'json='], /the file name is empty/],
    [['check', '--changed-only'], /--changed-only needs --base REF/],
    [['rules', '--format', 'yaml'], /--format: "yaml" is not text or json/],
    [['policy', 'timeline', '--format', 'html'], /--format: "html" is not text or json/],
    [['policy', 'diff', '--format', 'xml'], /--format: "xml" is not text or json/],
    [['translations', 'status', '--format', 'csv'], /--format: "csv" is not text or json/],
    [['inventory', '--format', 'yaml'], /inventory is markdown, json or csv/],
    [['inventory', '--fail-on', 'error'], /unknown option --fail-on for inventory/],
    [['policy', 'diff', 'a', 'b', 'c'], /unexpected argument "c"/],
    [['policy', 'frobnicate'], /policy: expected validate, timeline, new, diff or outdated, not "frobnicate"/],
    [['translations'], /translations: expected status or accept/],
  ])('policyproof %j', (args, expected) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    // --format json: scripts read the error as JSON from stdout; otherwise stdout stays empty
    if (args.some((a, i) => a === '--format' && args[i + 1] === 'json')) expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toMatch(expected);
    else expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(expected);
    expect(r.stderr).not.toMatch(/--debug/);
  });

  it('--at is checked by every command before anything is written (policy new wrote a version published 2026-02-30)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-at-'));
    cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
    for (const args of [['policy', 'new', '--at', '2026-02-30'], ['policy', 'timeline', '--at', '2026-13-01'], ['publish', '--out', 'site', '--at', 'today'], ['inventory', '--at', '28/11/2026'], ['translations', 'status', '--at', '2026-1-1']]) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^policyproof: --at: ".*" is not a calendar date \(YYYY-MM-DD\)\n$/);
    }
    expect(readdirSync(path.join(dir, 'policy', 'versions'))).toEqual(['2018-05-20.yaml']);
    expect(existsSync(path.join(dir, 'site'))).toBe(false);
  });

  it('a bad --base ref in a repository that is not git is exit 2, one line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-nogit-'));
    cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
    const r = runCli(['check', '--base', 'no-such-ref', '--at', '2026-11-28'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--base no-such-ref/);
  });

  it('a refused database port is exit 2 in one line that never shows the password', () => {
    for (const url of ['postgres://bob:s3cretpw@127.0.0.1:1/app', 'postgresql://127.0.0.1:1/app?user=bob&password=s3cretpw']) {
      const r = runCli(['check', 'examples/sms-api', '--at', '2026-11-28', '--database-url', url]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/cannot connect/);
      expect(r.stderr).not.toMatch(/s3cretpw/);
    }
  });

  it('config prints neither a password in the user info nor one in the query', () => {
    const r = runCli(['config', '--database-url', 'postgres://bob:s3cretpw@db.internal:5432/app?sslpassword=k3y&password=s3cretpw']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/database-url: postgres:\/\/bob:\*\*\*@db\.internal:5432\/app\?sslpassword=\*\*\*&password=\*\*\*/);
    expect(r.stdout).not.toMatch(/s3cretpw|k3y/);
  });
});

describe('output streams', () => {
  it('--format X=FILE, repeated: the files are written, stdout has the one format without a file, stderr says where the files went', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policyproof-streams-'));
    const r = runCli(['check', 'examples/sms-api', '--at', '2026-11-28', '--format', `sarif=${out}/deep/r.sarif`, '--format', `json=${out}/r.json`, '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('::'))).toBe(true);
    expect(r.stderr).toContain(`wrote sarif to ${out}/deep/r.sarif`);
    expect(r.stderr).toContain(`wrote json to ${out}/r.json`);
  });

  it('a report file that cannot be written is exit 2 in one line (a folder, a path through a file, under /proc, which hung)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policyproof-unwritable-'));
    writeFileSync(path.join(out, 'file'), '');
    const cases: Array<[string[], RegExp]> = [
      [['--format', `json=${out}`], /^policyproof: --format json=.*: cannot write .* \(it is a folder\)\n$/],
      [['--format', `sarif=${out}/file/x.sarif`], /^policyproof: --format sarif=.*: cannot write .*file\/x\.sarif \(a part of the path is a file\)\n$/],
      [['--format', 'json=/proc/policyproof-nope/x.json'], /^policyproof: --format json=\/proc\/policyproof-nope\/x\.json: cannot write/],
      [['--write-baseline', `${out}/file/b.json`], /^policyproof: --write-baseline: cannot write/],
    ];
    for (const [flags, expected] of cases) {
      const r = runCli(['check', 'examples/sms-api/terraform', '--at', '2026-11-28', ...flags], { timeout: 60_000 });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(expected);
    }
    const inv = runCli(['inventory', 'examples/sms-api/terraform', '--at', '2026-11-28', '--out', out]);
    expect(inv.code).toBe(2);
    expect(inv.stderr).toMatch(/^policyproof: --out: cannot write .* \(it is a folder\)\n$/);
  });

  it('inventory --out writes the file and says so on stderr', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policyproof-inv-'));
    const r = runCli(['inventory', 'examples/sms-api', '--at', '2026-11-28', '--format', 'csv', '--out', `${out}/inventory.csv`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote the csv inventory of \d+ stores to .*inventory\.csv/);
  });

  it('colours only when asked: FORCE_COLOR colours a pipe, NO_COLOR wins over it', () => {
    const forced = runCli(['check', 'examples/sms-api/terraform', '--at', '2026-11-28'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[31merror/);
    const both = runCli(['check', 'examples/sms-api/terraform', '--at', '2026-11-28'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stdout).not.toMatch(/\u001b\[/);
    const pipe = runCli(['check', 'examples/sms-api/terraform', '--at', '2026-11-28'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(pipe.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('a repository outside the current folder', () => {
  it('check ../other and inventory ../other analyse that folder with its own policy, paths relative to it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-other-'));
    const other = path.join(dir, 'billing');
    mkdirSync(path.join(other, 'db'), { recursive: true });
    cpSync(path.join(REPO, 'policy'), path.join(other, 'policy'), { recursive: true });
    writeFileSync(path.join(other, 'db', 'V1__t.sql'), 'CREATE TABLE t (id bigint, email text);\n');
    mkdirSync(path.join(dir, 'here'));
    const r = runCli(['check', '../billing', '--at', '2026-11-28', '--format', 'json'], { cwd: path.join(dir, 'here') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const files = (JSON.parse(r.stdout) as { findings: Array<{ file: string; ruleId: string }> }).findings.filter((f) => f.ruleId === 'unclassified-personal-data').map((f) => f.file);
    expect(files).toEqual(['db/V1__t.sql']);
    // It used to be skipped with a warning and exit 0.
    expect(r.stdout).not.toMatch(/outside the repository root/);
    const inv = runCli(['inventory', other, '--at', '2026-11-28', '--format', 'csv'], { cwd: REPO });
    expect(inv.code).toBe(0);
    expect(inv.stdout).toContain('(none),public.t.email,column,sql,db/V1__t.sql:1,');
  });
});

describe('hostile file names in every reporter', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-names-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  const folder = path.join(dir, 'db', 'we|ird<b>`x`');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'V1__a|b.sql'), 'CREATE TABLE logins (id bigint, email text);\n');
  writeFileSync(path.join(dir, 'db', 'esc\u001b[2Jape\u202Egnp.sql'), 'CREATE TABLE logins2 (id bigint, email text);\n');

  it('markdown: no raw HTML, no table break, no code span opened by the name', () => {
    const r = runCli(['check', 'db', '--at', '2026-11-28', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(1);
    const row = r.stdout.split('\n').find((l) => l.includes('V1\\_\\_a'))!;
    expect(row).toContain('db/we\\|ird&lt;b&gt;\\`x\\`/V1\\_\\_a\\|b.sql:1:');
    // A table row of four cells: the only unescaped pipes are the cell borders.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(r.stdout).not.toMatch(/<b>|\u001b|\u202E/);
  });

  it('stylish: the file heading carries no escape sequence or bidi control', () => {
    const r = runCli(['check', 'db', '--at', '2026-11-28'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202E]/);
    expect(r.stdout).toContain('<U+202E>');
  });

  it('github: the file property escapes nothing it need not, and the command stays on one line', () => {
    const r = runCli(['check', 'db', '--at', '2026-11-28', '--format', 'github'], { cwd: dir });
    const line = r.stdout.split('\n').find((l) => l.includes('V1__a'))!;
    expect(line).toMatch(/^::error file=db\/we\|ird<b>`x`\/V1__a\|b\.sql,line=1,col=\d+,title=policyproof unclassified-personal-data::column public\.logins\.email/);
  });
});
