import { describe, expect, it } from 'vitest';
import { evaluateRaw, Ref, Unknown, type Value } from '../../../src/sources/terraform/expr.js';

const vars: Record<string, Value> = { days: 7, env: 'prod', list: ['a', 'b'], map: { debug: 14, traffic: 60 }, flag: true };
const lookup = (root: string, steps: Array<string | number>): Value => {
  if (root === 'var') {
    let v: Value = vars[String(steps[0])] ?? new Unknown(`var.${String(steps[0])} has no value`);
    for (const s of steps.slice(1)) v = (v as Record<string, Value>)[s as string];
    return v;
  }
  if (root === 'aws_s3_bucket') return new Ref(`terraform:aws_s3_bucket.${String(steps[0])}`, steps.slice(1).map(String));
  return new Unknown(`${root} is not known`);
};
const ev = (raw: unknown): Value => evaluateRaw(raw, lookup);

describe('Terraform expressions as hcl2json returns them', () => {
  it.each<[unknown, Value]>([
    [14, 14],
    ['plain', 'plain'],
    ['${var.days}', 7],
    ['${var.days * 2}', 14],
    ['${var.days * 24 * 3600}', 604800],
    ['${(var.days + 3) / 2}', 5],
    ['${var.days % 4}', 3],
    ['${-var.days}', -7],
    ['${var.env}-logs', 'prod-logs'],
    ['/${var.env}/${var.list[1]}', '/prod/b'],
    ['${var.map.traffic}', 60],
    ['${var.map["debug"]}', 14],
    ['${var.env == "prod" ? 60 : 14}', 60],
    ['${var.days > 5 && var.flag}', true],
    ['${!var.flag || false}', false],
    ['${min(var.days, 3)}', 3],
    ['${max(var.list...)}', new Unknown('a string is not a number')],
    ['${lookup(var.map, "nope", 1)}', 1],
    ['${format("%s-%d", var.env, 3)}', 'prod-3'],
    ['${join(",", var.list)}', 'a,b'],
    ['${length(var.list)}', 2],
    ['${merge(var.map, {extra = 1})["extra"]}', 1],
    ['${tonumber("42")}', 42],
    ['${"${var.env}-inner"}', 'prod-inner'],
    ['$${not.interpolated}', '${not.interpolated}'],
    [{ nested: '${var.days}' }, { nested: 7 }],
    ['${[for x in var.list : upper(x)]}', ['A', 'B']],
    ['${[for i, x in var.list : "${i}-${x}" if x != "a"]}', ['1-b']],
    ['${{for k, v in var.map : k => v * 2 if v > 20}}', { traffic: 120 }],
    ['${{for k, v in var.map : "all" => v...}}', { all: [14, 60] }],
    ['${length([for x in var.list : x])}', 2],
    [['${var.env}', 1], ['prod', 1]],
  ])('%j → %j', (raw, expected) => {
    expect(ev(raw)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['${var.missing}', /var.missing has no value/],
    ['${var.missing * 2}', /var.missing has no value/],
    ['${aws_s3_bucket.b.id}-x', /aws_s3_bucket.b.id is only known after apply/],
    ['${[for x in var.missing : x]}', /var.missing has no value/],
    ['${{for k, v in var.map : "same" => v}}', /produced the key "same" twice/],
    ['${var.list[*]}', /splat/],
    ['%{ if var.flag }x%{ endif }', /template directive/],
    ['${unknownfn(1)}', /unknownfn\(\) is not evaluated/],
    ['${var.days / 0}', /division by zero/],
    ['${var.days +}', /could not be read/],
    ['${' + '('.repeat(500) + '1' + ')'.repeat(500) + '}', /could not be read: expression nested too deeply/],
  ])('%s is unknown with its reason', (raw, reason) => {
    const v = ev(raw);
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).reason).toMatch(reason);
  });

  it('keeps a reference to another resource as a Ref (for linking)', () => {
    expect(ev('${aws_s3_bucket.b.id}')).toEqual(new Ref('terraform:aws_s3_bucket.b', ['id']));
  });
});
