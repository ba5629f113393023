import { afterEach, expect, test } from 'vitest';
import { scanTypeScript } from '../../../src/sources/typescript/index.js';
import type { SourceResult } from '../../../src/core/types.js';
import { tempScanner } from './helpers.js';

const scan = tempScanner();

const summary = (r: SourceResult) => r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line} ${d.message}`);

test('a syntax error is a parse-error at its line; what the parser recovered is still read', async () => {
  const r = await scan({
    'src/broken.ts': [
      '/** @category traffic-data */',
      'export interface Call { fromNumber: string }',
      'export const broken = 60 *;',
      'export function oops() { return }}',
      '/** @retention traffic-data.max */',
      'export const TRAFFIC_DAYS = 60;',
    ].join('\n'),
  });
  expect(summary(r)).toEqual([
    "parse-error src/broken.ts:3 syntax error: Expression expected. (and 1 more); the rest of the file was read as far as the parser recovered",
  ]);
  expect(r.stores.map((s) => s.id)).toEqual(['ts:src/broken.ts#Call', 'ts:src/broken.ts#Call.fromNumber', 'ts:src/broken.ts#TRAFFIC_DAYS']);
});

test('a 5 MB minified bundle is skipped with a reason, and so is a long-lined minified file under 1 MB', async () => {
  const statement = 'var a=function(b){return b*2/*@category traffic-data*/};';
  const big = statement.repeat(Math.ceil((5 * 1024 * 1024) / statement.length));
  const minified = statement.repeat(2000); // ~110 KB on one line
  const started = Date.now();
  const r = await scan({ 'public/vendor.js': big, 'src/vendor/lib.js': minified, 'src/lib.min.js': 'var x=1;/*@retention traffic-data.max*/var DAYS=60;' });
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(summary(r)).toEqual([
    'skipped-file public/vendor.js:1 5.0 MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read',
    'skipped-file src/lib.min.js:1 a minified file (.min.js); not read',
    `skipped-file src/vendor/lib.js:1 minified code (lines average ${minified.length} characters); not read`,
  ]);
  expect(r.stores).toEqual([]);
});

test('a minified library whose code merely looks like an ORM call (an editor\'s table.createTable) is left out quietly; a tag in one is still a warning', async () => {
  const editor = `/*! Editor v1 | MIT */\n!function(t){var u={table:{createTable:function(r,c){return r*c}}};t.insertTable=function(e){return u.table.createTable(e[0],e[1])}}(this);${'var a=1;'.repeat(300)}`;
  const r = await scan({ 'public/js/editor.min.js': editor, 'public/js/tagged.min.js': 'var x=1;/*@retention traffic-data.max*/var DAYS=60;', 'src/big-orm.js': `${'// generated\n'.repeat(90_000)}export const T = pgTable('users', {});\n` });
  expect(summary(r)).toEqual([
    'skipped-file public/js/tagged.min.js:1 a minified file (.min.js); not read',
    'skipped-file src/big-orm.js:1 1.1 MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read',
  ]);
});

test('binary bytes with a .ts name are skipped, with or without NUL bytes', async () => {
  const withNul = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
  const noNul = Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 53) % 255)));
  const r = await scan({ 'src/blob.ts': withNul, 'src/noise.ts': noNul, 'src/ok.ts': '/** @category abuse */ export const blocked = 1;' });
  const codes = r.diagnostics.map((d) => `${d.location.file} ${d.code}`);
  expect(codes).toContain('src/blob.ts skipped-file');
  expect(codes).toContain('src/noise.ts skipped-file');
  expect(r.diagnostics.filter((d) => d.location.file === 'src/noise.ts').map((d) => d.message)).toContain('binary content (control bytes or invalid UTF-8), not source code; not read');
  expect(r.stores.map((s) => s.id)).toEqual(['ts:src/ok.ts#blocked']);
});

test('nesting too deep for the parser is a parse-error for that file; the other files are read', async () => {
  const deep = `/** @retention traffic-data.max */\nexport const X_DAYS = ${'(\n'.repeat(100_000)}1${')\n'.repeat(100_000)};\n`;
  const r = await scan({ 'src/deep.ts': deep, 'src/ok.ts': '/** @category abuse */ export const blocked = 1;' });
  expect(summary(r)).toEqual(['parse-error src/deep.ts:1 the code is nested too deeply for the parser; file not read']);
  expect(r.stores.map((s) => s.id)).toEqual(['ts:src/ok.ts#blocked']);
});

test('the same repository scanned twice gives the same result, and the pre-filter changes nothing but speed', async () => {
  const files: Record<string, string> = {
    'src/a.ts': '/** @category traffic-data */\nexport interface A { ip: string }\n',
    'src/b.ts': "export const q = `DELETE FROM calls WHERE created_at < now() - interval '60 days'`;\n",
    'src/c.ts': 'export function plain(x: number) { return x * 2; }\n',
    'src/d.ts': "/** @retention debug-data.max */ export const DEBUG_DAYS = WEEK * 2;\nimport { WEEK } from './e';\n",
    'src/e.ts': 'export const WEEK = 7;\n',
    'src/f.ts': 'export const x = ;\n', // a syntax error in a file with nothing to read
  };
  const r = scan.repo(files);
  const first = await scanTypeScript(r.ctx);
  const second = await scanTypeScript(r.ctx);
  const unfiltered = await scanTypeScript(r.ctx, { prefilter: false });
  expect(second.result).toEqual(first.result);
  expect(first.stats).toMatchObject({ files: 6, parsed: 3 });
  expect(unfiltered.stats).toMatchObject({ files: 6, parsed: 6 });
  // Parsing every file adds only what a file without tags, SQL or ORM tables can add: its syntax errors.
  expect({ ...unfiltered.result, diagnostics: unfiltered.result.diagnostics.filter((d) => d.location.file !== 'src/f.ts') }).toEqual(first.result);
  expect(unfiltered.result.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual(['parse-error src/f.ts:1']);
});
