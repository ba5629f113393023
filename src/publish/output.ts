import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The file a publish leaves in its folder, listing what it wrote: the proof a folder is ours to replace. */
export const MARKER = '.policyproof-site';
const MARKER_HEADER = 'policyproof-site 1';
const MAX_ENTRIES = 100_000;

export class OutputRefused extends Error {}

/**
 * Checks that `out` may be replaced by a new site: it does not exist, is an empty folder, or holds
 * exactly the files a previous publish listed in its marker. Anything else is refused, so a publish
 * never deletes a user's files.
 */
export async function checkOutputFolder(out: string): Promise<{ exists: boolean; previous: string[] }> {
  const abs = path.resolve(out);
  const shown = out;
  if (path.dirname(abs) === abs) throw new OutputRefused(`--out ${shown}: refusing to publish into the root of the file system`);
  const cwd = process.cwd();
  if (abs === cwd || cwd.startsWith(abs + path.sep)) {
    throw new OutputRefused(`--out ${shown}: refusing to replace the working directory or a folder containing it; choose a folder of its own, e.g. --out site`);
  }
  let st;
  try {
    st = await fs.lstat(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, previous: [] };
    throw new OutputRefused(`--out ${shown}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (st.isSymbolicLink()) throw new OutputRefused(`--out ${shown}: is a symbolic link; give the real folder`);
  if (!st.isDirectory()) throw new OutputRefused(`--out ${shown}: is a file, not a folder; choose a folder for the site, e.g. --out site`);
  const top = await fs.readdir(abs);
  if (top.includes('.git') || top.includes('package.json')) {
    throw new OutputRefused(`--out ${shown}: looks like a repository root (it holds ${top.includes('.git') ? '.git' : 'package.json'}); choose a folder of its own, e.g. --out site`);
  }
  if (top.length === 0) return { exists: true, previous: [] };
  if (!top.includes(MARKER)) {
    throw new OutputRefused(`--out ${shown}: the folder holds files that are not a previous publish (no ${MARKER}); choose an empty or new folder`);
  }
  const previous = parseMarker(await fs.readFile(path.join(abs, MARKER), 'utf8'));
  if (!previous) throw new OutputRefused(`--out ${shown}: ${MARKER} is not a policyproof site listing; choose an empty or new folder`);
  const listed = new Set([MARKER, ...previous]);
  const dirs = new Set<string>();
  for (const f of previous) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
  const unexpected: string[] = [];
  let seen = 0;
  const walk = async (rel: string) => {
    for (const entry of await fs.readdir(path.join(abs, rel), { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) throw new OutputRefused(`--out ${shown}: holds more than ${MAX_ENTRIES} entries; not a previous publish`);
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && dirs.has(child)) await walk(child);
      else if (!(entry.isFile() && listed.has(child))) unexpected.push(child);
    }
  };
  await walk('');
  if (unexpected.length) {
    const names = unexpected.sort().slice(0, 3).join(', ') + (unexpected.length > 3 ? ` and ${unexpected.length - 3} more` : '');
    throw new OutputRefused(`--out ${shown}: holds files a previous publish did not write (${names}); move them away or choose another folder`);
  }
  return { exists: true, previous };
}

export function markerText(files: string[]): string {
  return `${MARKER_HEADER}\n${files.join('\n')}\n`;
}

function parseMarker(text: string): string[] | undefined {
  const lines = text.split('\n').filter(Boolean);
  if (lines[0] !== MARKER_HEADER) return undefined;
  const files = lines.slice(1);
  // Only plain relative paths: a marker must never make us touch anything outside the folder.
  if (files.some((f) => f.startsWith('/') || f.split('/').some((seg) => seg === '..' || seg === '.' || seg === ''))) return undefined;
  return files;
}

/**
 * Writes the site into a temporary folder next to `out`, then renames it into place. A previous
 * publish is moved aside first and removed file by file (only the files its marker lists).
 * Returns warnings (e.g. a previous folder that could not be removed completely).
 */
export async function writeSite(out: string, files: Map<string, string | Uint8Array>): Promise<string[]> {
  const abs = path.resolve(out);
  const { exists, previous } = await checkOutputFolder(out);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  await fs.mkdir(parent, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(parent, `.${base}.publishing-`));
  const warnings: string[] = [];
  try {
    const names = [...files.keys()].sort();
    for (const name of names) {
      const target = path.join(tmp, ...name.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, files.get(name)!);
    }
    await fs.writeFile(path.join(tmp, MARKER), markerText(names));
    if (!exists) {
      await fs.rename(tmp, abs);
      return warnings;
    }
    // Move the old site aside under a fresh name, put the new one in place, then clear the old one.
    const aside = await fs.mkdtemp(path.join(parent, `.${base}.previous-`));
    await fs.rmdir(aside);
    await fs.rename(abs, aside);
    try {
      await fs.rename(tmp, abs);
    } catch (err) {
      await fs.rename(aside, abs);
      throw err;
    }
    const left = await removeListed(aside, previous);
    if (left) warnings.push(`the previous site was moved to ${path.relative(process.cwd(), aside) || aside} and not removed: it held files the marker did not list`);
    return warnings;
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Removes the listed files and then the folders they leave empty; true when something else remains. */
async function removeListed(dir: string, listed: string[]): Promise<boolean> {
  for (const f of [MARKER, ...listed]) await fs.rm(path.join(dir, ...f.split('/')), { force: true });
  const dirs = new Set<string>();
  for (const f of listed) for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
  // deepest first
  for (const d of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : -1))) {
    await fs.rmdir(path.join(dir, ...d.split('/'))).catch(() => undefined);
  }
  try {
    await fs.rmdir(dir);
    return false;
  } catch {
    return true;
  }
}
