import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../core/duration.js';
import type {
  Category,
  DataTypeDefinition,
  Duration,
  Lang,
  LocalizedText,
  Policy,
  PolicyIdentity,
  PolicyVersion,
  Promise_,
  Retention,
  Section,
} from '../core/types.js';
import { patternWords } from '../classify/index.js';
import type { LockEntry } from './translations.js';
import { PolicyError, decodeText, parseYamlFile, refuseLarge, type YamlFile } from './yaml-file.js';
import { isCalendarDate } from './timeline.js';
import { displayPath, loadValidators, schemaProblems, throwProblems, type SchemaProblem } from './schema.js';
import { languageData } from './languages.js';
import { closest } from '../config/suggest.js';

export { PolicyError, MAX_POLICY_FILE_BYTES, MAX_ALIAS_COUNT } from './yaml-file.js';
export { schemasDir } from './schema.js';

/** Where the policy's files come from: the working tree, or a git revision. */
interface PolicyReader {
  /** names of the regular files in a sub-folder of the policy dir, or undefined if it is not a folder */
  list(sub: string): Promise<string[] | undefined>;
  /** size and bytes of a file in the policy dir, or undefined when it does not exist */
  stat(rel: string): Promise<number | undefined>;
  read(rel: string): Promise<Uint8Array>;
}

// ───────────────────────────── building the model ─────────────────────────────

export { isCalendarDate };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** A text in each language, keyed by BCP 47 tag (the schema has checked the values are strings). */
function localized(v: unknown): LocalizedText {
  const out: LocalizedText = {};
  for (const [lang, text] of Object.entries(obj(v))) if (typeof text === 'string') out[lang] = text;
  return out;
}

/**
 * Every language key of a file's texts that is not one of the policy's languages (a typo such as
 * `dk:` for `da:` would otherwise be a text no rule reads), with a did-you-mean.
 */
function foreignLanguageKeys(y: YamlFile, languages: Lang[], paths: Array<Array<string | number>>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const p of paths) {
    let node: unknown = y.data;
    for (const seg of p) node = Array.isArray(node) ? node[seg as number] : obj(node)[seg as string];
    for (const key of Object.keys(obj(node))) {
      if (languages.includes(key)) continue;
      const near = closest(key, languages);
      problems.push({
        reason: `${displayPath(p)}: "${key}" is not a language of this policy (languages: ${languages.join(', ')})${near ? `; did you mean "${near}"?` : '; add it to languages.translations in policy.yaml'}`,
        location: y.locateKey(p, key),
      });
    }
  }
  return problems;
}

/** The paths of every localized text in a version file. */
function versionTextPaths(y: YamlFile): Array<Array<string | number>> {
  const d = obj(y.data);
  const out: Array<Array<string | number>> = [['summary']];
  (Array.isArray(d.sections) ? d.sections : []).forEach((_, i) => out.push(['sections', i, 'heading'], ['sections', i, 'text']));
  return out;
}

function checkDate(y: YamlFile, p: Array<string | number>, value: unknown): string {
  const s = String(value);
  if (!isCalendarDate(s)) throw new PolicyError(`${displayPath(p)}: "${s}" is not a calendar date`, y.locate(p));
  return s;
}

function duration(y: YamlFile, p: Array<string | number>, value: unknown): Duration | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(String(value));
  } catch (err) {
    throw new PolicyError(`${displayPath(p)}: ${err instanceof Error ? err.message : String(err)}`, y.locate(p));
  }
}

