import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PolicySourceError } from './reference.js';

/** Limits on what a policy source may unpack to: a policy is YAML text, not a disk image. */
export const TAR_LIMITS = { entries: 20_000, bytes: 200 * 1024 * 1024 };

interface Entry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  data?: Buffer;
  link?: string;
}

/**
 * Unpacks a tar (gzip when it starts with the gzip magic) into `dest`, the way npm and `git archive`
 * write them. Nothing lands outside `dest`: an absolute or `..` path, or a link that points out of
 * the package, is refused with the entry's name. Files are written without execute bits.
 * `strip` drops leading path components (npm's `package/`).
 */
export async function extractTar(archive: Buffer, dest: string, opts: { strip?: number; label: string }): Promise<number> {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzip(archive, opts.label) : archive;
  const entries = readEntries(tar, opts.label);
  const inside = (rel: string) => rel !== '' && !rel.startsWith('../') && rel !== '..' && !path.posix.isAbsolute(rel);
  const files = new Map<string, Buffer>();
  const links: Array<{ name: string; target: string }> = [];
  await mkdir(dest, { recursive: true });
  for (const e of entries) {
    const parts = e.name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..') || e.name.startsWith('/')) throw new PolicySourceError(`${opts.label}: the entry "${e.name}" points outside the package; refused`);
    const rel = parts.slice(opts.strip ?? 0).join('/');
    if (!rel) continue;
    const out = path.join(dest, ...rel.split('/'));
    if (e.type === 'dir') await mkdir(out, { recursive: true });
    else if (e.type === 'file') {
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, e.data!, { mode: 0o644, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw new PolicySourceError(`${opts.label}: cannot write "${rel}" (${err.code ?? err.message}); refused`);
      });
      files.set(rel, e.data!);
    } else if (e.type === 'symlink') {
      const target = e.link ?? '';
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
      if (path.posix.isAbsolute(target) || !inside(resolved)) {
        throw new PolicySourceError(`${opts.label}: the symlink "${rel}" points out of the package (to "${target}"); refused`);
      }
      links.push({ name: rel, target });
    } else {
      const target = (e.link ?? '').split('/').filter((p) => p !== '' && p !== '.').slice(opts.strip ?? 0).join('/');
      const data = files.get(target);
      if (!data) throw new PolicySourceError(`${opts.label}: the hard link "${rel}" points out of the package (to "${e.link}"); refused`);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, data, { mode: 0o644, flag: 'wx' });
    }
  }
  // Links last, so no file is ever written through one.
  for (const l of links) {
    const out = path.join(dest, ...l.name.split('/'));
    await mkdir(path.dirname(out), { recursive: true });
    await symlink(l.target, out);
  }
  return entries.length;
}

function gunzip(archive: Buffer, label: string): Buffer {
  try {
    return gunzipSync(archive, { maxOutputLength: TAR_LIMITS.bytes });
  } catch (e) {
    throw new PolicySourceError(`${label}: not a readable gzip archive (${(e as Error).message})`);
  }
}

function readEntries(tar: Buffer, label: string): Entry[] {
  const entries: Entry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  let total = 0;
  const bad = (why: string): never => {
    throw new PolicySourceError(`${label}: not a readable tar archive (${why} at byte ${offset})`);
  };
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) bad('bad header checksum');
    const field = (start: number, len: number) => {
      const raw = header.subarray(start, start + len);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? len : end).toString('utf8');
    };
    const sizeText = field(124, 12).trim();
    if (!/^[0-7]*$/.test(sizeText)) bad('a size that is not octal');
    const size = sizeText ? parseInt(sizeText, 8) : 0;
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    const start = offset + 512;
    if (start + size > tar.length) bad('an entry longer than the archive');
    const data = tar.subarray(start, start + size);
    offset = start + Math.ceil(size / 512) * 512;
    total += size;
    if (total > TAR_LIMITS.bytes) throw new PolicySourceError(`${label}: unpacks to more than ${TAR_LIMITS.bytes / 1024 / 1024} MB; refused`);
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'K') {
      longLink = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const link = pax.linkpath ?? longLink ?? field(157, 100);
    pax = {};
    longName = longLink = undefined;
    const kind = type === '0' || type === '7' ? 'file' : type === '5' ? 'dir' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : undefined;
    if (!kind) throw new PolicySourceError(`${label}: the entry "${name}" is a device, fifo or other special file; refused`);
    entries.push({ name, type: kind, data: kind === 'file' ? Buffer.from(data) : undefined, link });
    if (entries.length > TAR_LIMITS.entries) throw new PolicySourceError(`${label}: more than ${TAR_LIMITS.entries} entries; refused`);
  }
  return entries;
}

function checksumOk(header: Buffer): boolean {
  const stored = parseInt(header.subarray(148, 156).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return stored === sum;
}

/** "NN key=value\n" records. */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.subarray(i, space).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}
