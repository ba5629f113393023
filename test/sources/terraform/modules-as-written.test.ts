/** Terraform as reusable modules are written (issue 12): sources normalised, installed modules, one finding per provider. */
import { describe, expect, it } from 'vitest';
import { scanTerraform } from '../../../src/sources/terraform/index.js';
import { moduleDir } from '../../../src/sources/terraform/index.js';
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