function buildVersion(y: YamlFile): PolicyVersion {
  const d = obj(y.data);
  const version = checkDate(y, ['version'], d.version);
  const published = checkDate(y, ['published'], d.published);
  const effective = checkDate(y, ['effective'], d.effective);
  const seen = new Map<string, number>();
  const sections: Section[] = (Array.isArray(d.sections) ? d.sections : []).map((raw, index) => {
    const s = obj(raw);
    const id = String(s.id);
    if (seen.has(id)) {
      throw new PolicyError(`sections[${index}].id: section id "${id}" is used twice (first at sections[${seen.get(id)}])`, y.locate(['sections', index, 'id']));
    }
    seen.set(id, index);
    const section: Section = { id, text: localized(s.text), index };
    if (s.heading !== undefined) section.heading = localized(s.heading);
    if (s.category !== undefined) {
      const c = obj(s.category);
      const category: Category = { holds: strings(c.holds), forbids: strings(c.forbids), promises: strings(c.promises) as Promise_[] };
      if (c.retention !== undefined) {
        const r = obj(c.retention);
        const base = ['sections', index, 'category', 'retention'];
        const retention: Retention = {};
        for (const bound of ['min', 'max', 'default'] as const) {
          const value = duration(y, [...base, bound], r[bound]);
          if (value) retention[bound] = value;
        }
        if (typeof r.configurable === 'boolean') retention.configurable = r.configurable;
        for (const k of ['until', 'basis', 'source'] as const) if (typeof r[k] === 'string') retention[k] = r[k];
        category.retention = retention;
      }
      section.category = category;
    }
    if (s.storage !== undefined) section.storage = { jurisdiction: String(obj(s.storage).jurisdiction) };
    const notice = duration(y, ['sections', index, 'notice'], s.notice);
    if (notice) section.notice = notice;
    return section;
  });
  const v: PolicyVersion = { version, published, effective, sections, file: y.file, locate: y.locate, raw: y.raw };
  if (d.summary !== undefined) v.summary = localized(d.summary);
  return v;
}

function buildIdentity(y: YamlFile): PolicyIdentity {
  const d = obj(y.data);
  const timezone = String(d.timezone);
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new PolicyError(`timezone: "${timezone}" is not an IANA timezone (e.g. Europe/Stockholm)`, y.locate(['timezone']));
  }
  const langs = obj(d.languages);
  const identity: PolicyIdentity = {
    id: String(d.id),
    organization: String(d.organization),
    title: localized(d.title),
    languages: { authoritative: langs.authoritative as Lang, translations: strings(langs.translations) as Lang[] },
    timezone,
    file: y.file,
    locate: y.locate,
  };
  if (d.pages !== undefined) identity.pages = localized(d.pages);
  if (Array.isArray(d['data-types'])) {
    const seen = new Map<string, number>();
    identity.dataTypes = d['data-types'].map((raw, index): DataTypeDefinition => {
      const t = obj(raw);
      const first = seen.get(String(t.id));
      if (first !== undefined) {
        throw new PolicyError(`data-types[${index}].id: data type "${String(t.id)}" is defined twice (first at data-types[${first}])`, y.locate(['data-types', index, 'id']));
      }
      seen.set(String(t.id), index);
      return {
        id: String(t.id),
        name: localized(t.name),
        patterns: strings(t.patterns).map(patternWords).filter((w) => w.length > 0),
        exclusions: strings(t.exclusions).map(patternWords).filter((w) => w.length > 0),
        sqlTypes: strings(t['sql-types']).map((s) => s.toLowerCase()),
        personal: t.personal !== false,
      };
    });
  }
  return identity;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * translations.lock: each pair names the authoritative language and one translation by their tags,
 * each holding the sha256 of that language's text: `{version, key, da: <hash>, en: <hash>}`.
 */
