import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/types.js';
import { splitLines, toText } from '../core/text.js';
import { testPathReason } from './test-paths.js';

/** Folders that never hold the repository's own sources. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', 'bower_components', '.hg', '.svn', '.terraform', 'coverage', '.next', '.nuxt', '.cache', '.turbo']);

/**
 * A `vendor/` folder that a package manager fills with other projects' code (Composer's holds
 * `autoload.php`, Go's `modules.txt`, Bundler's `bundle/`), like node_modules; an application's own
 * `vendor/` module (a shop's vendors) has none of these and is read.
 */
function isDependencyVendor(dir: string): boolean {
  return existsSync(path.join(dir, 'autoload.php')) || existsSync(path.join(dir, 'modules.txt')) || existsSync(path.join(dir, 'bundle'));
}

/**
 * Where Bower puts other projects' code when a folder's .bowerrc moves it out of bower_components
 * (a Rails app's `vendor/assets/components/`), relative to that folder: like node_modules, never
 * scanned. A path that leaves the folder, or a .bowerrc that is no JSON, names nothing.
 */
function bowerDirectory(folder: string): string[] {
  try {
    const info = lstatSync(path.join(folder, '.bowerrc'), { throwIfNoEntry: false });
    if (!info?.isFile()) return [];
    const dir = (JSON.parse(readTextFileSync(folder, '.bowerrc', 64 * 1024).text ?? '') as { directory?: unknown } | null)?.directory;
    if (typeof dir !== 'string') return [];
    const rel = path.posix.normalize(toPosix(dir)).replace(/^\.\//, '').replace(/\/+$/, '');
    return rel && !rel.startsWith('..') && !path.posix.isAbsolute(rel) ? [rel] : [];
  } catch {
    return [];
  }
}

/** Largest file a source reads; a 20 MB schema dump still fits. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Folders deeper than this below the repository root are not scanned (a note says where). */
export const MAX_DEPTH = 64;

/** A .gitignore larger than this is not read; lines longer than MAX_GITIGNORE_LINE are left out. */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;
export const MAX_GITIGNORE_LINE = 4096;

export interface DiscoverOptions {
  /** absolute repository root; results are relative to it */
  root: string;
  /** absolute paths to scan (directories or files); default [root] */
  paths?: string[];
  /** repository-relative directories to leave out (the policy folder, the output folder) */
  excludeDirs?: string[];
  /** extra filter on repository-relative paths (config include/exclude) */
  accept?: (rel: string) => boolean;
  /** read test code too (test/, fixtures/, *.spec.*): left out by default */
  includeTests?: boolean;
}

export interface Discovery {
  files: string[];
  diagnostics: Diagnostic[];
  /** files left out as test code (src/engine/test-paths.ts) */
  testFilesLeftOut: number;
}

type Ignorer = { ignores(p: string): boolean };

/**
 * Lists the repository's files: .gitignore honoured (nested files too), vendored and generated
 * folders skipped, symbolic links never followed (so a link loop cannot trap the walk), sorted.
 */
export async function discoverFiles(opts: DiscoverOptions): Promise<Discovery> {
  // a repository reached through a symbolic link is scanned where it is
  const root = await realpath(path.resolve(opts.root)).catch(() => path.resolve(opts.root));
  const { default: ignoreFactory } = await import('ignore');
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let testFilesLeftOut = 0;
  let startRel = '';
  const excluded = (opts.excludeDirs ?? []).map((d) => toPosix(d).replace(/\/+$/, '')).filter((d) => d && d !== '.');

  const isExcluded = (rel: string) => excluded.some((d) => rel === d || rel.startsWith(`${d}/`));

  const note = (file: string, message: string, code = 'skipped-path') => diagnostics.push({ code, message, location: { file: file || '.', line: 1, column: 1 } });

  /**
   * A folder's .gitignore: only a regular file is opened (a FIFO would block the read forever),
   * bounded in size and line length, and a pattern the matcher cannot compile is left out with a note.
   */
  async function gitignoreOf(dirAbs: string, dirRel: string): Promise<{ base: string; ig: Ignorer } | undefined> {
    const rel = dirRel ? `${dirRel}/.gitignore` : '.gitignore';
    const abs = path.join(dirAbs, '.gitignore');
    // (synchronous, as the walk's readdir: most folders have none, and each asynchronous lstat that
    // fails is a round trip through libuv's thread pool and an exception — ~80 ms on TypeORM)
    let link;
    try {
      link = lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      link = undefined;
    }
    // a linked .gitignore is read when it points at a file inside the repository
    const target = link?.isSymbolicLink() ? await realpath(abs).catch(() => undefined) : abs;
    if (!link || !target || !inside(root, target)) return undefined;
    const info = link.isSymbolicLink() ? await stat(target).catch(() => undefined) : link;
    if (!info) return undefined;
    if (!info.isFile()) {
      note(rel, `${specialKind(info)}; special files are never opened, so this .gitignore was not read`);
      return undefined;
    }
    if (info.size > MAX_GITIGNORE_BYTES) {
      note(rel, `${formatBytes(info.size)} is over the ${formatBytes(MAX_GITIGNORE_BYTES)} limit for a .gitignore; not read, nothing it lists is ignored`);
      return undefined;
    }
    const read = await readTextFile(dirAbs, '.gitignore', MAX_GITIGNORE_BYTES);
    if (read.text === undefined) return undefined;
    const usable: string[] = [];
    splitLines(read.text).forEach((line, i) => {
      if (line.length > MAX_GITIGNORE_LINE) {
        diagnostics.push({ code: 'skipped-path', message: `line ${i + 1} is longer than ${MAX_GITIGNORE_LINE} characters; that pattern was left out`, location: { file: rel, line: i + 1, column: 1 } });
        return;
      }
      try {
        ignoreFactory().add(line).ignores('policyproof-probe'); // the matcher compiles a pattern on first use
        usable.push(line);
      } catch (e) {
        diagnostics.push({ code: 'skipped-path', message: `pattern cannot be used (${(e as Error).message.slice(0, 120)}); it was left out`, location: { file: rel, line: i + 1, column: 1 } });
      }
    });
    const ig = ignoreFactory().add(usable);
    return { base: dirRel, ig: safeIgnorer(ig) };
  }

  const ignoredBy = (rel: string, isDir: boolean, stack: Array<{ base: string; ig: Ignorer }>) =>
    stack.some(({ base, ig }) => {
      const sub = base ? rel.slice(base.length + 1) : rel;
      return sub !== '' && ig.ignores(isDir ? `${sub}/` : sub);
    });

  async function walk(dirAbs: string, dirRel: string, stack: Array<{ base: string; ig: Ignorer }>, depth: number): Promise<void> {
    if (depth > MAX_DEPTH) {
      note(dirRel, `nested more than ${MAX_DEPTH} folders deep; not scanned`);
      return;
    }
    const own = await gitignoreOf(dirAbs, dirRel);
    const here = own ? [...stack, own] : stack;
    let entries;
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch (e) {
      diagnostics.push({ code: 'unreadable-file', message: `cannot read directory: ${(e as Error).message}`, location: { file: dirRel || '.', line: 1, column: 1 } });
      return;
    }
    // Bower's packages, where this folder's .bowerrc puts them
    if (entries.some((e) => e.name === '.bowerrc' && e.isFile())) for (const d of bowerDirectory(dirAbs)) excluded.push(dirRel ? `${dirRel}/${d}` : d);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        // Links are not followed (a loop cannot trap the walk; what they point at inside the
        // repository is scanned where it is). One that leaves the repository is said once.
        if (isExcluded(rel) || ignoredBy(rel, false, here)) continue;
        const target = await realpath(path.join(dirAbs, entry.name)).catch(() => undefined);
        if (target !== undefined && !inside(root, target)) note(rel, `symbolic link to ${target}, outside the repository; not followed`);
      } else if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isExcluded(rel) || ignoredBy(rel, true, here)) continue;
        if (entry.name === 'vendor' && isDependencyVendor(path.join(dirAbs, entry.name))) continue;
        await walk(path.join(dirAbs, entry.name), rel, here, depth + 1);
      } else if (entry.isFile()) {
        if (isExcluded(rel) || ignoredBy(rel, false, here)) continue;
        if (opts.accept && !opts.accept(rel)) continue;
        // test code below the folder the scan started from (a folder named on the command line is read)
        if (!opts.includeTests && testPathReason(startRel ? rel.slice(startRel.length + 1) : rel)) testFilesLeftOut++;
        else files.add(rel);
      } else {
        if (isExcluded(rel) || ignoredBy(rel, false, here) || (opts.accept && !opts.accept(rel))) continue;
        note(rel, `${specialKind(entry)}; special files are never opened`);
      }
    }
  }

  const starts = opts.paths?.length ? opts.paths.map((p) => path.resolve(root, p)) : [root];
  for (const given of starts) {
    // a path argument that is a symbolic link is followed once, to where it points
    const start = await realpath(given).catch(() => given);
    const rel = toPosix(path.relative(root, start));
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      diagnostics.push({ code: 'skipped-file', message: `${start} is outside the repository root ${root}`, location: { file: rel, line: 1, column: 1 } });
      continue;
    }
    let info;
    try {
      info = await lstat(start);
    } catch {
      throw new UsageError(`no such file or directory: ${rel || '.'}`);
    }
    if (info.isDirectory()) {
      // The .gitignore files of the folders above the start still apply.
      const stack: Array<{ base: string; ig: Ignorer }> = [];
      const parts = rel ? rel.split('/') : [];
      for (let i = 0; i < parts.length; i++) {
        const dRel = parts.slice(0, i).join('/');
        const g = await gitignoreOf(path.join(root, dRel), dRel);
        if (g) stack.push(g);
      }
      startRel = rel;
      await walk(start, rel, stack, 0);
    } else if (info.isFile()) {
      files.add(rel);
    }
  }
  return { files: [...files].sort(), diagnostics, testFilesLeftOut };
}

