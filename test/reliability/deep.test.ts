/**
 * Pathologically deep input (issue 11, "every recursion has a depth bound or is iterative") and huge
 * Terraform lines and files: each row feeds one source a nesting (or a size) far past any real
 * file's and asserts what a user sees — no crash
 * and no "Maximum call stack size exceeded" anywhere, a note (or an unknown) with the reason at the
 * file, and the rest of the scan going on (a known finding elsewhere is still reported).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

interface Finding {
  ruleId: string;
  file?: string;
  line?: number;
  message: string;
}

interface Row {
  name: string;
  files: Record<string, string>;
  /** the note or unknown that must be given: rule, file and message */
  note: { rule: string; file: string; message: RegExp; line?: number };
  /** findings the rest of the scan must still give: rule and file */
  kept: Array<{ rule: string; file: string }>;
}

const lines = (s: string, n: number) => Array.from({ length: n }, () => s).join('\n');
const nest = (open: string, inner: string, close: string, n: number) => open.repeat(n) + inner + close.repeat(n);

const SQL_KEPT = { 'db/V9__stats.sql': `-- @category statistics\nCREATE TABLE daily_stats (id bigint, sender_phone_number text);\n` };
const TF_KEPT = { 'terraform/main.tf': `# @category debug-data\nresource "aws_cloudwatch_log_group" "kept" {\n  name = "kept"\n}\n` };
const TS_KEPT = { 'src/kept.ts': `/** @retention debug-data.max */\nexport const KEPT_DAYS = 30;\n` };

