import { lstat, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/types.js';
import { toText } from '../core/text.js';

/** Folders that never hold the repository's own sources. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn', '.terraform', 'coverage', '.next', '.nuxt', '.cache', '.turbo']);

/** Largest file a source reads; a 20 MB schema dump still fits. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface DiscoverOptions {
  /** absolute repository root; results are relative to it */
  root: string;
  /** absolute paths to scan (directories or files); default [root] */
  paths?: string[];
  /** repository-relative directories to leave out (the policy folder, the output folder) */
  excludeDirs?: string[];
  /** extra filter on repository-relative paths (config include/exclude) */
  accept?: (rel: string) => boolean;
}

export interface Discovery {
  files: string[];
  diagnostics: Diagnostic[];
}

type Ignorer = { ignores(p: string): boolean };

/**
 * Lists the repository's files: .gitignore honoured (nested files too), vendored and generated
 * folders skipped, symbolic links never followed (so a link loop cannot trap the walk), sorted.
 */
export async function discoverFiles(opts: DiscoverOptions): Promise<Discovery> {
  const root = path.resolve(opts.root);
  const { default: ignoreFactory } = await import('ignore');
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const excluded = (opts.excludeDirs ?? []).map((d) => toPosix(d).replace(/\/+$/, '')).filter((d) => d && d !== '.');

  const isExcluded = (rel: string) => excluded.some((d) => rel === d || rel.startsWith(`${d}/`));

  async function gitignoreOf(dirAbs: string, dirRel: string): Promise<{ base: string; ig: Ignorer } | undefined> {
    try {
      const text = await readFile(path.join(dirAbs, '.gitignore'), 'utf8');
      return { base: dirRel, ig: ignoreFactory().add(text) };
    } catch {
      return undefined;
    }
  }

  const ignoredBy = (rel: string, isDir: boolean, stack: Array<{ base: string; ig: Ignorer }>) =>
    stack.some(({ base, ig }) => {
      const sub = base ? rel.slice(base.length + 1) : rel;
      return sub !== '' && ig.ignores(isDir ? `${sub}/` : sub);
    });

  async function walk(dirAbs: string, dirRel: string, stack: Array<{ base: string; ig: Ignorer }>, depth: number): Promise<void> {
    if (depth > 64) return;
    const own = await gitignoreOf(dirAbs, dirRel);
    const here = own ? [...stack, own] : stack;
    let entries;
    try {
      entries = await readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      diagnostics.push({ code: 'unreadable-file', message: `cannot read directory: ${(e as Error).message}`, location: { file: dirRel || '.', line: 1, column: 1 } });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isExcluded(rel) || ignoredBy(rel, true, here)) continue;
        await walk(path.join(dirAbs, entry.name), rel, here, depth + 1);
      } else if (entry.isFile()) {
        if (isExcluded(rel) || ignoredBy(rel, false, here)) continue;
        if (opts.accept && !opts.accept(rel)) continue;
        files.add(rel);
      }
    }
  }

  const starts = opts.paths?.length ? opts.paths.map((p) => path.resolve(root, p)) : [root];
  for (const start of starts) {
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
      await walk(start, rel, stack, 0);
    } else if (info.isFile()) {
      files.add(rel);
    }
  }
  return { files: [...files].sort(), diagnostics };
}

export class UsageError extends Error {}

export type ReadResult = { text: string; diagnostic?: Diagnostic } | { diagnostic: Diagnostic; text?: undefined };

/**
 * Reads a repository file as text. Binary files and files over MAX_FILE_BYTES are refused with a
 * diagnostic; bytes that are not UTF-8 are replaced (U+FFFD) and reported, and the read goes on.
 */
export async function readTextFile(root: string, rel: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  const abs = path.join(root, rel);
  const at = { file: rel, line: 1, column: 1 };
  try {
    const info = await stat(abs);
    if (info.size > maxBytes) {
      return { diagnostic: { code: 'skipped-file', message: `${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit; not read`, location: at } };
    }
    const fh = await open(abs, 'r');
    let buf: Buffer;
    try {
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
    const decoded = toText(buf);
    if (decoded.binary !== undefined) return { diagnostic: { code: 'skipped-file', message: decoded.binary, location: at } };
    const { note } = decoded;
    return note ? { text: decoded.text, diagnostic: { code: 'unreadable-file', message: note.message, location: { file: rel, line: note.line, column: note.column } } } : { text: decoded.text };
  } catch (e) {
    return { diagnostic: { code: 'unreadable-file', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, location: at } };
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