function buildLock(y: YamlFile, languages: PolicyIdentity['languages']): LockEntry[] {
  const d = y.data;
  if (d === null || d === undefined) return [];
  const o = obj(d);
  if (typeof d !== 'object' || Array.isArray(d)) throw new PolicyError('expected a mapping {version: 1, pairs: [...]}', y.locate([]));
  for (const key of Object.keys(o)) {
    if (key !== 'version' && key !== 'pairs') throw new PolicyError(`unknown key "${key}" (allowed: version, pairs)`, y.locateKey([], key));
  }
  if (o.version !== 1) throw new PolicyError(`version: lock format ${JSON.stringify(o.version ?? null)} is not supported (expected 1)`, y.locate(['version']));
  if (o.pairs !== undefined && o.pairs !== null && !Array.isArray(o.pairs)) throw new PolicyError('pairs: must be a list', y.locate(['pairs']));
  const pairs = (o.pairs ?? []) as unknown[];
  const from = languages.authoritative;
  const allowed = ['version', 'key', from, ...languages.translations];
  return pairs.map((raw, i) => {
    const p = obj(raw);
    for (const key of Object.keys(p)) {
      if (!allowed.includes(key)) {
        const near = closest(key, allowed);
        throw new PolicyError(`pairs[${i}]: unknown key "${key}"${near ? `; did you mean "${near}"?` : ''} (allowed: ${allowed.join(', ')})`, y.locateKey(['pairs', i], key));
      }
    }
    const targets = languages.translations.filter((l) => l in p);
    if (targets.length !== 1) {
      throw new PolicyError(`pairs[${i}]: a pair holds the ${from} text's hash and one translation's (${languages.translations.join(' or ') || 'none declared'})`, y.locate(['pairs', i]));
    }
    const to = targets[0]!;
    for (const lang of [from, to]) {
      const h = p[lang];
      if (typeof h !== 'string' || !HEX64.test(h)) {
        throw new PolicyError(`pairs[${i}].${lang}: expected a sha256 hex digest (64 characters 0-9a-f)`, y.locate(['pairs', i, lang]));
      }
    }
    return { version: String(p.version ?? ''), key: String(p.key ?? ''), from, to, source: p[from] as string, target: p[to] as string };
  });
}

/** The data file of each of the policy's languages: a language without one is an error naming the file to add. */
function checkLanguages(y: YamlFile, languages: PolicyIdentity['languages']): void {
  const all: Array<[string, Array<string | number>]> = [[languages.authoritative, ['languages', 'authoritative']], ...languages.translations.map((l, i): [string, Array<string | number>] => [l, ['languages', 'translations', i]])];
  for (const [tag, at] of all) {
    try {
      languageData(tag);
    } catch (err) {
      if (err instanceof PolicyError && !err.location) throw new PolicyError(err.reason, y.locate(at));
      throw err;
    }
  }
  if (languages.translations.includes(languages.authoritative)) {
    throw new PolicyError(`languages.translations: "${languages.authoritative}" is the authoritative language, not a translation`, y.locate(['languages', 'translations']));
  }
}

async function readYaml(reader: PolicyReader, rel: string, file: string): Promise<YamlFile> {
  const size = await reader.stat(rel);
  if (size === undefined) throw new PolicyError('file not found', { file, line: 1, column: 1 });
  refuseLarge(size, file);
  const bytes = await reader.read(rel);
  refuseLarge(bytes.length, file);
  return parseYamlFile(decodeText(bytes, file), file);
}

