import { createRequire } from 'node:module';
import path from 'node:path';
import type { InMemoryFileSystemHost, Project, ts as TS } from 'ts-morph';
import type { SourceContext } from '../../core/types.js';
import { resolveImport, type Resolution } from './evaluate.js';
import { loadTypeScript, type TypeScriptApi } from './load-ts.js';

/**
 * Where a bare or aliased import (`@app/config`, `@acme/shared/retention`) leads in the repository,
 * as the compiler sees it: a ts-morph Project built from the tsconfig that governs the importing
 * file (its `paths`, `baseUrl` and `extends` chain) or from a project it references that holds the
 * file; a tsconfig the compiler cannot read whole (an `extends` cycle, a missing base) resolves
 * nothing, and says why. Then the repository's workspace packages (a
 * package.json `name`). Built lazily, on the first import a `@retention` constant or a SQL literal
 * needs, and only for module resolution: no file is added to the Project, no program is type-checked.
 *
 * The Project sees an in-memory copy of the repository (its JSON files' text, every other file as an
 * empty one, under a root of its own), so nothing outside the repository is ever read: an `extends`
 * or a path alias pointing outside finds nothing, and the import stays unknown with the reason.
 */
const ROOT = '/policyproof-repository';
/** A JSON file larger than this is data, not a tsconfig or package.json; its text is not copied. */
const MAX_JSON_BYTES = 256 * 1024;
/** Entry points of a workspace package tried in order, after its package.json fields. */
const PACKAGE_ENTRIES = ['./src/index', './index', './lib/index'];
/** Project references followed from one tsconfig, all levels together. */
const MAX_REFERENCES = 64;

interface Governed {
  project?: Project;
  /** what the compiler said about the tsconfig (circular extends, a missing file…) */
  problems: string[];
}

export class ImportResolver {
  private fs: InMemoryFileSystemHost | undefined;
  private ts: TypeScriptApi | undefined;
  private morph: typeof import('ts-morph') | undefined;
  private readonly fileSet: Set<string>;
  private readonly configs = new Map<string, Governed>();
  private readonly packages = new Map<string, { dir: string; manifest: Record<string, unknown> }>();

  constructor(private readonly ctx: SourceContext) {
    this.fileSet = new Set(ctx.files);
  }

  /** The repository file `specifier` (neither ./ nor ../) leads to from `from`, or why it leads to none ("which is <why>"). */
  async resolve(from: string, specifier: string): Promise<Resolution> {
    try {
      return await this.resolveOrThrow(from, specifier);
    } catch (e) {
      return { why: `not resolved (${inRepository((e as Error).message.split('\n')[0])})` };
    }
  }

  private async resolveOrThrow(from: string, specifier: string): Promise<Resolution> {
    await this.prepare();
    const config = this.governingConfig(from);
    let problems: string[] = [];
    if (config) {
      // The nearest tsconfig, then the projects it references that hold the file (a solution-style
      // tsconfig.json whose tsconfig.app.json has the `paths`): the first that resolves the import decides.
      for (const candidate of this.withReferences(config, from)) {
        const governed = this.project(candidate);
        const found = governed.project && this.viaCompiler(governed.project, from, specifier);
        // A broken tsconfig (extends itself, extends a missing file) decides nothing: what it would
        // resolve with its own options alone is not what the compiler of the repository sees.
        if (found && 'file' in found && governed.problems.length === 0) return found;
        if (candidate === config || governed.problems.length > 0) problems = [...problems, ...governed.problems];
        if (found && 'why' in found) problems = [...problems, found.why];
      }
    }
    const pkg = this.viaWorkspace(specifier);
    if (pkg) return pkg;
    // A package from the registry (no tsconfig, no workspace of that name) needs no explanation.
    if (!config) return { why: 'not a file of this repository' };
    return { why: `not a file of this repository (${config} does not resolve it${problems.length ? `: ${problems.join('; ')}` : ''})` };
  }

