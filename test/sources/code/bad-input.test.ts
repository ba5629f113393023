import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { SourceResult } from '../../../src/core/types.js';
import { scanCode, type CodeScanOptions } from '../../../src/sources/code/index.js';
import { repo } from '../typescript/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function scan(files: Record<string, string | Buffer>, opts: CodeScanOptions = {}) {
  const r = repo(files);
  cleanups.push(r.cleanup);
  return scanCode(r.ctx, opts);
}

const notes = (r: SourceResult) => r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line} ${d.message}`);
const ids = (r: SourceResult) => r.stores.map((s) => s.id);

test('a syntax error is a parse-error at its line; what the parser recovered is still read', async () => {
  const { result } = await scan({
    'app/broken.py': ['# @retention debug-data.max', 'DEBUG_DAYS = 14', '', 'def oops(:', '    pass', '', '# @category abuse', 'BLOCKED = 1', ''].join('\n'),
  });
  expect(notes(result)).toEqual(['parse-error app/broken.py:4 Python syntax error (missing )); the rest of the file was read as far as the parser recovered']);
  expect(ids(result)).toEqual(['code:app/broken.py#DEBUG_DAYS', 'code:app/broken.py#BLOCKED']);
});

test('a 5 MB string literal and binary bytes are skipped with a note; the other files are read', async () => {
  const huge = `# @category traffic-data\nPAYLOAD = "${'x'.repeat(5 * 1024 * 1024)}"\n`;
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 53) % 255)));
  const started = Date.now();
  const { result, stats } = await scan({
    'app/huge.py': huge, 'bin/blob.go': binary,
    'app/ok.go': 'package app\n\n// @category abuse\nvar Blocked = 1\n',
  });
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(notes(result)).toEqual([
    'skipped-file app/huge.py:1 5.0 MB is more than a hand-written source file holds (limit 1 MB): a bundle or generated file is not read',
    'skipped-file bin/blob.go:1 binary content (control bytes or invalid UTF-8), not source code; not read',
  ]);
  expect(ids(result)).toEqual(['code:app/ok.go#Blocked']);
  expect(stats).toMatchObject({ files: 3, parsed: 1, skipped: 2 });
});

test('a file with a long generated line (a Django migration\'s choices) is read: long lines make only JavaScript a bundle', async () => {
  const choices = Array.from({ length: 2000 }, (_, i) => `('c${i}', 'Choice number ${i}')`).join(', ');
  const text = `# @retention debug-data.max\nDEBUG_DAYS = 14\nCHOICES = [${choices}]\n`;
  expect(text.length / 3).toBeGreaterThan(500);
  const { result } = await scan({ 'app/choices.py': text });
  expect(result.diagnostics).toEqual([]);
  expect(result.stores.map((s) => `${s.id} ${s.retention[0]?.duration?.text}`)).toEqual(['code:app/choices.py#DEBUG_DAYS P14D']);
});

test('a few invalid UTF-8 bytes in a comment do not stop the tags of the file from being read', async () => {
  const body = Array.from({ length: 40 }, (_, i) => `def handler_${i}(request):\n    return render(request, "page_${i}.html")\n`).join('\n');
  const text = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from(`\n# @retention debug-data.max\nDEBUG_DAYS = 14\n\n${body}`)]);
  const { result } = await scan({ 'app/latin1.py': text });
  expect(result.diagnostics).toEqual([]);
  expect(result.stores.map((s) => `${s.id} ${s.location.line} ${s.retention[0]?.duration?.text}`)).toEqual(['code:app/latin1.py#DEBUG_DAYS 3 P14D']);
});

test('code nested 50,000 levels deep is read without overflowing the stack; the constant is unknown, not a crash', async () => {
  const deep = `# @retention debug-data.max\nDEBUG_DAYS = ${'(\n'.repeat(50_000)}14${')\n'.repeat(50_000)}\n\n# @category abuse\nBLOCKED = 1\n`;
  const { result } = await scan({ 'app/deep.py': deep });
  const constant = result.stores.find((s) => s.id === 'code:app/deep.py#DEBUG_DAYS');
  expect(constant?.retention[0]).toMatchObject({ status: 'unknown', reason: 'the expression is nested more than 100 levels deep' });
  expect(ids(result)).toContain('code:app/deep.py#BLOCKED');
});