export class UsageError extends Error {}

export type ReadResult = { text: string; diagnostic?: Diagnostic } | { diagnostic: Diagnostic; text?: undefined };

/**
 * Reads a repository file as text. Binary files and files over MAX_FILE_BYTES are refused with a
 * diagnostic; bytes that are not UTF-8 are replaced (U+FFFD) and reported, and the read goes on.
 */
export async function readTextFile(root: string, rel: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  return readTextFileSync(root, rel, maxBytes);
}

/** readTextFile, for a caller that cannot wait (the walk's own reads: a .bowerrc). */
export function readTextFileSync(root: string, rel: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const abs = path.join(root, rel);
  const at = { file: rel, line: 1, column: 1 };
  try {
    // Synchronous on purpose: a source file is in the page cache and read in microseconds, while each
    // asynchronous step (stat, open, read, close) is a round trip through libuv's thread pool — on
    // TypeORM's 3,583 files ten times the cost of the reads themselves. One open, one fstat.
    let buf: Buffer;
    // O_NONBLOCK: a FIFO put where a file was listed fails to read instead of blocking the process
    const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(fd);
      if (info.size > maxBytes) {
        return { diagnostic: { code: 'skipped-file', message: `${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit; not read`, location: at } };
      }
      buf = readAll(fd, info.size);
    } finally {
      closeSync(fd);
    }
    const decoded = toText(buf);
    if (decoded.binary !== undefined) return { diagnostic: { code: 'skipped-file', message: decoded.binary, location: at } };
    const { note } = decoded;
    return note ? { text: decoded.text, diagnostic: { code: 'invalid-bytes', message: note.message, location: { file: rel, line: note.line, column: note.column } } } : { text: decoded.text };
  } catch (e) {
    return { diagnostic: { code: 'unreadable-file', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, location: at } };
  }
}

/** The whole file behind `fd`, which fstat said is `size` bytes (a file that grows meanwhile is read to its end). */
function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  // One byte more than fstat said: a read that returns less has met the end, so a file that did
  // not grow is read in one call (a second call only to be told "0 bytes" doubled the cost).
  for (let want = size + 1; ; want = 65536) {
    const chunk = Buffer.allocUnsafe(want);
    const n = readSync(fd, chunk, 0, want, null);
    if (n > 0) {
      chunks.push(n === want ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (n < want) break;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** What a special file is, for the note that says it was not opened. */
function specialKind(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** An ignorer whose matching never throws: a pattern that fails at match time ignores nothing. */
function safeIgnorer(ig: Ignorer): Ignorer {
  return {
    ignores(p: string) {
      try {
        return ig.ignores(p);
      } catch {
        return false;
      }
    },
  };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
