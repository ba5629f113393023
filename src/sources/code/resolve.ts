import { NeedModule, type ModuleLookup } from '../typescript/evaluate.js';
import type { FileScan, ModuleTable } from '../typescript/model.js';
import type { FileIndex } from './model.js';

/** Most files a constant's imports may pull in (each read and parsed once). */
const MAX_IMPORTED_MODULES = 2000;

/** The repository's files, indexed for import resolution (suffixes, folders, go.mod module paths). */
export class RepositoryFiles implements FileIndex {
  private readonly set: Set<string>;
  private readonly byDir = new Map<string, string[]>();
  private readonly goMods: Array<{ dir: string; path?: string }>;
  readonly goModPaths = new Map<string, string>();

  constructor(readonly files: string[]) {
    this.set = new Set(files);
    for (const f of files) {
      const dir = dirOf(f);
      const list = this.byDir.get(dir);
      if (list) list.push(f);
      else this.byDir.set(dir, [f]);
    }
    this.goMods = files.filter((f) => f === 'go.mod' || f.endsWith('/go.mod')).map((f) => ({ dir: dirOf(f) })).sort((a, b) => b.dir.length - a.dir.length);
  }

  has(file: string): boolean {
    return this.set.has(file) || this.byDir.has(file);
  }

  endingWith(suffix: string): string[] {
    return this.files.filter((f) => f.endsWith(suffix));
  }

  inDir(dir: string): string[] {
    return this.byDir.get(dir) ?? [];
  }

  /** Read by the resolver before Go files are evaluated (the module path is in go.mod's text). */
  setGoModule(dir: string, path: string): void {
    this.goModPaths.set(dir, path);
  }

  goModule(file: string): { path: string; dir: string } | undefined {
    for (const m of this.goMods) {
      if (m.dir !== '' && !file.startsWith(`${m.dir}/`)) continue;
      const path = this.goModPaths.get(m.dir);
      return path ? { path, dir: m.dir } : undefined;
    }
    return undefined;
  }

  goModFiles(): string[] {
    return this.goMods.map((m) => (m.dir ? `${m.dir}/go.mod` : 'go.mod'));
  }
}

export function dirOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
}

const GO_SOURCE = /\.go$/;
const GO_TEST = /_test\.go$/;

/**
 * Evaluates constants across files: the module tables of the files already parsed, and of the files
 * their imports lead to, read and parsed on demand (evaluation throws NeedModule; retry). A Go
 * package is one namespace over the files of its folder, so a Go file's table is its package's.
 */
export class ConstantResolver {
  private readonly tables: Map<string, ModuleTable | null>;
  private readonly packages = new Map<string, ModuleTable>();
  private loaded = 0;
  readonly lookup: ModuleLookup;

  constructor(scans: FileScan[], private readonly files: RepositoryFiles, private readonly read: (file: string) => Promise<ModuleTable | null>) {
    this.tables = new Map(scans.filter((s) => s.moduleRead).map((s) => [s.file, s.module]));
    this.lookup = { table: (f) => this.table(f), has: (f) => this.files.has(f) };
  }

  private table(file: string): ModuleTable | null | undefined {
    if (!GO_SOURCE.test(file)) return this.tables.get(file);
    const dir = dirOf(file);
    const cached = this.packages.get(dir);
    if (cached) return cached;
    const merged: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
    for (const f of this.files.inDir(dir)) {
      if (!GO_SOURCE.test(f) || GO_TEST.test(f)) continue;
      const t = this.tables.get(f);
      if (t === undefined) throw new NeedModule(f);
      if (!t) continue;
      merged.consts.push(...t.consts);
      merged.imports.push(...t.imports);
      merged.exports.push(...t.exports);
    }
    this.packages.set(dir, merged);
    return merged;
  }

  async run<T>(evaluate: () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return evaluate();
      } catch (e) {
        if (!(e instanceof NeedModule)) throw e;
        if (this.tables.has(e.file) || attempt > MAX_IMPORTED_MODULES || ++this.loaded > MAX_IMPORTED_MODULES) this.tables.set(e.file, null);
        else this.tables.set(e.file, await this.read(e.file));
      }
    }
  }
}