const ROWS: Row[] = [
  {
    name: 'SQL: 100,000-deep parentheses',
    files: { 'db/V1__deep.sql': `SELECT ${nest('(', '1', ')', 100_000)};\n`, ...SQL_KEPT },
    note: { rule: 'source-error', file: 'db/V1__deep.sql', message: /could not be parsed: PostgreSQL rejects this statement/ },
    kept: [{ rule: 'forbidden-data-type', file: 'db/V9__stats.sql' }],
  },
  {
    name: 'SQL: a 3,000-deep CHECK in a categorised table (under the parser limit: the table is still read)',
    files: {
      'db/V1__deep.sql': `-- @category statistics\nCREATE TABLE deep_stats (id bigint CHECK (${nest('(', 'id > 1', ')', 3000)}), sender_phone_number text);\n`,
      'db/V2__chain.sql': `DELETE FROM deep_stats WHERE id < ${lines('1 +', 5000)} 1;\n`,
    },
    note: { rule: 'forbidden-data-type', file: 'db/V1__deep.sql', message: /deep_stats\.sender_phone_number/ },
    kept: [],
  },
  {
    name: 'SQL: a 100,000-long cast chain and a 100,000-term sum',
    files: {
      'db/V1__deep.sql': `-- @category statistics\nCREATE TABLE t (id bigint, sender_phone_number text, created_at timestamptz);\nDELETE FROM t WHERE created_at < now() - '1 day'${'::interval'.repeat(100_000)};\nSELECT ${'1 + '.repeat(100_000)}1;\n`,
    },
    note: { rule: 'source-error', file: 'db/V1__deep.sql', line: 3, message: /the statement is nested too deeply to read/ },
    kept: [{ rule: 'forbidden-data-type', file: 'db/V1__deep.sql' }],
  },
  {
    name: 'Terraform: a 24,000-term sum and a 30,000-deep negation as retention (chains parsed in loops)',
    files: {
      'terraform/deep.tf': `# @category debug-data\nresource "aws_cloudwatch_log_group" "a" {\n  name = "a"\n  retention_in_days = ${'1 + '.repeat(24_000)}1\n}\n`,
      'terraform/0-not.tf': `# @category debug-data\nresource "aws_cloudwatch_log_group" "n" {\n  name = "n"\n  retention_in_days = ${'-'.repeat(30_000)}1\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`,
      'terraform/deep.tf.json': `{"resource":{"aws_cloudwatch_log_group":{"b":{"//":"@category debug-data","name":"b","retention_in_days":"\${${'1 + '.repeat(100_000)}1}"}}}}`,
      ...TF_KEPT,
    },
    note: { rule: 'retention-unknown', file: 'terraform/deep.tf', message: /could not be read: expression nested more than 1000 levels deep/ },
    kept: [
      { rule: 'retention-unknown', file: 'terraform/deep.tf.json' },
      { rule: 'source-error', file: 'terraform/0-not.tf' },
      { rule: 'retention-forever', file: 'terraform/0-not.tf' },
      { rule: 'retention-forever', file: 'terraform/main.tf' },
    ],
  },
  {
    name: '.tf.json: a resource 50,000 levels deep',
    files: {
      'terraform/deep.tf.json': `{"resource":{"aws_cloudwatch_log_group":{"a":{"name":"a","tags":${nest('[', '', ']', 50_000)}},"b":{"//":"@category debug-data","name":"b"}}}}`,
      ...TF_KEPT,
    },
    note: { rule: 'source-error', file: 'terraform/deep.tf.json', message: /aws_cloudwatch_log_group\.a is nested more than 256 levels deep; it was not read, the rest of the file was/ },
    kept: [
      { rule: 'retention-forever', file: 'terraform/deep.tf.json' },
      { rule: 'retention-forever', file: 'terraform/main.tf' },
    ],
  },
  {
    name: '.tf.json: a local 50,000 levels deep of objects',
    files: { 'terraform/locals.tf.json': `{"locals":{"x":${nest('{"a":', '1', '}', 50_000)},"y":1}}`, ...TF_KEPT },
    note: { rule: 'source-error', file: 'terraform/locals.tf.json', message: /locals x is nested more than 256 levels deep/ },
    kept: [{ rule: 'retention-forever', file: 'terraform/main.tf' }],
  },
  {
    name: '.tfvars.json: a variable 50,000 levels deep',
    files: { 'terraform/prod.tfvars.json': `{"days":${nest('[', '30', ']', 50_000)}}`, 'terraform/vars.tf': `variable "days" {\n  default = 30\n}\n`, ...TF_KEPT },
    note: { rule: 'source-error', file: 'terraform/prod.tfvars.json', message: /variable days is nested more than 256 levels deep/ },
    kept: [{ rule: 'retention-forever', file: 'terraform/main.tf' }],
  },
  {
    name: 'Terraform: an expression in 20,000 parentheses',
    files: {
      'terraform/deep.tf': `locals {\n  x = ${nest('(', '1', ')', 20_000)}\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`,
      ...TF_KEPT,
    },
    note: { rule: 'source-error', file: 'terraform/deep.tf', line: 1, message: /a block nested more than 256 levels deep \(20001\); this block was not parsed, the rest of the file was/ },
    kept: [
      { rule: 'retention-forever', file: 'terraform/deep.tf' },
      { rule: 'retention-forever', file: 'terraform/main.tf' },
    ],
  },
  {
    name: 'Terraform: a 3,000-deep conditional as retention',
    files: {
      'terraform/deep.tf': `# @category debug-data\nresource "aws_cloudwatch_log_group" "a" {\n  name = "a"\n  retention_in_days = ${'true ? '.repeat(3000)}30${' : 1'.repeat(3000)}\n}\n`,
      ...TF_KEPT,
    },
    note: { rule: 'retention-unknown', file: 'terraform/deep.tf', message: /could not be read: expression nested too deeply/ },
    kept: [{ rule: 'retention-forever', file: 'terraform/main.tf' }],
  },
  {
    name: 'Terraform: 20,000 conditionals nested across lines (no bracket counts them; the parser ran out of stack, then crashed the process)',
    files: {
      'terraform/deep.tf': `locals {\n  x = (\n${lines('true ?', 20_000)}\n1\n${lines(': 2', 20_000)}\n  )\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`,
      ...TF_KEPT,
    },
    note: { rule: 'source-error', file: 'terraform/deep.tf', line: 1, message: /a block with more than 5000 conditionals \(20000 "\?"\); this block was not parsed, the rest of the file was/ },
    kept: [
      { rule: 'retention-forever', file: 'terraform/deep.tf' },
      { rule: 'retention-forever', file: 'terraform/main.tf' },
    ],
  },
  {
    name: 'TypeScript: a 5,000-deep conditional in a @retention constant',
    files: { 'src/retention.ts': `/** @retention debug-data.max */\nexport const DEBUG_DAYS =\n${lines('true ?', 5000)}\n30\n${lines(': 1', 5000)};\n`, ...TS_KEPT },
    note: { rule: 'source-error', file: 'src/retention.ts', message: /nested too deeply for the parser; file not read/ },
    kept: [{ rule: 'retention-exceeds-max', file: 'src/kept.ts' }],
  },
  {
    name: 'TypeScript: a 5,000-term sum in a @retention constant',
    files: { 'src/retention.ts': `/** @retention debug-data.max */\nexport const DEBUG_DAYS =\n${lines('1 +', 5000)}\n30;\n`, ...TS_KEPT },
    note: { rule: 'retention-unknown', file: 'src/retention.ts', message: /nested more than 100 levels deep/ },
    kept: [{ rule: 'retention-exceeds-max', file: 'src/kept.ts' }],
  },
  {
    name: 'TypeScript: a @retention constant through 20,000 parentheses',
    files: { 'src/retention.ts': `/** @retention debug-data.max */\nexport const DEBUG_DAYS =\n${lines('(', 20_000)}\n30\n${lines(')', 20_000)};\n`, ...TS_KEPT },
    note: { rule: 'source-error', file: 'src/retention.ts', message: /nested too deeply for the parser/ },
    kept: [{ rule: 'retention-exceeds-max', file: 'src/kept.ts' }],
  },
  {
    name: 'migration: a column type called through a 50,000-long call chain (the table is still read)',
    files: { 'migrations/20200101-create.js': `module.exports = { up: async (q, Sequelize) => { await q.createTable('users', { email: { type: Sequelize.STRING${'()\n'.repeat(50_000)} } }); } };\n` },
    note: { rule: 'unclassified-personal-data', file: 'migrations/20200101-create.js', message: /public\.users\.email/ },
    kept: [],
  },
  {
    name: 'Mongoose model and code migration nested 20,000 objects deep (the parser overflows: the file is a note, the run goes on)',
    files: {
      'models/user.js': `const mongoose = require('mongoose');\nconst s = new mongoose.Schema({ email: String, deep: ${'{ a:\n'.repeat(20_000)}1${'}\n'.repeat(20_000)} });\nmodule.exports = mongoose.model('User', s);\n`,
      'migrations/20200101-create.js': `module.exports = { up: async (q, Sequelize) => { await q.createTable('deep', { x: ${'{ a:\n'.repeat(20_000)}1${'}\n'.repeat(20_000)} }); } };\n`,
      'migrations/20200102-users.js': `module.exports = { up: async (q, Sequelize) => { await q.createTable('users', { email: { type: Sequelize.STRING } }); } };\n`,
      'prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n  url = env("X")\n}\n/// @category statistics\nmodel DailyStats {\n  id Int @id\n  senderPhoneNumber String\n}\n`,
    },
    note: { rule: 'source-error', file: 'models/user.js', message: /nested too deeply for the parser; file not read/ },
    kept: [
      { rule: 'source-error', file: 'migrations/20200101-create.js' },
      { rule: 'unclassified-personal-data', file: 'migrations/20200102-users.js' },
      { rule: 'forbidden-data-type', file: 'prisma/schema.prisma' },
    ],
  },
  {
    name: 'Python: a 50,000-line continued sum beside a model (the model is still read)',
    files: { 'app/models.py': `RETENTION_DAYS = ${Array.from({ length: 50_000 }, () => '1').join(' + \\\n')}\nclass User(models.Model):\n    email = models.EmailField()\n` },
    note: { rule: 'unclassified-personal-data', file: 'app/models.py', message: /User\.email/ },
    kept: [],
  },
  {
    name: 'Terraform: a 1,000,000-character comment line above a resource',
    files: { 'terraform/big.tf': `# ${'x'.repeat(1_000_000)}\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`, ...TF_KEPT },
    note: { rule: 'source-error', file: 'terraform/big.tf', line: 1, message: /a line of 1000002 characters \(over 100000\); this line was not parsed, the rest of the file was/ },
    kept: [
      { rule: 'retention-forever', file: 'terraform/big.tf' },
      { rule: 'retention-forever', file: 'terraform/main.tf' },
    ],
  },
  {
    name: 'Terraform: a 200,000-character attribute line takes its block only',
    files: {
      'terraform/big.tf': `resource "aws_cloudwatch_log_group" "long" {\n  name = "${'x'.repeat(200_000)}"\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`,
      ...TF_KEPT,
    },
    note: { rule: 'source-error', file: 'terraform/big.tf', line: 2, message: /a line of 200011 characters \(over 100000\); the block it is in \(lines 1–3\) was not parsed, the rest of the file was/ },
    kept: [{ rule: 'retention-forever', file: 'terraform/big.tf' }],
  },
  {
    name: 'Terraform: a 1.5 MB file is read without its one huge block',
    files: {
      'terraform/big.tf': `locals {\n  policy = <<EOT\n${lines('y'.repeat(1000), 1500)}\nEOT\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after" {\n  name = "after"\n}\n`,
      ...TF_KEPT,
    },
    note: { rule: 'source-error', file: 'terraform/big.tf', line: 1, message: /a block of \d+ characters \(lines 1–1504\) in a file over 1 MB; this block was not parsed, the rest of the file was/ },
    kept: [{ rule: 'retention-forever', file: 'terraform/big.tf' }],
  },
];

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(path.join(tmpdir(), 'policyproof-deep-'));
});

