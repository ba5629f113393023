/** The text layer: bytes → text once, one line splitter, one line/column index, per-block depth limits. */
import { describe, expect, it } from 'vitest';
import { refuseDeepBlocks } from '../../src/core/nesting.js';
import { describeChar, LineIndex, maskUnicodeBreaks, splitLines, toText } from '../../src/core/text.js';
import { yamlTooDeep } from '../../src/core/yaml-depth.js';

const TEXT = 'a: 1\nb: é\n';
const be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('toText', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT), 'utf-8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8', true],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le', true],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be(TEXT)]), 'utf-16be', true],
    ['UTF-16LE by pattern', Buffer.from(TEXT, 'utf16le'), 'utf-16le', false],
    ['UTF-16BE by pattern', be(TEXT), 'utf-16be', false],
    ['CRLF', Buffer.from(TEXT.replace(/\n/g, '\r\n')), 'utf-8', false],
    ['lone CR', Buffer.from(TEXT.replace(/\n/g, '\r')), 'utf-8', false],
    ['UTF-16LE, BOM and CRLF (PowerShell >)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT.replace(/\n/g, '\r\n'), 'utf16le')]), 'utf-16le', true],
  ])('%s → the same text, LF line breaks', (_name, bytes, encoding, bom) => {
    const d = toText(bytes);
    expect(d).toEqual({ text: TEXT, encoding, bom });
  });

  it('replaces invalid bytes and says where the first is, and how many', () => {
    const d = toText(Buffer.concat([Buffer.from('ok\r\nx '), Buffer.from([0xe9]), Buffer.from(' y '), Buffer.from([0xff]), Buffer.from('\n')]));
    expect(d.text).toBe('ok\nx \uFFFD y \uFFFD\n');
    expect(d.binary).toBeUndefined();
    expect(d.binary === undefined && d.note).toEqual({ line: 2, column: 3, message: 'not valid UTF-8; 2 invalid byte sequences were read as U+FFFD (the first here)' });
  });

  it.each([
    ['NUL bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x03]), /^binary file \(it holds NUL bytes\)/],
    ['UTF-32 by BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), /^UTF-32 text/],
  ])('refuses %s with the reason', (_name, bytes, reason) => {
    expect(toText(bytes).binary).toMatch(reason);
  });

  it('keeps U+2028, U+2029 and NEL as characters (content in YAML, HCL, SQL and JSON)', () => {
    expect(toText(Buffer.from('# a\u2028b\u2029c\u0085d\nx\n')).text).toBe('# a\u2028b\u2029c\u0085d\nx\n');
    expect(maskUnicodeBreaks('a\u2028b\u2029c\u0085d')).toBe('a b c d');
  });
});

describe('lines and positions', () => {
  it('splits at LF, CRLF and CR, and nowhere else', () => {
    expect(splitLines('a\nb\r\nc\rd\u2028e')).toEqual(['a', 'b', 'c', 'd\u2028e']);
  });

  it('maps offsets to 1-based line and column and back, whatever the line breaks', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const index = new LineIndex(text);
    expect([0, 2, 4, 5, 7, 10, 11].map((o) => index.position(o))).toEqual([
      { line: 1, column: 1 }, { line: 1, column: 3 }, { line: 2, column: 1 }, { line: 2, column: 2 },
      { line: 3, column: 1 }, { line: 4, column: 1 }, { line: 4, column: 2 },
    ]);
    expect(index.offset(3, 2)).toBe(8);
    expect(index.lineCount).toBe(4);
  });

  it('gives the same line and column after CRLF or CR became LF', () => {
    const crlf = 'x\r\n  y: 1\r\n  z: 2\r\n';
    const lf = toText(Buffer.from(crlf)).text!;
    const a = new LineIndex(crlf).position(crlf.indexOf('z'));
    const b = new LineIndex(lf).position(lf.indexOf('z'));
    expect(b).toEqual(a);
  });

  it('names look-alike and invisible characters', () => {
    expect(['\u0441', '\u200b', '\u2013', 'é'].map(describeChar)).toEqual(['U+0441 CYRILLIC SMALL LETTER ES', 'U+200B ZERO WIDTH SPACE', 'U+2013 EN DASH', 'U+00E9']);
  });
});

describe('depth limits, per block', () => {
  it('blanks only the block nested too deep, keeping every line where it was', () => {
    const text = `model A {\n  id Int\n}\n\nmodel B {\n  x Int @default(${'('.repeat(100)}${')'.repeat(100)})\n}\n// ( in a comment\nmodel C {\n  s String @default("((((")\n}\n`;
    const r = refuseDeepBlocks(text, 64, { hash: false });
    expect(r.refused).toEqual([{ line: 5, column: 1, depth: 102 }]);
    expect(splitLines(r.text).length).toBe(splitLines(text).length);
    expect(r.text).toContain('model A {');
    expect(r.text).toContain('model C {');
    expect(r.text).not.toContain('model B');
  });

  it('an unclosed deep block is blanked to the end; a 100,000-deep one costs one pass', () => {
    const r = refuseDeepBlocks(`ok {}\nx = ${'['.repeat(100_000)}\n`, 256, { hash: true });
    expect(r.refused).toEqual([{ line: 2, column: 1, depth: 100_000 }]);
  });

  it('finds YAML flow nesting past the limit without recursion', () => {
    expect(yamlTooDeep(`a: 1\nb: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`)).toEqual({ offset: 72, line: 2, column: 68, limit: 64 });
    expect(yamlTooDeep('a: [[1]]\n')).toBeUndefined();
    const indented = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(yamlTooDeep(indented)).toMatchObject({ line: 257, column: 257, limit: 256 });
    expect(yamlTooDeep(`a:\n  b:\n    c: 1\n---\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`)).toBeUndefined();
  });
});
