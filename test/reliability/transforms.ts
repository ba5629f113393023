/**
 * The transforms users apply to files without meaning to: other line endings and encodings,
 * odd characters, differently typed tags and comments, links, special files, limits.
 * Each says what must come out: the same findings (`same`), or a note at a file with its reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kind } from './kinds.js';

export interface Outcome {
  /** the target finding must still be there and every other finding unchanged */
  same?: boolean;
  /** a note (source-error or a CLI error) naming this file (relative; default: the transformed file) with this reason */
  note?: RegExp;
  noteFile?: string;
  /** the note may be the only outcome (the violation cannot survive this transform) */
  noteInstead?: boolean;
}

export interface Transform {
  name: string;
  /** rewrites one file's text to bytes (all `kind.files`) */
  bytes?: (text: string, file: string) => Buffer;
  /** changes the written repository; returns the arguments of `check` (default: [dir]) */
  setup?: (dir: string, kind: Kind) => string[] | void;
  /** which kinds it applies to (default: all) */
  applies?: (kind: Kind) => boolean;
  /** what must come out, by kind */
  expect: (kind: Kind) => Outcome;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const CYRILLIC: Record<string, string> = { a: '\u0430', c: '\u0441', e: '\u0435', o: '\u043e' };
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
const isPolicy = (k: Kind) => k.ownPolicy === true || k.name === 'policyproof-yaml';
const COMMENT: Record<string, string> = { sql: '-- ', prisma: '// ', typescript: '// ' };
const commentOf = (k: Kind) => COMMENT[k.name] ?? '# ';
const hasTag = (k: Kind) => ['sql', 'prisma', 'terraform', 'kubernetes', 'logrotate', 'typescript'].includes(k.name);

/** Puts `insert` inside the first comment line of the text (after its comment marker). */
function intoFirstComment(text: string, insert: string): string {
  const m = /^(?:#|--|\/\/) ?[A-Za-z]+/m.exec(text);
  if (!m) throw new Error('no comment line to put a character into');
  const at = m.index + m[0].length;
  return text.slice(0, at) + insert + text.slice(at);
}

function latin1(text: string): Buffer {
  const marked = intoFirstComment(text, '\u0000');
  const i = Buffer.from(marked).indexOf(0);
  const b = Buffer.from(marked);
  b[i] = 0xe9; // é in Latin-1: not UTF-8
  return b;
}

const same: Outcome = { same: true };
const jsLineTerminator: Outcome = { note: /could not be parsed: syntax error/, noteInstead: true };
/** policy files are read strictly: a transform they cannot take is a load error naming the file and line */
const policyRefuses = (note: RegExp): Outcome => ({ note, noteInstead: true });

export const TRANSFORMS: Transform[] = [
  { name: 'CRLF line endings', bytes: (t) => utf8(t.replace(/\n/g, '\r\n')), expect: () => same },
  { name: 'lone CR line endings (classic Mac)', bytes: (t) => utf8(t.replace(/\n/g, '\r')), expect: () => same },
  { name: 'mixed CRLF and LF', bytes: (t) => utf8(t.split('\n').map((l, i) => (i % 2 ? `${l}\r` : l)).join('\n')), expect: () => same },
  { name: 'UTF-8 BOM', bytes: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(t)]), expect: () => same },
  { name: 'UTF-16LE with BOM, CRLF (PowerShell >)', bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\n/g, '\r\n'), 'utf16le')]), expect: () => same },
  { name: 'UTF-16BE with BOM', bytes: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(t)]), expect: () => same },
  { name: 'UTF-16LE without BOM', bytes: (t) => Buffer.from(t, 'utf16le'), expect: () => same },
  { name: 'UTF-16BE without BOM', bytes: (t) => utf16be(t), expect: () => same },
  {
    name: 'a Latin-1 byte in a comment',
    bytes: (t) => latin1(t),
    expect: (k) => (isPolicy(k) ? policyRefuses(/:1:\d+: not valid UTF-8/) : { same: true, note: /not valid UTF-8.*U\+FFFD/ }),
  },
  // JavaScript alone ends a // comment at U+2028/U+2029 (ECMAScript line terminators): the rest
  // of that comment is code, a syntax error the TypeScript source reports; every other format reads on.
  { name: 'U+2028 LINE SEPARATOR in a comment', bytes: (t) => utf8(intoFirstComment(t, ' \u2028 more')), expect: (k) => (k.name === 'typescript' ? jsLineTerminator : same) },
  { name: 'U+2029 PARAGRAPH SEPARATOR in a comment', bytes: (t) => utf8(intoFirstComment(t, ' \u2029 more')), expect: (k) => (k.name === 'typescript' ? jsLineTerminator : same) },
  { name: 'NEL (U+0085) in a comment', bytes: (t) => utf8(intoFirstComment(t, ' \u0085 more')), expect: () => same },
  { name: 'no newline at the end', bytes: (t) => utf8(t.replace(/\n+$/, '')), expect: () => same },
  // (not in YAML block scalars: there trailing spaces are content, the policy's words would change)
  { name: 'trailing spaces and tabs', bytes: (t) => utf8(t.replace(/\n/g, ' \t\n')), applies: (k) => k.name !== 'loki' && !k.ownPolicy, expect: () => same },
  {
    name: 'a 1,000,000-character comment line at the end',
    bytes: (t, file) => utf8(`${t}${file.endsWith('.sql') ? '-- ' : file.endsWith('.prisma') || file.endsWith('.ts') ? '// ' : '# '}${'x'.repeat(1_000_000)}\n`),
    // the HCL parser slows to minutes on files over 1 MB: Terraform refuses the long line alone, says so, and reads the rest
    expect: (k) => (k.name === 'terraform' ? { same: true, note: /a line of 1000002 characters \(over 100000\); this line was not parsed, the rest of the file was/ } : same),
  },
  {
    name: 'tag written @Category / @Retention',
    applies: hasTag,
    bytes: (t) => utf8(t.replace(/@category/g, '@Category').replace(/@retention/g, '@Retention')),
    expect: () => ({ same: true, note: /"@(Category|Retention)".*"@(category|retention)"/ }),
  },
  {
    name: 'a Cyrillic look-alike letter in the category id',
    applies: hasTag,
    bytes: (t) => utf8(t.replace(/(@(?:category|retention) [a-z-]*?)([aceo])/, (_m, head: string, c: string) => head + CYRILLIC[c]!)),
    expect: () => ({ note: /U\+04[0-9A-F]{2} CYRILLIC SMALL LETTER (A|ES|IE|O)\b/, noteInstead: true }),
  },
  {
    name: 'a Cyrillic а (U+0430) in the tag itself',
    applies: hasTag,
    bytes: (t) => utf8(t.replace(/@category|@retention/, (m) => m.replace('a', '\u0430').replace('e', '\u0435'))),
    expect: () => ({ note: /looks like "@(category|retention)" but holds U\+04/, noteInstead: true }),
  },
  {
    name: 'a zero-width space in the category id',
    applies: hasTag,
    bytes: (t) => utf8(t.replace(/(@(?:category|retention) [a-z]{3})/, '$1\u200b')),
    expect: () => ({ note: /U\+200B ZERO WIDTH SPACE/, noteInstead: true }),
  },
  {
    name: 'the other comment syntax of the format',
    applies: (k) => ['sql', 'prisma', 'terraform'].includes(k.name),
    bytes: (t, file) => {
      if (file.endsWith('.prisma')) return utf8(t.replace(/^\/\/\/ @category/m, '// @category'));
      if (file.endsWith('.sql')) return utf8(t.replace(/^-- @category (\S+)/m, '/* @category $1 */'));
      return utf8(t.replace(/^# @category (\S+)/m, '/* @category $1 */'));
    },
    expect: () => same,
  },
  {
    name: 'the repository is a symbolic link',
    setup: (dir) => {
      const link = path.join(mkdtempSync(path.join(tmpdir(), 'policyproof-link-')), 'workspace-link');
      symlinkSync(dir, link);
      return [link];
    },
    expect: () => same,
  },
  {
    name: 'the path argument is a symbolic link to a folder',
    applies: (k) => !isPolicy(k),
    setup: (dir, kind) => {
      const folder = kind.target.file.split('/')[0]!;
      symlinkSync(folder, path.join(dir, `${folder}-link`));
      return ['.', `${folder}-link`];
    },
    expect: () => same,
  },
  {
    name: 'a symbolic link out of the repository',
    setup: (dir) => {
      const outside = mkdtempSync(path.join(tmpdir(), 'policyproof-outside-'));
      writeFileSync(path.join(outside, 'V9__other.sql'), 'CREATE TABLE other (email text);\n');
      symlinkSync(outside, path.join(dir, 'vendor-link'));
    },
    expect: () => ({ same: true, note: /symbolic link to .* outside the repository; not followed/, noteFile: 'vendor-link' }),
  },
  {
    name: 'a FIFO named like a source file',
    applies: (k) => !k.ownPolicy,
    setup: (dir, kind) => {
      const fifo = path.join(dir, path.dirname(kind.target.file), `zz-fifo${path.extname(kind.target.file)}`);
      execFileSync('mkfifo', [fifo]);
    },
    expect: (k) => ({ same: true, note: /FIFO.*never opened/, noteFile: path.posix.join(path.posix.dirname(k.target.file), `zz-fifo${path.posix.extname(k.target.file)}`) }),
  },
  {
    name: '.gitignore is a FIFO',
    setup: (dir) => execFileSync('mkfifo', [path.join(dir, '.gitignore')]),
    expect: () => ({ same: true, note: /FIFO.*never opened/, noteFile: '.gitignore' }),
  },
  {
    name: 'a 40,000-character .gitignore line',
    setup: (dir) => writeFileSync(path.join(dir, '.gitignore'), `${'a*'.repeat(20_000)}\n/build/\n`),
    expect: () => ({ same: true, note: /\.gitignore.*longer than/, noteFile: '.gitignore' }),
  },
  {
    name: 'folders nested 70 levels deep',
    setup: (dir) => {
      const deep = path.join(dir, ...Array.from({ length: 70 }, (_, i) => `d${i}`));
      mkdirSync(deep, { recursive: true });
      writeFileSync(path.join(deep, 'V1__deep.sql'), 'CREATE TABLE deep (email text);\n');
    },
    expect: () => ({ same: true, note: /nested more than 64 folders deep; not scanned/, noteFile: `${Array.from({ length: 65 }, (_, i) => `d${i}`).join('/')}` }),
  },
  {
    name: 'an empty file beside it',
    setup: (dir, kind) => writeFileSync(path.join(dir, path.dirname(kind.target.file), `zz-empty${path.extname(kind.target.file)}`), ''),
    applies: (k) => !k.ownPolicy,
    expect: () => same,
  },
  {
    name: 'a comment with a long run of non-ASCII text',
    bytes: (t) => utf8(intoFirstComment(t, ` ${'åäö 日本語 🙂 '.repeat(2000)}`)),
    expect: () => same,
  },
];

export { commentOf };