function check(name: string, files: Record<string, string>): { code: number | null; stdout: string; stderr: string; findings: Finding[] } {
  const dir = path.join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const r = runCli(['check', '.', '--policy', path.join(REPO, 'policy'), '--format', 'json', '--at', '2026-11-28'], { cwd: dir, timeout: 60_000 });
  const findings = r.code === 0 || r.code === 1 ? (JSON.parse(r.stdout) as { findings: Finding[] }).findings : [];
  return { ...r, findings };
}

describe('pathologically deep input: a reason, never a stack overflow, the rest read', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const r = check(row.name, row.files);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Maximum call stack size exceeded|RangeError|internal error/i);
    expect(r.code, r.stderr).toBe(1);
    const note = r.findings.find((f) => f.ruleId === row.note.rule && f.file === row.note.file && row.note.message.test(f.message));
    expect(note, r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message.slice(0, 160)}`).join('\n')).toBeDefined();
    if (row.note.line !== undefined) expect(note!.line).toBe(row.note.line);
    for (const k of row.kept) expect(r.findings.some((f) => f.ruleId === k.rule && f.file === k.file), `${k.rule} at ${k.file}`).toBe(true);
  });
});

describe('policy text nested deep (markdown lists in a YAML block scalar)', () => {
  const withList = (levels: number) => {
    const dir = mkdtempSync(path.join(root, 'policy-'));
    cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
    const file = path.join(dir, 'policy/versions/2018-05-20.yaml');
    const list = Array.from({ length: levels }, (_, i) => `        ${'  '.repeat(i)}- item ${i}`).join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace('        What data does 46elks store, and why?', `        What data does 46elks store, and why?\n\n${list}`));
    return dir;
  };

  it('200 levels: published, every item on the page, no stack overflow', () => {
    const dir = withList(200);
    const r = runCli(['publish', '--out', path.join(dir, 'site'), '--force', '--at', '2026-11-28'], { cwd: dir, timeout: 60_000 });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Maximum call stack size exceeded|RangeError/);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'site/en/2018-05-20/index.html'), 'utf8')).toContain('item 199');
  });

  it('600 levels: refused with the file and line, never a stack overflow', () => {
    const dir = withList(600);
    const r = runCli(['check', '.', '--format', 'json', '--at', '2026-11-28'], { cwd: dir, timeout: 60_000 });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Maximum call stack size exceeded|RangeError/);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\/versions\/2018-05-20\.yaml:\d+:\d+: collections nested more than 256 levels deep; refused without parsing/);
  });
});
