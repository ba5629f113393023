/**
 * Modules `terraform init` fetched: `.terraform/modules/modules.json` maps each module call to the
 * folder it put the module in. `.terraform` is git-ignored and never among the scanned files, so
 * here, as terraform itself does after `init`, it is read directly — beside each folder holding
 * `.tf` files, inside the repository only, never through a symbolic link, and bounded (files,
 * depth, bytes), and only the folders modules.json names below `.terraform/modules/`.
 */
import { lstatSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SourceContext } from '../../core/types.js';

/** Beside this many root folders at most is a modules.json looked for. */
const MAX_ROOTS = 2_000;
/** Files read from fetched modules in one scan, and how deep below a module's folder. */
const MAX_FILES = 5_000;
const MAX_DEPTH = 8;
const MODULES_JSON = /(?:^|\/)\.terraform\/modules\/modules\.json$/;

export interface Installed {
  /** module call key (`vpc`, `vpc.subnets`) → the folder `terraform init` installed it in */
  dirs: Map<string, string>;
  /** the `.tf`/`.tf.json` files of the fetched modules (repository-relative) */
  files: string[];
}

export async function installedModules(ctx: SourceContext, moduleDir: (from: string, source: string) => string): Promise<Installed> {
  const dirs = new Map<string, string>();
  const files = new Set<string>();
  // modules.json beside each Terraform folder (and any the scan was given)
  const tfDirs = new Set(ctx.files.filter((f) => /\.tf(?:\.json)?$/.test(f) && !/(?:^|\/)\.terraform\//.test(f)).map((f) => path.posix.dirname(f)));
  const candidates = new Set(ctx.files.filter((f) => MODULES_JSON.test(f)));
  const listed = new Set(ctx.files);
  for (const d of [...tfDirs].sort().slice(0, MAX_ROOTS)) candidates.add(d === '.' ? '.terraform/modules/modules.json' : `${d}/.terraform/modules/modules.json`);
  for (const file of [...candidates].sort()) {
    if (!listed.has(file) && !isPlainPath(ctx.root, file, 'file')) continue;
    const text = await ctx.read(file);
    if (typeof text !== 'string') continue;
    const base = file.replace(/\/?\.terraform\/modules\/modules\.json$/, '') || '.';
    const fetchedRoot = base === '.' ? '.terraform/modules' : `${base}/.terraform/modules`;
    let doc: { Modules?: Array<{ Key?: unknown; Dir?: unknown }> };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch (e) {
      ctx.log(`terraform: ${file} is not JSON (${(e as Error).message}); installed modules not read`);
      continue;
    }
    for (const m of Array.isArray(doc?.Modules) ? doc.Modules : []) {
      if (typeof m?.Key !== 'string' || m.Key === '' || typeof m.Dir !== 'string') continue;
      const dir = moduleDir(base, m.Dir);
      dirs.set(m.Key, dir);
      // a fetched module (registry, git): its files are read from below .terraform/modules only
      if (dir.startsWith(`${fetchedRoot}/`) && files.size < MAX_FILES) await collect(ctx.root, dir, 0, files);
    }
  }
  return { dirs, files: [...files].sort() };
}

/**
 * Every component of `rel` exists below `root` and none is a symbolic link; the last is a `kind`.
 * Synchronous: it is asked beside every Terraform folder, mostly of a `.terraform` that is not
 * there, and each asynchronous lstat is a round trip through libuv's thread pool (on Checkov's
 * test corpus ~300 ms of waiting for ~700 folders).
 */
function isPlainPath(root: string, rel: string, kind: 'file' | 'dir'): boolean {
  if (path.posix.isAbsolute(rel) || rel.split('/').some((p) => p === '..')) return false;
  const parts = rel.split('/').filter((p) => p !== '.' && p !== '');
  for (let i = 0; i < parts.length; i++) {
    try {
      const info = lstatSync(path.join(root, ...parts.slice(0, i + 1)));
      if (info.isSymbolicLink()) return false;
      if (i < parts.length - 1 ? !info.isDirectory() : kind === 'file' ? !info.isFile() : !info.isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function collect(root: string, dir: string, depth: number, out: Set<string>): Promise<void> {
  if (depth === 0 && !isPlainPath(root, dir, 'dir')) return;
  let entries;
  try {
    entries = await readdir(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (out.size >= MAX_FILES) return;
    // readdir's types come from lstat: a symbolic link is neither a file nor a folder here
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory() && depth < MAX_DEPTH && e.name !== '.git' && e.name !== '.terraform') await collect(root, rel, depth + 1, out);
    else if (e.isFile() && /\.tf(?:\.json)?$/.test(e.name)) out.add(rel);
  }
}
