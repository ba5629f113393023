import { describe, expect, it } from 'vitest';
import { commentAbove, outline } from '../../../src/sources/terraform/outline.js';

describe('HCL outline: positions the parser does not give', () => {
  it('finds blocks, nested blocks and attributes through strings, heredocs, comments and objects', () => {
    const text = `# top comment
resource "aws_s3_bucket_lifecycle_configuration" "x" {
  bucket = "a { not a block } \${upper("}")}"
  policy = <<-EOT
    {
      "days": 999, rule { x = 1 }
    }
  EOT
  tags = {
    a = "b" # a comment with { braces
  }
  /* rule {
     expiration { days = 1 } */
  rule {
    filter { prefix = "logs/" }
    expiration {
      days = 30
    }
  }
  rule { expiration { days = 7 } }
}
locals { a = 1 }
`;
    const [res, locals] = outline(text);
    expect(res).toMatchObject({ type: 'resource', labels: ['aws_s3_bucket_lifecycle_configuration', 'x'], line: 2, column: 1, endLine: 21 });
    expect([...res.attributes.entries()]).toEqual([
      ['bucket', { line: 3, column: 3 }],
      ['policy', { line: 4, column: 3 }],
      ['tags', { line: 9, column: 3 }],
    ]);
    expect(res.blocks.map((b) => `${b.type}@${b.line}`)).toEqual(['rule@14', 'rule@20']);
    const [first, second] = res.blocks;
    expect(first.blocks.map((b) => `${b.type}@${b.line}`)).toEqual(['filter@15', 'expiration@16']);
    expect(first.blocks[1].attributes.get('days')).toEqual({ line: 17, column: 7 });
    expect(first.blocks[0].attributes.get('prefix')).toEqual({ line: 15, column: 14 });
    expect(second.blocks[0].attributes.get('days')).toEqual({ line: 20, column: 23 });
    expect(locals).toMatchObject({ type: 'locals', line: 22 });
    expect(locals.attributes.get('a')).toEqual({ line: 22, column: 10 });
  });

  it('survives unterminated strings and stray braces without hanging', () => {
    const blocks = outline('resource "a" "b" {\n  x = "unterminated\n  y = 1\n}\n}}}\nresource "c" "d" {\n  z = 2\n}\n');
    expect(blocks.map((b) => `${b.labels.join('.')}@${b.line}`)).toEqual(['a.b@1', 'c.d@6']);
  });

  it('reads the comment lines directly above a block, not across a blank line', () => {
    const lines = ['# far away', '', '# @category debug-data', '// second', 'resource "a" "b" {}'];
    expect(commentAbove(lines, 5)).toEqual([
      { text: '@category debug-data', line: 3, column: 3 },
      { text: 'second', line: 4, column: 4 },
    ]);
    expect(commentAbove(lines, 3)).toBeUndefined();
  });
});