async function loadWith(reader: PolicyReader, dirDisplay: string): Promise<Policy> {
  const fileOf = (rel: string) => (dirDisplay === '' || dirDisplay === '.' ? rel : path.posix.join(dirDisplay, rel));
  const { policy: validatePolicy, version: validateVersion } = await loadValidators();

  const policyYaml = fileOf('policy.yaml');
  if ((await reader.stat('policy.yaml')) === undefined) {
    throw new PolicyError(`${policyYaml}: not found; a policy folder holds policy.yaml and versions/<version>.yaml`);
  }
  const identityFile = await readYaml(reader, 'policy.yaml', policyYaml);
  // every file's schema problems are reported together: policy.yaml's and every version's
  const problems = schemaProblems(validatePolicy, identityFile);
  let identity: PolicyIdentity | undefined;
  let languages: Lang[] | undefined;
  if (problems.length === 0) {
    identity = buildIdentity(identityFile);
    checkLanguages(identityFile, identity.languages);
    languages = [identity.languages.authoritative, ...identity.languages.translations];
    problems.push(...foreignLanguageKeys(identityFile, languages, [['title'], ['pages']]));
  }

  const names = await reader.list('versions');
  if (names === undefined) throw new PolicyError(`${fileOf('versions')}: not found; each version of the policy is a file versions/<version>.yaml`);
  const yamlNames = names.filter((n) => /\.ya?ml$/.test(n)).sort();
  if (yamlNames.length === 0) throw new PolicyError(`${fileOf('versions')}: no version files (versions/<version>.yaml)`);
  const files: YamlFile[] = [];
  for (const name of yamlNames) {
    const y = await readYaml(reader, `versions/${name}`, fileOf(`versions/${name}`));
    const found = schemaProblems(validateVersion, y);
    problems.push(...found);
    if (found.length === 0 && languages) problems.push(...foreignLanguageKeys(y, languages, versionTextPaths(y)));
    files.push(y);
  }
  throwProblems(problems);
  if (!identity) throw new PolicyError('policy.yaml did not load');
  const versions = files.map(buildVersion);
  versions.sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const translationsFile = fileOf('translations.lock');
  let translations: LockEntry[] = [];
  if ((await reader.stat('translations.lock')) !== undefined) {
    translations = buildLock(await readYaml(reader, 'translations.lock', translationsFile), identity.languages);
  }
  return { dir: dirDisplay, identity, versions, translations, translationsFile };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Loads and validates a policy folder. Every problem is a PolicyError whose message is one line,
 * `file:line:column: reason`, with paths relative to `opts.root` (default: the working directory).
 */
export async function loadPolicy(dir: string, opts: { root?: string } = {}): Promise<Policy> {
  const root = path.resolve(opts.root ?? process.cwd());
  const abs = path.resolve(dir);
  const display = toPosix(path.relative(root, abs)) || '.';
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PolicyError(`${display}: ${code === 'ENOENT' ? 'no policy folder here (expected policy.yaml and versions/); pass --policy DIR' : `cannot read the policy folder (${code ?? String(err)})`}`);
  }
  if (!st.isDirectory()) throw new PolicyError(`${display}: not a folder; --policy names the folder holding policy.yaml and versions/`);

  const full = (rel: string) => path.join(abs, ...rel.split('/'));
  const reader: PolicyReader = {
    async list(sub) {
      try {
        const entries = await fs.readdir(full(sub), { withFileTypes: true });
        return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw new PolicyError(`${path.posix.join(display, sub)}: cannot read the folder (${code ?? String(err)})`);
      }
    },
    async stat(rel) {
      try {
        const s = await fs.stat(full(rel));
        if (!s.isFile()) throw new PolicyError('not a regular file', { file: path.posix.join(display, rel), line: 1, column: 1 });
        return s.size;
      } catch (err) {
        if (err instanceof PolicyError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return undefined;
        throw new PolicyError(`cannot read (${code ?? String(err)})`, { file: path.posix.join(display, rel), line: 1, column: 1 });
      }
    },
    async read(rel) {
      try {
        return await fs.readFile(full(rel));
      } catch (err) {
        throw new PolicyError(`cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file: path.posix.join(display, rel), line: 1, column: 1 });
      }
    },
  };
  return loadWith(reader, display);
}

// ───────────────────────────── from git, without a checkout ─────────────────────────────

function git(root: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', root, '-c', 'core.quotepath=off', ...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: stderr.toString('utf8') }));
      else resolve(stdout);
    });
  });
}

interface TreeEntry {
  type: string;
  object: string;
  size: number;
  name: string;
}

async function lsTree(root: string, commit: string, treePath: string): Promise<TreeEntry[]> {
  let out: string;
  try {
    out = (await git(root, ['ls-tree', '--full-tree', '-l', '-z', commit, '--', treePath])).toString('utf8');
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n')[0];
    throw new PolicyError(`git ls-tree ${commit.slice(0, 12)} ${treePath} failed: ${stderr || 'unknown error'}`);
  }
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, object, size] = line.slice(0, tab).split(/\s+/);
      return { type: type!, object: object!, size: Number(size), name: path.posix.basename(line.slice(tab + 1)) };
    });
}

/**
 * The policy as it was at a git revision (for --base), read with `git ls-tree`/`git cat-file`:
 * no checkout, the working tree is untouched. Undefined when the folder did not exist at `ref`.
 */
export async function loadPolicyAtRef(root: string, policyDir: string, ref: string): Promise<Policy | undefined> {
  const absRoot = path.resolve(root);
  if (!ref || ref.startsWith('-') || /[\0\n\r]/.test(ref)) throw new PolicyError(`--base "${ref}": not a git revision`);
  let commit: string;
  try {
    commit = (await git(absRoot, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).toString('utf8').trim();
  } catch {
    commit = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new PolicyError(`--base ${ref}: no such commit in the git repository at ${toPosix(path.relative(process.cwd(), absRoot)) || '.'}`);

  // git paths are relative to the repository's top level, which may lie above `root`
  let top: string;
  try {
    top = (await git(absRoot, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch {
    throw new PolicyError(`--base ${ref}: ${toPosix(path.relative(process.cwd(), absRoot)) || '.'} is not inside a git repository`);
  }
  const real = async (p: string) => fs.realpath(p).catch(() => p);
  const policyAbs = path.resolve(absRoot, policyDir);
  // the policy folder may not exist in the working tree any more: resolve symlinks through its parent
  const policyReal = path.join(await real(path.dirname(policyAbs)), path.basename(policyAbs));
  const treeRel = toPosix(path.relative(await real(top), policyReal));
  if (treeRel.startsWith('..') || path.isAbsolute(treeRel)) throw new PolicyError(`--policy ${policyDir}: outside the git repository, so it cannot be read at --base ${ref}`);
  const dirRel = toPosix(path.relative(absRoot, policyAbs)) || '.';
  const treeDir = treeRel === '' ? '.' : treeRel;
  const top0 = treeRel === '' ? await lsTree(absRoot, commit, '.') : (await lsTree(absRoot, commit, treeRel)).filter((e) => e.type === 'tree');
  if (top0.length === 0) return undefined;

  const cache = new Map<string, TreeEntry[]>();
  const entries = async (sub: string) => {
    const key = sub === '' ? treeDir : treeDir === '.' ? sub : path.posix.join(treeDir, sub);
    if (!cache.has(key)) cache.set(key, await lsTree(absRoot, commit, `${key}/`));
    return cache.get(key)!;
  };
  const find = async (rel: string) => {
    const sub = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    return (await entries(sub)).find((e) => e.name === path.posix.basename(rel));
  };
  const reader: PolicyReader = {
    async list(sub) {
      const parent = await find(sub);
      if (!parent || parent.type !== 'tree') return undefined;
      return (await entries(sub)).filter((e) => e.type === 'blob').map((e) => e.name);
    },
    async stat(rel) {
      const e = await find(rel);
      return e && e.type === 'blob' ? e.size : undefined;
    },
    async read(rel) {
      const e = (await find(rel))!;
      return git(absRoot, ['cat-file', 'blob', e.object]);
    },
  };
  try {
    return await loadWith(reader, dirRel);
  } catch (err) {
    if (err instanceof PolicyError) throw new PolicyError(`${err.reason} (in the policy at --base ${ref})`, err.location);
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n')[0];
    throw new PolicyError(`--base ${ref}: git could not read ${dirRel}: ${stderr || (err instanceof Error ? err.message.split('\n')[0] : String(err))}`);
  }
}
