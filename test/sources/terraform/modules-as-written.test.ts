/** Terraform as reusable modules are written (issue 12): sources normalised, installed modules, one finding per provider. */
import { describe, expect, it } from 'vitest';
import { scanTerraform } from '../../../src/sources/terraform/index.js';
import { moduleDir } from '../../../src/sources/terraform/index.js';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryContext, scan } from './context.js';

describe('module sources', () => {
  it.each([
    ['envs/prod', '../../', '.'],
    ['envs/prod', '../../modules/logs/', 'modules/logs'],
    ['.', './', '.'],
    ['.', './modules//logs', 'modules/logs'],
    ['a/b', '../c', 'a/c'],
  ])('%s + %s → %s', (from, source, dir) => {
    expect(moduleDir(from, source)).toBe(dir);
  });

  it('a module called with a trailing slash is read; a registry module is one note per distinct source', async () => {
    const r = await scan({
      'main.tf': 'resource "aws_sqs_queue" "q" {\n  message_retention_seconds = 3600\n}\n',
      'envs/prod/main.tf': [
        'provider "aws" {\n  region = "eu-north-1"\n}',
        'module "root" {\n  source = "../../"\n}',
        'module "a" {\n  source = "terraform-aws-modules/sqs/aws"\n}',
        'module "b" {\n  source = "terraform-aws-modules/sqs/aws"\n}',
      ].join('\n'),
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual(['module-not-read envs/prod/main.tf:8']);
    expect(r.stores.map((s) => `${s.id} ${s.jurisdiction?.region}`)).toEqual(['terraform:envs/prod/module.root/aws_sqs_queue.q eu-north-1']);
  });

  it('a registry module `terraform init` fetched is read from .terraform/modules (modules.json maps the call to its folder)', async () => {
    const r = await scan({
      'main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\nmodule "queue" {\n  source = "terraform-aws-modules/sqs/aws"\n  days = 2\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'queue', Source: 'registry.terraform.io/terraform-aws-modules/sqs/aws', Dir: '.terraform/modules/queue' }] }),
      '.terraform/modules/queue/main.tf': 'variable "days" {}\nresource "aws_sqs_queue" "this" {\n  message_retention_seconds = var.days * 86400\n}\n',
    });
    expect(r.diagnostics).toEqual([]);
    const q = r.stores.find((s) => s.id.endsWith('aws_sqs_queue.this'))!;
    expect(q.retention.map((e) => e.duration?.seconds)).toEqual([172800]);
    expect(q.jurisdiction?.region).toBe('eu-west-1');
  });
});

describe('.terraform/modules read from disk (git-ignored, not among the scanned files)', () => {
  it('reads the folders modules.json names below .terraform/modules, never through a symbolic link or outside the repository', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'pp-tf-'));
    try {
      const repo = path.join(base, 'repo');
      const outside = path.join(base, 'outside');
      mkdirSync(path.join(repo, '.terraform/modules/queue'), { recursive: true });
      mkdirSync(outside);
      const queue = 'variable "days" {}\nresource "aws_sqs_queue" "this" {\n  message_retention_seconds = var.days * 86400\n}\n';
      writeFileSync(path.join(repo, '.terraform/modules/queue/main.tf'), queue);
      writeFileSync(path.join(outside, 'main.tf'), queue.replace('"this"', '"stolen"'));
      symlinkSync(outside, path.join(repo, '.terraform/modules/linked'));
      mkdirSync(path.join(repo, '.terraform/modules/inner'));
      symlinkSync(path.join(outside, 'main.tf'), path.join(repo, '.terraform/modules/inner/main.tf'));
      writeFileSync(path.join(repo, '.terraform/modules/modules.json'), JSON.stringify({ Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'queue', Source: 'registry.terraform.io/terraform-aws-modules/sqs/aws', Dir: '.terraform/modules/queue' },
        { Key: 'linked', Source: 'git::https://example.com/x.git', Dir: '.terraform/modules/linked' },
        { Key: 'inner', Source: 'git::https://example.com/y.git', Dir: '.terraform/modules/inner' },
        { Key: 'escape', Source: 'git::https://example.com/z.git', Dir: '../outside' },
      ] }));
      const calls = ['queue', 'linked', 'inner', 'escape'].map((m) => `module "${m}" {\n  source = "example/${m}/aws"\n  days = 2\n}\n`).join('');
      writeFileSync(path.join(repo, 'main.tf'), `provider "aws" {\n  region = "eu-west-1"\n}\n${calls}`);
      // as the engine lists them: .terraform is never among the scanned files
      const { readTextFile } = await import('../../../src/engine/files.js');
      const r = await scanTerraform({ root: repo, files: ['main.tf'], log: () => {}, read: async (f) => { const x = await readTextFile(repo, f); return x.text ?? x.diagnostic!; } });
      expect(r.stores.map((s) => s.id)).toEqual(['terraform:module.queue/aws_sqs_queue.this']);
      expect(r.stores[0].retention.map((e) => e.duration?.seconds)).toEqual([172800]);
      // the linked folders are not read (nothing of `stolen`), the escaping one is named as outside the repository
      expect(r.diagnostics.map((d) => `${d.code} ${d.location.line} ${/holds no \.tf files|outside the repository/.exec(d.message)?.[0]}`)).toEqual([
        'unresolved 9 holds no .tf files', 'unresolved 13 holds no .tf files', 'unresolved 17 outside the repository',
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('regions of a module meant to be called', () => {
  it('no provider block: one unknown location for the module, not one per resource; policyproof.yaml can state it', async () => {
    const files = {
      'modules/queues/main.tf': 'resource "aws_sqs_queue" "a" {}\nresource "aws_sqs_queue" "b" {}\nresource "aws_s3_bucket" "c" {}\n',
    };
    const r = await scan(files);
    const where = new Set(r.stores.filter((s) => s.jurisdiction).map((s) => `${s.jurisdiction!.status} ${s.jurisdiction!.location.file}:${s.jurisdiction!.location.line}`));
    expect([...where]).toEqual(['unknown modules/queues/main.tf:1']);
    const stated = await scanTerraform({ ...memoryContext(files), terraformRegions: { aws: 'eu-north-1' } });
    expect(stated.stores.filter((s) => s.jurisdiction).map((s) => `${s.jurisdiction!.status} ${s.jurisdiction!.region}`)).toEqual(['known eu-north-1', 'known eu-north-1', 'known eu-north-1']);
  });
});
