/** A column declared in a migration and in the ORM entity that maps it is one store and one finding. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-stores-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const entity = [
  "import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';",
  '',
  "@Entity('customers')",
  'export class Customer {',
  '  @PrimaryGeneratedColumn() id!: number;',
  '  @Column() email!: string;',
  '  @Column() nickname!: string;',
  '  @Column() defaultShippingAddress!: boolean;',
  '}',
  '',
].join('\n');

type Finding = { ruleId: string; message: string; file: string; line: number };

describe('one store per column', () => {
  it('reports a column of a migration and an entity once, at the migration that created it; an entity-only column at the entity', () => {
    const dir = repo({
      'db/migrations/V1__customers.sql': 'CREATE TABLE customers (\n  id bigserial,\n  created_at timestamptz\n);\n',
      'db/migrations/V2__email.sql': 'ALTER TABLE customers ADD COLUMN email text;\n',
      'src/customer.entity.ts': entity,
    });
    const r = runCli(['check', '--at', '2026-11-28', '--format', 'json', '--fail-on', 'error'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'unclassified-personal-data');
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message.split(' looks like')[0]}`)).toEqual([
      'db/migrations/V2__email.sql:1 column public.customers.email',
      'src/customer.entity.ts:7 property Customer.nickname',
    ]);
    const inv = JSON.parse(runCli(['inventory', '--at', '2026-11-28', '--format', 'json'], { cwd: dir }).stdout) as { stores: Array<{ store: string }> };
    expect(inv.stores.filter((s) => /email/.test(s.store)).map((s) => s.store)).toEqual(['public.customers.email']);
  });

  it("reads a Django model's columns in the context of its class name, not of the table Django derives", () => {
    const dir = repo({
      'site/models.py': [
        'from django.db import models',
        '',
        'class SiteSettings(models.Model):',
        '    support_email = models.EmailField()',
        '    from_email = models.EmailField()',
        '',
        'class ContactPerson(models.Model):',
        '    name = models.CharField(max_length=100)',
        '',
      ].join('\n'),
    });
    const r = runCli(['check', '--at', '2026-11-28', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'unclassified-personal-data');
    // site_sitesettings and site_contactperson have lost their words; SiteSettings is settings, ContactPerson people
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['site/models.py:8']);
  });

  it('keeps every property of an entity whose table no migration defines', () => {
    const dir = repo({ 'src/customer.entity.ts': entity });
    const r = runCli(['check', '--at', '2026-11-28', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'unclassified-personal-data');
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['src/customer.entity.ts:6', 'src/customer.entity.ts:7']);
  });
});