  /** Copies the repository into the in-memory file system once: JSON with its text, the rest empty. */
  private async prepare(): Promise<void> {
    if (this.fs) return;
    const morph = (this.morph = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph'));
    this.ts = await loadTypeScript();
    const fs = new morph.InMemoryFileSystemHost();
    for (const file of this.ctx.files) {
      if (/(^|\/)node_modules\//.test(file)) continue;
      let text = '';
      if (file.endsWith('.json')) {
        const read = await this.ctx.read(file);
        text = typeof read === 'string' && read.length <= MAX_JSON_BYTES ? read : '';
        if (path.posix.basename(file) === 'package.json') this.notePackage(file, text);
      }
      fs.writeFileSync(`${ROOT}/${file}`, text);
    }
    this.fs = fs;
    this.ctx.log(`typescript: imports resolved through tsconfig and workspaces (${this.ctx.files.length} files known, ${this.packages.size} workspace packages)`);
  }

  private notePackage(file: string, text: string): void {
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      return;
    }
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return;
    const name = (manifest as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0 && !this.packages.has(name)) this.packages.set(name, { dir: path.posix.dirname(file), manifest: manifest as Record<string, unknown> });
  }

  /** The nearest tsconfig.json (or jsconfig.json) above the file; else a root tsconfig.base.json. */
  private governingConfig(from: string): string | undefined {
    for (let dir = path.posix.dirname(from); ; dir = path.posix.dirname(dir)) {
      const prefix = dir === '.' ? '' : `${dir}/`;
      for (const name of ['tsconfig.json', 'jsconfig.json']) if (this.fileSet.has(prefix + name)) return prefix + name;
      if (dir === '.' || dir === '/' || dir === '') break;
    }
    return this.fileSet.has('tsconfig.base.json') ? 'tsconfig.base.json' : undefined;
  }

  /**
   * `config` and the tsconfig files its `references` name, transitively, breadth first: only those
   * in a directory that holds `from`, at most MAX_REFERENCES of them, each once (a cycle ends there),
   * none outside the repository.
   */
  private withReferences(config: string, from: string): string[] {
    const out = [config];
    const seen = new Set(out);
    for (let i = 0; i < out.length && seen.size < MAX_REFERENCES; i++) {
      for (const ref of this.referencesOf(out[i])) {
        if (seen.has(ref) || seen.size >= MAX_REFERENCES) continue;
        seen.add(ref);
        const dir = path.posix.dirname(ref);
        if (dir === '.' || from.startsWith(`${dir}/`)) out.push(ref);
      }
    }
    return out;
  }

  /** The repository tsconfig files a tsconfig's own `references` name (a directory means its tsconfig.json). */
  private referencesOf(config: string): string[] {
    const ts = this.ts as TypeScriptApi;
    const text = (this.fs as InMemoryFileSystemHost).readFileSync(`${ROOT}/${config}`);
    const parsed = ts.parseConfigFileTextToJson(config, text).config as { references?: unknown } | undefined;
    if (!parsed || !Array.isArray(parsed.references)) return [];
    const out: string[] = [];
    for (const r of parsed.references.slice(0, MAX_REFERENCES)) {
      const p = r && typeof r === 'object' ? (r as { path?: unknown }).path : undefined;
      if (typeof p !== 'string' || path.posix.isAbsolute(p)) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(config), p));
      if (target.startsWith('../') || target === '..') continue;
      for (const file of [target, `${target}/tsconfig.json`]) {
        if (file.endsWith('.json') && this.fileSet.has(file)) {
          out.push(file.replace(/^\.\//, ''));
          break;
        }
      }
    }
    return out;
  }

  private project(config: string): Governed {
    const known = this.configs.get(config);
    if (known) return known;
    const ts = this.ts as TypeScriptApi;
    const morph = this.morph as typeof import('ts-morph');
    let governed: Governed;
    try {
      const project = new morph.Project({
        tsConfigFilePath: `${ROOT}/${config}`, fileSystem: this.fs, skipAddingFilesFromTsConfig: true,
        skipFileDependencyResolution: true, skipLoadingLibFiles: true,
      });
      // TS18003 "No inputs were found": no file is added on purpose.
      const problems = project.getConfigFileParsingDiagnostics()
        .filter((d) => d.getCode() !== 18003)
        .map((d) => inRepository(ts.flattenDiagnosticMessageText(d.compilerObject.messageText as string | TS.DiagnosticMessageChain, ' ')));
      governed = { project, problems };
    } catch (e) {
      governed = { problems: [`${config} could not be read: ${inRepository((e as Error).message.split('\n')[0])}`] };
    }
    this.configs.set(config, governed);
    return governed;
  }

  private viaCompiler(project: Project, from: string, specifier: string): Resolution | undefined {
    const ts = this.ts as TypeScriptApi;
    const found = ts.resolveModuleName(specifier, `${ROOT}/${from}`, project.getCompilerOptions(), project.getModuleResolutionHost()).resolvedModule;
    if (!found) return undefined;
    if (!found.resolvedFileName.startsWith(`${ROOT}/`)) return { why: 'it leads outside the repository' };
    const file = found.resolvedFileName.slice(ROOT.length + 1);
    if (/\.d\.[cm]?ts$/.test(file)) return { why: `it leads to the declaration file ${file}, which holds no values` };
    return this.fileSet.has(file) ? { file } : undefined;
  }

  /** `@acme/shared` or `@acme/shared/sub` of a package.json in the repository: its source entry. */
  private viaWorkspace(specifier: string): Resolution | undefined {
    let best: { name: string; dir: string; manifest: Record<string, unknown> } | undefined;
    for (const [name, pkg] of this.packages) {
      if ((specifier === name || specifier.startsWith(`${name}/`)) && (!best || name.length > best.name.length)) best = { name, ...pkg };
    }
    if (!best) return undefined;
    const anchor = best.dir === '.' ? 'package.json' : `${best.dir}/package.json`;
    const has = (f: string) => this.fileSet.has(f);
    const sub = specifier.slice(best.name.length + 1);
    const candidates = sub ? [`./${sub}`, `./src/${sub}`] : [...entryFields(best.manifest), ...PACKAGE_ENTRIES];
    for (const c of candidates) {
      const relative = c.startsWith('./') || c.startsWith('../') ? c : `./${c}`;
      for (const variant of [relative, relative.replace(/^\.\/(?:dist|lib|build|out)\//, './src/')]) {
        const file = resolveImport(anchor, variant, has);
        if (file && !/\.d\.[cm]?ts$/.test(file)) return { file };
      }
    }
    return { why: `the workspace package in ${best.dir}, whose source entry is not found` };
  }
}

/** package.json fields that name an entry point, in the order a source is most likely to be found. */
function entryFields(manifest: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['source', 'types', 'typings', 'module', 'main']) if (typeof manifest[key] === 'string') out.push(manifest[key] as string);
  const collect = (v: unknown, depth: number) => {
    if (depth > 4) return;
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const inner of Object.values(v)) collect(inner, depth + 1);
  };
  const exports = manifest.exports;
  collect(exports && typeof exports === 'object' && !Array.isArray(exports) && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports, 0);
  return out.filter((s) => !s.includes('*'));
}

/** Messages name repository files as the user sees them, not under the in-memory root. */
function inRepository(message: string): string {
  return message.split(`${ROOT}/`).join('').split(ROOT).join('.');
}
