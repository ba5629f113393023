import { describe, expect, it } from 'vitest';
import { withoutFrontMatter } from '../../../src/sources/sql/sections.js';
import type { Diagnostic } from '../../../src/core/types.js';
import { isSqlTemplate, oneNotePerTemplate } from '../../../src/sources/sql/templates.js';
import { scanFiles } from './helpers.js';

describe('YAML front matter above SQL', () => {
  const sameShape = (a: string, b: string) => expect(a.split('\n').map((l) => l.length)).toEqual(b.split('\n').map((l) => l.length));
  it('is blanked, line breaks and lengths kept', () => {
    const text = '--- yaml frontmatter\ntitle: All balanced\ndescription: |\n  Must be: balanced\n---\n\nselect 1;\n';
    const out = withoutFrontMatter(text);
    sameShape(out, text);
    expect(out.trim()).toBe('select 1;');
  });
  it.each([
    ['a banner of --- comment lines', '---\n--- the schema\n---\nCREATE TABLE a (b int);\n'],
    ['a front matter that never closes', '---\ntitle: x\nCREATE TABLE a (b int);\n'],
    ['a --- line further down', 'CREATE TABLE a (b int);\n---\ntitle: x\n---\n'],
    ['a comment that merely starts with ---', '----- title: x\nCREATE TABLE a (b int);\n---\n'],
  ])('%s stays SQL', (_, text) => {
    expect(withoutFrontMatter(text)).toBe(text);
  });
});

describe('SQL templates', () => {
  it.each([
    ['[% IF v < "2.0" %]\nSELECT 1;\n[% END %]', true],
    ['{% if x %}SELECT 1{% endif %}', true],
    ['{{ if .Partitioned }}PARTITION BY RANGE (at){{ end }}', true],
    // placeholders alone are no control: a broken statement there stays a source-error
    ["SELECT * FROM {{ .Schema }}.users WHERE name LIKE '%x%'", false],
    ['SELECT * FROM t WHERE a LIKE \'%IF%\'', false],
  ])('%s: %s', (text, yes) => {
    expect(isSqlTemplate(text)).toBe(yes);
  });

  it('a template whose kept branches do not parse is one note at the first, and the rest is read', async () => {
    const r = await scanFiles({
      'sql/upgrade.sql': 'CREATE TABLE people (email text);\nSELECT a\n[% IF old %]\n  FROM x\n[% ELSE %]\n  FROM y\n[% END %]\n;\nSELECT b\n[% IF old %]\n  FROM x\n[% ELSE %]\n  FROM y\n[% END %]\n;\n',
      'sql/plain.sql': 'SELECT a FROM x FROM y;\n',
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual(['parse-error sql/plain.sql:1', 'template-not-rendered sql/upgrade.sql:6']);
    expect(r.diagnostics[1].message).toMatch(/^SQL template: .* 2 statements do not parse \(the first here: PostgreSQL rejects this statement: syntax error at or near "FROM"\)/);
    expect(r.stores.map((s) => s.id)).toContain('sql:column:public.people.email');
  });
});

describe('SQL in a dialect policyproof does not read', () => {
  it('is one note per file where its path names the dialect; what parses is read, other files keep their errors', async () => {
    const r = await scanFiles({
      'docker/oracle/startup/01_init.sql': 'WHENEVER SQLERROR EXIT SQL.SQLCODE;\nALTER SESSION SET CONTAINER = XEPDB1;\nCREATE TABLE subscribers (msisdn varchar(20));\nCREATE TABLESPACE app DATAFILE \'app.dbf\' SIZE 10M;\n',
      'db/migrations/0001_init.sql': 'CREATE TABLE a (b int,,);\n',
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual(['parse-error db/migrations/0001_init.sql:1', 'dialect-not-read docker/oracle/startup/01_init.sql:1']);
    expect(r.diagnostics[1].message).toMatch(/^Oracle SQL \(its path says so\): policyproof does not read Oracle, and 3 statements do not parse as another dialect \(the first here: PostgreSQL rejects this statement: syntax error at or near "WHENEVER"\); what parses is read$/);
    expect(r.stores.map((s) => s.id)).toContain('sql:column:public.subscribers.msisdn');
  });
});

describe('one note per template file', () => {
  it('gathers 60,000 parse errors of one file in one note without copying the list per error', () => {
    const diagnostics: Diagnostic[] = Array.from({ length: 60_000 }, (_, i) => ({ code: 'parse-error', message: `bad ${i}`, location: { file: 't.sql', line: i + 1, column: 1 } }));
    diagnostics.push({ code: 'parse-error', message: 'other', location: { file: 'o.sql', line: 3, column: 1 } });
    oneNotePerTemplate(diagnostics, 0, new Set(['t.sql']));
    expect(diagnostics.map((d) => [d.code, d.location.file, d.location.line])).toEqual([['parse-error', 'o.sql', 3], ['template-not-rendered', 't.sql', 1]]);
    expect(diagnostics[1]!.message).toContain('60000 statements do not parse (the first here: bad 0)');
  }, 4000);
});