test('a parse that takes longer than its budget is given up with a note at the file; the scan goes on', async () => {
  const { result } = await scan({ 'app/slow.py': `# @category abuse\nBLOCKED = 1\n${'x = [1, 2, 3]\n'.repeat(20_000)}` }, { parseBudgetMs: -1 });
  expect(notes(result)).toEqual(['parse-error app/slow.py:1 the parser gave up after -0.001 s; file not read']);
});

test('a grammar that fails to load is one note naming the language; the other languages are still checked', async () => {
  const notWasm = path.join(tmpdir(), `pp-not-a-grammar-${process.pid}.wasm`);
  writeFileSync(notWasm, 'this is not WebAssembly');
  cleanups.push(() => writeFileSync(notWasm, ''));
  const { result } = await scan(
    {
      'a/one.rb': '# @retention debug-data.max\nDEBUG_TTL = 14.days\n',
      'a/two.rb': '# @category abuse\nBLOCKED = 1\n',
      'b/ok.py': '# @retention debug-data.max\nDEBUG_DAYS = 14\n',
    },
    { wasm: { ruby: notWasm } },
  );
  expect(result.diagnostics).toHaveLength(1);
  expect(result.diagnostics[0]).toMatchObject({ code: 'skipped-file', location: { file: 'a/one.rb', line: 1 } });
  expect(result.diagnostics[0].message).toMatch(/^Ruby grammar \(pp-not-a-grammar-\d+\.wasm\) could not be loaded: .+; 2 Ruby files not read \(the other languages are checked\)$/);
  expect(ids(result)).toEqual(['code:b/ok.py#DEBUG_DAYS']);
});

test('the same repository scanned twice gives the same result, and the pre-filter changes nothing but speed', async () => {
  const files: Record<string, string> = {
    'svc/a.go': 'package svc\n\nimport "time"\n\n// @retention debug-data.max\nconst DebugTTL = 2 * Week\n\nconst Week = 7 * 24 * time.Hour\n',
    'svc/b.go': 'package svc\n\nfunc plain(x int) int { return x * 2 }\n',
    'jobs/c.py': 'def purge(cur):\n    cur.execute("DELETE FROM calls WHERE created_at < now() - interval \'60 days\'")\n',
    'jobs/d.py': 'def plain(x):\n    return x * 2\n',
  };
  const r = repo(files);
  cleanups.push(r.cleanup);
  const first = await scanCode(r.ctx);
  const second = await scanCode(r.ctx);
  const unfiltered = await scanCode(r.ctx, { prefilter: false });
  expect(second.result).toEqual(first.result);
  expect(unfiltered.result).toEqual(first.result);
  expect(first.stats).toMatchObject({ files: 4, parsed: 2 });
  expect(unfiltered.stats).toMatchObject({ files: 4, parsed: 4 });
  expect(first.result.stores.map((s) => `${s.id} ${s.retention.map((e) => e.duration?.text).join()}`)).toEqual([
    'sql:table:public.calls P60D',
    'code:svc/a.go#DebugTTL P14D',
  ]);
});

test('a source file that is an ERB template (a generator\'s templates/migration.rb) gives no syntax error; a broken file still does', async () => {
  const { result } = await scan({
    'lib/generators/plugin/templates/migration.rb': 'class <%= @migration_class_name %> < ActiveRecord::Migration[7.0]\n  def change\n    create_table :<%= @table_name %> do |t|\n<% attributes.each do |attribute| -%>\n      t.<%= attribute.type %> :<%= attribute.name %>\n<% end -%>\n    end\n  end\nend\n',
    'app/models/broken.rb': '# @category abuse\nPAGE = "<%= name %>"\nBLOCKED = [1, 2\n',
  });
  // (an ERB tag in a string of an ordinary file hides none of its errors)
  expect(notes(result)).toEqual([expect.stringMatching(/^parse-error app\/models\/broken\.rb:\d+ Ruby syntax error.*; the rest of the file was read as far as the parser recovered$/)]);
});
