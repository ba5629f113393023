/**
 * Terraform source: turns `.tf` modules into Stores with retention and jurisdiction evidence.
 *
 * Each folder with `.tf` files is a module. Folders that no other folder calls are root modules;
 * local modules (`source = "./modules/x"`) are evaluated once per call with its inputs. Values come
 * from variables (defaults, terraform.tfvars, *.auto.tfvars, other *.tfvars when they agree, module
 * inputs), locals, module outputs and other resources' arguments; what cannot be known is Unknown
 * with its reason. Which resource types keep data is the catalogue in rules/resources/.
 */
import path from 'node:path';
import type {
  CategoryClaim, CategoryReference, Diagnostic, JurisdictionEvidence, Location, RetentionEvidence, Source,
  SourceContext, SourceResult, Store, Suppression,
} from '../../core/types.js';
import { durationFrom, parseDuration, type TimeUnit } from '../../core/duration.js';
import { catalogueWith, type Catalogue, type Outcome, type ResourceSpec, type RetentionSpec } from './catalogue.js';
import { evaluateRaw, index, isUnknown, Ref, Unknown, type Lookup, type Step, type Value } from './expr.js';
import { annotationsAbove, annotationsOfJsonComment, type OutlineBlock, type Pos } from './outline.js';
import { cmp } from '../../core/compare.js';
import { installedModules } from './installed.js';
import { readTerraformFiles, type Json, type ParsedFile } from './read.js';
import type { ParseThreadsOptions } from '../typescript/pool.js';

interface ModuleDir {
  dir: string;
  files: ParsedFile[];
  tfvars: ParsedFile[];
}

interface ProviderConfig {
  name: string;
  body: Json;
  file: ParsedFile;
  block?: OutlineBlock;
  instance: Instance;
}

interface Iteration {
  suffix: string;
  countIndex?: Value;
  eachKey?: Value;
  eachValue?: Value;
  note?: string;
}

interface Attachment {
  spec: ResourceSpec;
  instance: Instance;
  target: Value;
  targetLocation: Location;
  evidence: RetentionEvidence[];
  address: string;
}

const MAX_MODULE_DEPTH = 16;
/** marks a rule scope that is a filter (tag, size), not a prefix */
const SCOPE_FILTER = '\u0000';
/** Resource and module instances expanded from count/for_each in one scan; past it each block counts once. */
const MAX_INSTANCES = 10_000;
/** A chain of locals this long is not hand-written; deeper chains are unknown rather than a stack overflow. */
const MAX_REFERENCE_DEPTH = 200;

export const terraformSource: Source = {
  kind: 'terraform',
  scan: scanTerraform,
};

export async function scanTerraform(ctx: SourceContext, opts: ParseThreadsOptions = {}): Promise<SourceResult> {
  const result: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
  // .terraform/ holds modules `terraform init` downloaded: not the repository's own code.
  // (those `terraform init` recorded in .terraform/modules/modules.json are read for the calls they serve)
  const fetched = await installedModules(ctx, moduleDir);
  const installed = fetched.dirs;
  const installedDirs = [...installed.values()];
  const listed = ctx.files.filter((f) => (f.endsWith('.tf') || f.endsWith('.tf.json') || isTfvars(f)) && (!/(^|\/)\.terraform\//.test(f) || installedDirs.some((d) => f.startsWith(`${d}/`))));
  const tfFiles = [...new Set([...listed, ...fetched.files])];
  if (tfFiles.length === 0) return result;

  const { catalogue, problems } = catalogueWith(ctx.extraResources);
  for (const p of problems) result.diagnostics.push({ code: 'configuration', message: `resources: ${p}`, location: { file: 'policyproof.yaml', line: 1, column: 1 } });

  const dirs = new Map<string, ModuleDir>();
  let parsedFiles = 0;
  const read = await readTerraformFiles(ctx, tfFiles, result.diagnostics, opts);
  for (const parsed of read.parsed) {
    const file = parsed.file;
    parsedFiles++;
    const dir = path.posix.dirname(file);
    let mod = dirs.get(dir);
    if (!mod) dirs.set(dir, (mod = { dir, files: [], tfvars: [] }));
    (isTfvars(file) ? mod.tfvars : mod.files).push(parsed);
  }

  ctx.log(`terraform: ${tfFiles.length} files, ${parsedFiles} parsed${read.threads ? ` (on this and ${read.threads} worker thread${read.threads > 1 ? 's' : ''})` : ''}`);
  const scan = new Scan(catalogue, dirs, result, installed, ctx.terraformRegions ?? {});
  const called = new Set<string>();
  for (const mod of dirs.values()) {
    for (const f of mod.files) {
      for (const [, bodies] of entries(f.json.module)) {
        for (const body of asBodies(bodies)) {
          const source = body.source;
          if (typeof source === 'string' && isLocalSource(source)) {
            const target = moduleDir(mod.dir, source);
            if (target !== mod.dir) called.add(target);
          }
        }
      }
    }
  }
  for (const mod of [...dirs.values()].sort((a, b) => cmp(a.dir, b.dir))) {
    if (called.has(mod.dir) || mod.files.length === 0 || installedDirs.some((d) => mod.dir === d || mod.dir.startsWith(`${d}/`))) continue;
    const prefix = mod.dir === '.' ? '' : `${mod.dir}/`;
    const root = new Instance(scan, mod, prefix, '', new Map(), new Map(), [], [mod.dir]);
    root.providers = root.ownProviders(new Map());
    scan.run(root);
  }
  for (const [source, location] of [...scan.unreadSources].sort(([a], [b]) => cmp(a, b))) {
    scan.diagnostic({
      code: 'module-not-read',
      message: `module source "${source}" is a registry or remote module that \`terraform init\` has not fetched here (no .terraform/modules/modules.json entry); policyproof does not fetch modules, so what it stores is not seen`,
      location,
    });
  }
  scan.attach();
  for (const d of result.diagnostics) if (scan.categorisedDirs.has(path.posix.dirname(d.location.file))) d.tagged = true;
  if (scan.exhausted) {
    result.diagnostics.push({
      code: 'unresolved',
      message: `count/for_each make more than ${MAX_INSTANCES} resource and module instances; the rest are read once each, without their count or key`,
      location: { file: scan.exhausted, line: 1, column: 1 },
    });
  }
  result.stores.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.id, b.id));
  result.diagnostics.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.message, b.message));
  result.suppressions.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line);
  result.references.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.id, b.id));
  return result;
}

class Scan {
  readonly stores = new Map<string, { store: Store; spec: ResourceSpec; instance: Instance; body: Json }>();
  readonly attachments: Attachment[] = [];
  /** stores whose configuration keeps nothing (backups or snapshots turned off), with why */
  readonly nothingKept = new Map<string, string>();
  readonly referenceKeys = new Set<string>();
  /** how deep references are being followed right now, across module instances */
  depth = 0;
  /** instances expanded from count/for_each so far */
  instances = 0;
  /** a file of the first module whose blocks were read once for want of budget */
  exhausted?: string;
  /** lifecycle evidence → the prefixes its rule is limited to ([] = the whole bucket) */
  readonly ruleScope = new WeakMap<RetentionEvidence, string[]>();
  /** evidence of rules that bound only part of the data (noncurrent object versions) */
  readonly partial = new WeakSet<RetentionEvidence>();
  /** module folders whose non-store annotations were read (once per folder) */
  readonly annotatedDirs = new Set<string>();
  /** module folders a `@category` annotation on a module call points at */
  readonly categorisedDirs = new Set<string>();
  private readonly seenDiagnostics = new Set<string>();

  /** module sources not read, at their first call (one note each, however many calls) */
  readonly unreadSources = new Map<string, Location>();
  constructor(
    readonly catalogue: Catalogue,
    readonly dirs: Map<string, ModuleDir>,
    readonly result: SourceResult,
    /** module call key (`vpc`, `vpc.subnets`) → folder `terraform init` installed it in */
    readonly installed: Map<string, string> = new Map(),
    /** policyproof.yaml terraform-regions: provider → the region a deployment uses when its block sets none */
    readonly statedRegions: Record<string, string> = {},
  ) {}

  diagnostic(d: Diagnostic): void {
    const key = `${d.location.file}:${d.location.line}:${d.code}:${d.message}`;
    if (this.seenDiagnostics.has(key)) return;
    this.seenDiagnostics.add(key);
    this.result.diagnostics.push(d);
  }

  run(instance: Instance): void {
    instance.annotateBlocks();
    // Children first exist (so module.x.output resolves), then this module's stores, then theirs.
    const children = instance.modules();
    instance.resources();
    for (const child of children) this.run(child);
  }

  /** Lifecycle configurations and management policies add their evidence to their bucket/account. */
  attach(): void {
    for (const a of this.attachments) {
      const types = a.spec.attachTo!.types;
      let target: { store: Store } | undefined;
      if (a.target instanceof Ref) {
        target = this.stores.get(a.target.address);
      } else if (typeof a.target === 'string') {
        const match = a.spec.attachTo!.matchAttribute;
        target = [...this.stores.values()].find(
          (s) => types.includes(s.spec.type) && (s.store.identifier === a.target || (match !== undefined && s.instance.attributeValue(s.body, match) === a.target)),
        );
      }
      if (!target) {
        const why = a.target instanceof Unknown ? a.target.reason : `${describeValue(a.target)} names no ${types.join(' or ')} in this repository`;
        this.diagnostic({ code: 'unresolved', message: `${a.address}: cannot tell which ${types.join('/')} it applies to (${why}); its retention is not counted`, location: a.targetLocation });
        continue;
      }
      target.store.retention.push(...a.evidence);
    }
    for (const { store, spec } of this.stores.values()) {
      const nothing = this.nothingKept.get(store.id);
      if (store.retention.length === 0 && nothing) {
        store.retentionBearing = false;
        store.details = { ...store.details, retention: nothing };
        continue;
      }
      const partial = store.retention.filter((e) => this.partial.has(e));
      if (store.retention.length > partial.length || !spec.noEvidence) continue;
      const o = spec.noEvidence;
      if (o.status === 'none') {
        if (partial.length === 0) store.retentionBearing = false;
        continue;
      }
      const note = partial.length > 0 ? `; ${partial.map((e) => e.via).join(', ')} expires only noncurrent versions, never the current objects` : '';
      const ev = outcomeEvidence({ ...o, reason: o.reason === undefined ? undefined : `${o.reason}${note}` }, store.name, store.location, 'max');
      if (ev) store.retention.push(ev);
    }
    // A noncurrent version lives on after its current object expires: the two add up. Without an
    // expiry of current objects it bounds nothing (the store is kept forever, said above).
    for (const { store } of this.stores.values()) {
      if (!store.retention.some((e) => this.partial.has(e))) continue;
      const whole = (e: RetentionEvidence): string[] => this.ruleScope.get(e) ?? [];
      const current = store.retention.filter((e) => !this.partial.has(e) && e.status === 'known' && e.duration);
      store.retention = store.retention.flatMap((e): RetentionEvidence[] => {
        if (!this.partial.has(e)) return [e];
        if (e.status !== 'known' || !e.duration) return [e];
        const scope = whole(e).join('\u0001');
        const matching = current.filter((q) => whole(q).length === 0 || whole(q).join('\u0001') === scope);
        if (matching.length === 0) return [];
        const longest = matching.reduce((a, b) => (a.duration!.seconds >= b.duration!.seconds ? a : b));
        const combined: RetentionEvidence = {
          ...e,
          duration: durationFrom(longest.duration!.seconds + e.duration.seconds, 's'),
          via: `${longest.via} + ${e.via}`,
          reason: `an object expires after ${longest.duration!.text}; as a noncurrent version it is kept ${e.duration.text} more`,
        };
        return [combined];
      });
    }
    // Lifecycle rules limited to prefixes leave the rest of the bucket without an expiry.
    for (const { store, spec } of this.stores.values()) {
      if (spec.noEvidence?.status !== 'forever') continue;
      const scoped = store.retention.filter((e) => this.ruleScope.has(e) && e.status !== 'unknown' && !this.partial.has(e));
      if (scoped.length === 0 || scoped.some((e) => this.ruleScope.get(e)!.length === 0)) continue;
      const scopes = [...new Set(scoped.flatMap((e) => this.ruleScope.get(e)!))].sort();
      const prefixes = scopes.filter((x) => !x.startsWith(SCOPE_FILTER));
      const filters = scopes.filter((x) => x.startsWith(SCOPE_FILTER)).map((x) => x.slice(SCOPE_FILTER.length));
      const which = [
        prefixes.length > 0 ? `under ${prefixes.map((x) => JSON.stringify(x)).join(', ')}` : '',
        filters.length > 0 ? `matching the filter ${filters.join(', ')}` : '',
      ].filter(Boolean).join(' or ');
      store.retention.push({
        status: 'unknown', bound: 'max', via: store.name, location: store.location,
        reason: `only objects ${which} have a lifecycle rule; objects elsewhere in the ${store.kind} are kept until deleted, if any are written there`,
      });
    }
    for (const { store } of this.stores.values()) {
      store.retention.sort((a, b) => cmp(a.location.file, b.location.file) || a.location.line - b.location.line || cmp(a.via, b.via));
      this.result.stores.push(store);
    }
  }
}

class Instance {
  providers = new Map<string, ProviderConfig>();
  private readonly varCache = new Map<string, Value>();
  private readonly localCache = new Map<string, Value>();
  private readonly evaluating: string[] = [];
  private readonly children = new Map<string, Array<{ key: Value; instance: Instance }>>();
  private readonly resourceIndex = new Map<string, { file: ParsedFile; body: Json; block?: OutlineBlock }>();
  private locals?: Map<string, { raw: unknown; file: ParsedFile; pos?: Pos }>;
  private variables?: Map<string, { body: Json; file: ParsedFile; block?: OutlineBlock }>;

  constructor(
    readonly scan: Scan,
    readonly mod: ModuleDir,
    /** store id prefix: "infra/" or "infra/module.logs/" */
    readonly idPrefix: string,
    /** Terraform address prefix: "" or "module.logs." */
    readonly addressPrefix: string,
    readonly inputs: Map<string, () => Value>,
    inherited: Map<string, ProviderConfig>,
    readonly inheritedClaims: CategoryClaim[],
    readonly chain: string[],
  ) {
    this.providers = inherited;
    for (const f of mod.files) {
      for (const [type, byName] of entries(f.json.resource)) {
        for (const [name, bodies] of entries(byName)) {
          const body = asBodies(bodies)[0];
          if (body) this.resourceIndex.set(`${type}.${name}`, { file: f, body, block: findBlock(f, 'resource', [type, name]) });
        }
      }
    }
  }

  /** The provider configurations of this module: inherited ones, overridden by its own blocks. */
  ownProviders(inherited: Map<string, ProviderConfig>): Map<string, ProviderConfig> {
    const map = new Map(inherited);
    for (const f of this.mod.files) {
      for (const [name, bodies] of entries(f.json.provider)) {
        const blocks = f.blocks.filter((b) => b.type === 'provider' && b.labels[0] === name);
        asBodies(bodies).forEach((body, i) => {
          const alias = typeof body.alias === 'string' ? body.alias : undefined;
          const key = alias ? `${name}.${alias}` : name;
          map.set(key, { name, body, file: f, block: blocks[i], instance: this });
        });
      }
    }
    return map;
  }

  private moduleLabel(): string {
    return this.addressPrefix ? this.addressPrefix.slice(0, -1) : this.mod.dir === '.' ? 'the root module' : this.mod.dir;
  }

  // ───────────── values ─────────────

  lookupFor(it: Iteration = { suffix: '' }): Lookup {
    return (root: string, steps: Step[]): Value => {
      const rest = (v: Value, from: number): Value => {
        let out = v;
        for (const s of steps.slice(from)) out = index(out, s);
        return out;
      };
      switch (root) {
        case 'var':
          return typeof steps[0] === 'string' ? rest(this.variable(steps[0]), 1) : new Unknown('var without a name');
        case 'local':
          return typeof steps[0] === 'string' ? rest(this.local(steps[0]), 1) : new Unknown('local without a name');
        case 'count':
          return steps[0] === 'index' && it.countIndex !== undefined ? it.countIndex : new Unknown('count.index outside a resource with count');
        case 'each':
          if (steps[0] === 'key' && it.eachKey !== undefined) return rest(it.eachKey, 1);
          if (steps[0] === 'value' && it.eachValue !== undefined) return rest(it.eachValue, 1);
          return new Unknown('each.* outside a resource with for_each');
        case 'path':
          if (steps[0] === 'module') return this.mod.dir;
          if (steps[0] === 'root') return this.chain[0] ?? '.';
          return new Unknown(`path.${String(steps[0])} depends on where Terraform runs`);
        case 'terraform':
          return new Unknown('terraform.workspace is chosen when Terraform runs');
        case 'module':
          return this.moduleOutput(steps);
        case 'data':
          return new Unknown(`data.${steps.slice(0, 2).join('.')} is read from the provider when Terraform runs`);
        case 'self':
          return new Unknown('self is only known when Terraform runs');
        default:
          return this.resourceReference(root, steps);
      }
    };
  }

  private guarded(key: string, compute: () => Value): Value {
    if (this.evaluating.includes(key)) {
      const cycle = [...this.evaluating.slice(this.evaluating.indexOf(key)), key].join(' → ');
      return new Unknown(`a reference cycle: ${cycle}`);
    }
    if (this.scan.depth >= MAX_REFERENCE_DEPTH) return new Unknown(`references nested more than ${MAX_REFERENCE_DEPTH} deep (at ${key})`);
    this.evaluating.push(key);
    this.scan.depth++;
    try {
      return compute();
    } finally {
      this.scan.depth--;
      this.evaluating.pop();
    }
  }

  variable(name: string): Value {
    const cached = this.varCache.get(name);
    if (cached !== undefined) return cached;
    const value = this.guarded(`var.${name}`, () => this.computeVariable(name));
    this.varCache.set(name, value);
    return value;
  }

  private computeVariable(name: string): Value {
    this.variables ??= this.collectVariables();
    const decl = this.variables.get(name);
    if (!decl) return new Unknown(`var.${name} is not declared in ${this.moduleLabel()}`);
    const input = this.inputs.get(name);
    if (input) return input();
    if (!this.addressPrefix) {
      const fromFiles = this.tfvarsValue(name);
      if (fromFiles !== undefined) return fromFiles;
    }
    if ('default' in decl.body) return evaluateRaw(decl.body.default, this.lookupFor());
    return new Unknown(`var.${name} has no value (no default, no tfvars, no module input)`);
  }

  private collectVariables(): Map<string, { body: Json; file: ParsedFile; block?: OutlineBlock }> {
    const map = new Map<string, { body: Json; file: ParsedFile; block?: OutlineBlock }>();
    for (const f of this.mod.files) {
      for (const [name, bodies] of entries(f.json.variable)) {
        const body = asBodies(bodies)[0] ?? {};
        map.set(name, { body, file: f, block: findBlock(f, 'variable', [name]) });
      }
    }
    return map;
  }

  /**
   * terraform.tfvars, then *.auto.tfvars in name order (later wins), as Terraform loads them.
   * Other *.tfvars are passed with -var-file: used when they all agree, unknown when they differ.
   */
  private tfvarsValue(name: string): Value | undefined {
    const base = (f: ParsedFile): string => path.posix.basename(f.file);
    // terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json in lexical order
    const rank = (f: ParsedFile): number => (base(f) === 'terraform.tfvars' ? 0 : base(f) === 'terraform.tfvars.json' ? 1 : 2);
    const auto = this.mod.tfvars
      .filter((f) => rank(f) < 2 || base(f).endsWith('.auto.tfvars') || base(f).endsWith('.auto.tfvars.json'))
      .sort((a, b) => rank(a) - rank(b) || cmp(base(a), base(b)));
    let value: Value | undefined;
    for (const f of auto) if (Object.prototype.hasOwnProperty.call(f.json, name)) value = tfvarsLiteral(f, name);
    if (value !== undefined) return value;
    const others = this.mod.tfvars.filter((f) => !auto.includes(f) && Object.prototype.hasOwnProperty.call(f.json, name)).sort((a, b) => cmp(a.file, b.file));
    if (others.length === 0) return undefined;
    const values = others.map((f) => tfvarsLiteral(f, name));
    const distinct = new Set(values.map((v) => JSON.stringify(v)));
    if (distinct.size === 1) return values[0];
    return new Unknown(`var.${name} depends on the -var-file: ${others.map((f, i) => `${base(f)} sets ${JSON.stringify(values[i])}`).join(', ')}`);
  }

  local(name: string): Value {
    const cached = this.localCache.get(name);
    if (cached !== undefined) return cached;
    const value = this.guarded(`local.${name}`, () => {
      this.locals ??= this.collectLocals();
      const decl = this.locals.get(name);
      if (!decl) return new Unknown(`local.${name} is not defined in ${this.moduleLabel()}`);
      return evaluateRaw(decl.raw, this.lookupFor());
    });
    if (isUnknown(value) && value.reason.startsWith('a reference cycle') && this.evaluating.length === 0) {
      const decl = this.locals?.get(name);
      if (decl) this.scan.diagnostic({ code: 'unresolved', message: `local.${name}: ${value.reason}`, location: { file: decl.file.file, line: decl.pos?.line ?? 1, column: decl.pos?.column ?? 1 } });
    }
    this.localCache.set(name, value);
    return value;
  }

  private collectLocals(): Map<string, { raw: unknown; file: ParsedFile; pos?: Pos }> {
    const map = new Map<string, { raw: unknown; file: ParsedFile; pos?: Pos }>();
    for (const f of this.mod.files) {
      const blocks = f.blocks.filter((b) => b.type === 'locals');
      for (const body of asBodies(f.json.locals)) {
        for (const [k, raw] of Object.entries(body)) {
          const pos = blocks.map((b) => b.attributes.get(k)).find((p) => p !== undefined);
          map.set(k, { raw, file: f, pos });
        }
      }
    }
    return map;
  }

  private moduleOutput(steps: Step[]): Value {
    const name = steps[0];
    if (typeof name !== 'string') return new Unknown('module without a name');
    const children = this.children.get(name);
    if (!children || children.length === 0) return new Unknown(`module.${name} is not read (see its source)`);
    let i = 1;
    let child = children[0].instance;
    if (children.length > 1 || children[0].key !== null) {
      const key = steps[1];
      const hit = children.find((c) => c.key === key);
      if (!hit) return new Unknown(`module.${name}[${JSON.stringify(key)}] is not known`);
      child = hit.instance;
      i = 2;
    }
    const output = steps[i];
    if (typeof output !== 'string') return new Unknown(`module.${name} output without a name`);
    let value = child.output(output);
    for (const s of steps.slice(i + 1)) value = index(value, s);
    return value;
  }

  output(name: string): Value {
    return this.guarded(`output.${name}`, () => {
      for (const f of this.mod.files) {
        const body = asBodies(entries(f.json.output).find(([n]) => n === name)?.[1])[0];
        if (body) return evaluateRaw(body.value, this.lookupFor());
      }
      return new Unknown(`${this.moduleLabel()} has no output "${name}"`);
    });
  }

  private resourceReference(type: string, steps: Step[]): Value {
    const name = steps[0];
    if (typeof name !== 'string') return new Unknown(`${type} is not a known reference`);
    const res = this.resourceIndex.get(`${type}.${name}`);
    if (!res) return new Unknown(`${type}.${name} is not defined in ${this.moduleLabel()}`);
    let i = 1;
    let it: Iteration = { suffix: '' };
    if ('count' in res.body || 'for_each' in res.body) {
      const key = steps[1];
      if (key === undefined) return this.instancesOf(type, name, res.body);
      if (typeof key !== 'number' && typeof key !== 'string') return new Ref(`terraform:${this.idPrefix}${type}.${name}`, steps.slice(1).map(String));
      it = 'count' in res.body ? { suffix: `[${key}]`, countIndex: key } : { suffix: `[${JSON.stringify(key)}]`, eachKey: key, eachValue: this.forEachValue(res.body, key) };
      i = 2;
    }
    const attr = steps[i];
    const address = `terraform:${this.idPrefix}${type}.${name}${it.suffix}`;
    if (typeof attr === 'string' && attr in res.body && !['count', 'for_each', 'provider', 'depends_on', 'lifecycle'].includes(attr)) {
      let v = this.guarded(`${type}.${name}.${attr}`, () => evaluateRaw(res.body[attr], this.lookupFor(it)));
      for (const s of steps.slice(i + 1)) v = index(v, s);
      return v;
    }
    return new Ref(address, steps.slice(i).map(String));
  }

  /**
   * A counted or for_each resource named without a key (`for_each = aws_s3_bucket.logs`): its
   * instances, a list (count) or a map (for_each) of references to each.
   */
  private instancesOf(type: string, name: string, body: Json): Value {
    const its = this.guarded(`${type}.${name}[*]`, () => {
      const list = this.expand(body);
      return list.some((i) => i.note !== undefined) ? new Unknown(`the instances of ${type}.${name} are not known (${list[0].note})`) : list.map((i) => i.suffix);
    });
    if (isUnknown(its) || !Array.isArray(its)) return its;
    const ref = (suffix: Value): Ref => new Ref(`terraform:${this.idPrefix}${type}.${name}${String(suffix)}`, []);
    if ('count' in body) return its.map(ref);
    const out: Record<string, Value> = {};
    for (const suffix of its) out[JSON.parse(String(suffix).slice(1, -1)) as string] = ref(suffix);
    return out;
  }

  private forEachValue(body: Json, key: Value): Value {
    const all = evaluateRaw(body.for_each, this.lookupFor());
    if (Array.isArray(all)) return key;
    return all !== null && typeof all === 'object' && !(all instanceof Unknown) && !(all instanceof Ref) && typeof key === 'string' ? (all as Record<string, Value>)[key] ?? null : new Unknown('for_each is not known');
  }

  /** Instances of a counted or for_each resource/module, when the count is known (within the scan's budget). */
  iterations(body: Json): Iteration[] {
    const list = this.expand(body);
    if (list.length <= 1) return list;
    this.scan.instances += list.length;
    if (this.scan.instances <= MAX_INSTANCES) return list;
    const note = `more than ${MAX_INSTANCES} resource and module instances in this configuration; this block is read once`;
    this.scan.exhausted ??= this.mod.files[0]?.file;
    return [{ suffix: '', countIndex: new Unknown(note), eachKey: new Unknown(note), eachValue: new Unknown(note), note }];
  }

  private expand(body: Json): Iteration[] {
    if ('count' in body) {
      const n = evaluateRaw(body.count, this.lookupFor());
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 1000) return Array.from({ length: n }, (_, i) => ({ suffix: `[${i}]`, countIndex: i }));
      const why = n instanceof Unknown ? n.reason : `count is ${describeValue(n)}`;
      return [{ suffix: '', countIndex: new Unknown(`count is not known: ${why}`), note: `count unknown: ${why}` }];
    }
    if ('for_each' in body) {
      const v = evaluateRaw(body.for_each, this.lookupFor());
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
        return [...new Set(v as string[])].sort().map((k) => ({ suffix: `[${JSON.stringify(k)}]`, eachKey: k, eachValue: k }));
      }
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Ref)) {
        return Object.keys(v).sort().map((k) => ({ suffix: `[${JSON.stringify(k)}]`, eachKey: k, eachValue: (v as Record<string, Value>)[k] }));
      }
      const why = v instanceof Unknown ? v.reason : `for_each is ${describeValue(v)}`;
      const unknown = new Unknown(`for_each is not known: ${why}`);
      return [{ suffix: '', eachKey: unknown, eachValue: unknown, note: `for_each unknown: ${why}` }];
    }
    return [{ suffix: '' }];
  }

  /** The evaluated value of a (possibly nested) attribute, or undefined when absent. */
  attributeValue(body: Json, attribute: string, it?: Iteration): Value | undefined {
    return valueAt(body, attribute.split('.'), this.lookupFor(it));
  }

  // ───────────── annotations on blocks that are not stores ─────────────

  annotateBlocks(): void {
    if (this.addressPrefix) return; // a module's own comments are read once, with its root call
    this.annotateDir(this.mod);
  }

  annotateDir(mod: ModuleDir): void {
    for (const f of mod.files) {
      for (const block of f.blocks) {
        if (block.type !== 'resource' && block.type !== 'module' && block.type !== 'data') continue;
        if (block.type === 'resource' && this.scan.catalogue.resources.has(block.labels[0] ?? '')) continue; // handled with the store
        for (const a of annotationsAbove(f.lines, block.line)) {
          const location = { file: f.file, line: a.line, column: a.column };
          if (a.tag === 'invalid') this.scan.diagnostic({ code: a.code ?? 'annotation-error', message: a.message, location });
          else if (a.tag === 'category') {
            for (const id of a.ids) this.scan.result.references.push({ id, tag: 'category', location });
            if (block.type === 'resource') {
              this.scan.diagnostic({
                code: 'unresolved',
                message: `${block.labels.join('.')}: the resource type ${block.labels[0]} is not in the resource catalogue, so its retention and region are not read; add it to rules/resources/ or to "resources" in policyproof.yaml`,
                location: { file: f.file, line: block.line, column: block.column },
              });
            }
          } else if (a.tag === 'policy-ignore') {
            this.scan.result.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location });
          }
        }
      }
    }
  }

  // ───────────── resources → stores ─────────────

  resources(): void {
    for (const f of this.mod.files) {
      for (const [type, byName] of entries(f.json.resource)) {
        const spec = this.scan.catalogue.resources.get(type);
        if (!spec) continue;
        for (const [name, bodies] of entries(byName)) {
          const body = asBodies(bodies)[0];
          if (!body) continue;
          const block = findBlock(f, 'resource', [type, name]);
          try {
            for (const it of this.iterations(body)) this.resource(spec, type, name, body, f, block, it);
          } catch (e) {
            // A value this evaluator cannot handle must cost one resource, never the scan.
            this.scan.depth = 0;
            this.scan.diagnostic({
              code: 'unresolved',
              message: `${this.addressPrefix}${type}.${name} could not be evaluated: ${e instanceof Error ? e.message : String(e)}`,
              location: { file: f.file, line: block?.line ?? 1, column: block?.column ?? 1 },
            });
          }
        }
      }
    }
  }

  private resource(spec: ResourceSpec, type: string, name: string, body: Json, f: ParsedFile, block: OutlineBlock | undefined, it: Iteration): void {
    const address = `${this.addressPrefix}${type}.${name}${it.suffix}`;
    const id = `terraform:${this.idPrefix}${type}.${name}${it.suffix}`;
    const blockLoc: Location = { file: f.file, line: block?.line ?? 1, column: block?.column ?? 1 };
    const lookup = this.lookupFor(it);
    this.currentStoreId = id;
    const evidence = this.retentionEvidence(spec, type, name, body, f, block, it, lookup, blockLoc);
    this.currentStoreId = undefined;

    if (spec.attachTo) {
      const raw = rawAt(body, spec.attachTo.attribute.split('.'));
      const pos = block ? attributePos(block, [spec.attachTo.attribute]) : undefined;
      this.scan.attachments.push({
        spec,
        instance: this,
        target: raw === undefined ? new Unknown(`no ${spec.attachTo.attribute}`) : evaluateRaw(raw, lookup),
        targetLocation: pos ? { file: f.file, ...pos } : blockLoc,
        evidence,
        address,
      });
      return;
    }

    const categories: CategoryClaim[] = [];
    {
      for (const a of block ? annotationsAbove(f.lines, block.line) : annotationsOfJsonComment(body, f.lines)) {
        const location = { file: f.file, line: a.line, column: a.column };
        if (a.tag === 'category') {
          for (const cid of a.ids) {
            categories.push({ id: cid, via: 'annotation', location });
            this.pushReference({ id: cid, tag: 'category', location });
          }
        } else if (a.tag === 'policy-ignore') {
          this.scan.result.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location, storeId: id });
        } else if (a.tag === 'invalid') {
          this.scan.diagnostic({ code: a.code ?? 'annotation-error', message: a.message, location });
        }
      }
    }
    for (const p of spec.categoryFrom) {
      const v = valueAt(body, p, lookup);
      if (v === undefined || v === null) continue;
      const tagsPos = block ? attributePos(block, [p[0]]) : undefined;
      const location = this.textPos(f, block, p[p.length - 1]) ?? (tagsPos ? { file: f.file, ...tagsPos } : blockLoc);
      if (typeof v !== 'string') {
        this.scan.diagnostic({ code: 'unresolved', message: `${address}: ${p.join('.')} is not known (${v instanceof Unknown ? v.reason : describeValue(v)})`, location });
        continue;
      }
      for (const cid of v.split(/[\s,]+/).filter(Boolean)) {
        if (categories.some((c) => c.id === cid)) continue;
        categories.push({ id: cid, via: p[0] === 'labels' ? 'label' : 'tag', location });
        this.pushReference({ id: cid, tag: 'category', location });
      }
    }
    if (categories.length === 0) categories.push(...this.inheritedClaims);
    if (categories.length === 0) categories.push(...this.providerCategories(type, body, address));

    let identifier = name;
    for (const attr of spec.identifier) {
      const v = this.attributeValue(body, attr, it);
      if (typeof v === 'string' && v) {
        identifier = v;
        break;
      }
    }

    const jurisdiction = this.jurisdiction(spec, type, body, f, block, lookup, blockLoc);
    const details: Record<string, string> = { resourceType: type, provider: spec.provider, catalogue: spec.origin };
    if (jurisdiction.region) details.region = jurisdiction.region;
    if (this.addressPrefix) details.module = this.addressPrefix.slice(0, -1);
    if (it.note) details.instances = it.note;

    const store: Store = {
      id,
      kind: spec.kind,
      name: address,
      source: 'terraform',
      location: blockLoc,
      identifier,
      categories,
      dataTypes: [],
      retention: evidence,
      retentionBearing: spec.retentionBearing,
      jurisdiction,
      details,
    };
    this.scan.stores.set(id, { store, spec, instance: this, body });
  }

  /** The provider configuration a resource uses: its `provider` meta-argument, else the type's prefix. */
  private providerFor(type: string, body: Json): { key: string; config?: ProviderConfig } {
    const meta = typeof body.provider === 'string' ? body.provider.replace(/^\$\{\s*/, '').replace(/\s*\}$/, '') : undefined;
    const key = meta ?? type.slice(0, type.indexOf('_') === -1 ? type.length : type.indexOf('_'));
    return { key, config: this.providers.get(key) };
  }

  /** Categories every resource of a provider gets (AWS `default_tags`, Google `default_labels`). */
  private providerCategories(type: string, body: Json, address: string): CategoryClaim[] {
    const { key, config } = this.providerFor(type, body);
    const info = this.scan.catalogue.providers.get(key.split('.')[0]);
    if (!config || !info) return [];
    const out: CategoryClaim[] = [];
    for (const p of info.providerCategoryFrom) {
      const v = valueAt(config.body, p, config.instance.lookupFor());
      if (v === undefined || v === null) continue;
      const blockLoc: Location = { file: config.file.file, line: config.block?.line ?? 1, column: config.block?.column ?? 1 };
      const location = this.textPos(config.file, config.block, p[p.length - 1]) ?? blockLoc;
      if (typeof v !== 'string') {
        this.scan.diagnostic({ code: 'unresolved', message: `${address}: provider "${key}" ${p.join('.')} is not known (${v instanceof Unknown ? v.reason : describeValue(v)})`, location });
        continue;
      }
      for (const cid of v.split(/[\s,]+/).filter(Boolean)) {
        if (out.some((c) => c.id === cid)) continue;
        out.push({ id: cid, via: p.includes('labels') || p.includes('default_labels') ? 'label' : 'tag', location });
        this.pushReference({ id: cid, tag: 'category', location });
      }
      if (out.length > 0) break;
    }
    return out;
  }

  /** One reference per written annotation, however many instances (count, module calls) share it. */
  private pushReference(ref: CategoryReference): void {
    const key = `${ref.id}\u0000${ref.location.file}\u0000${ref.location.line}\u0000${ref.location.column}`;
    if (this.scan.referenceKeys.has(key)) return;
    this.scan.referenceKeys.add(key);
    this.scan.result.references.push(ref);
  }

  /** The line of a key inside a block's text (data_category inside a tags object). */
  private textPos(f: ParsedFile, block: OutlineBlock | undefined, key: string): Location | undefined {
    if (!block) return undefined;
    const re = new RegExp(`(^|[\\s{,"])${key.replace(/[^A-Za-z0-9_-]/g, '')}"?\\s*[=:]`);
    for (let line = block.line; line <= block.endLine && line <= f.lines.length; line++) {
      const m = re.exec(f.lines[line - 1]);
      if (m) return { file: f.file, line, column: m.index + m[1].length + 1 };
    }
    return undefined;
  }

  private retentionEvidence(
    spec: ResourceSpec, type: string, name: string, body: Json, f: ParsedFile, block: OutlineBlock | undefined,
    it: Iteration, lookup: Lookup, blockLoc: Location,
  ): RetentionEvidence[] {
    const out: RetentionEvidence[] = [];
    const address = `${this.addressPrefix}${type}.${name}${it.suffix}`;
    const dynamicReported = new Set<string>();
    for (const r of spec.retention) {
      if (!r.block) {
        const ev = this.evidenceAt(r, body, block, f, lookup, blockLoc, address);
        if (ev) out.push(ev);
        if (ev && r.partial) this.scan.partial.add(ev);
        continue;
      }
      const items: Array<{ item: Json; itemBlock?: OutlineBlock; lookup: Lookup }> = [];
      const outlines = block?.blocks.filter((b) => b.type === r.block) ?? [];
      asBodies(body[r.block]).forEach((item, i) => items.push({ item, itemBlock: outlines[i], lookup }));
      const dynamicOutlines = block?.blocks.filter((b) => b.type === 'dynamic' && b.labels[0] === r.block) ?? [];
      asBodies((body.dynamic as Json | undefined)?.[r.block]).forEach((dyn, di) => {
        const pos = dynamicOutlines[di];
        const expanded = expandDynamic(dyn, r.block!, lookup);
        if (expanded instanceof Unknown) {
          if (dynamicReported.has(`${r.block}#${di}`)) return;
          dynamicReported.add(`${r.block}#${di}`);
          out.push({
            status: 'unknown', bound: r.bound, reason: `dynamic "${r.block}": ${expanded.reason}`, via: `${address} dynamic "${r.block}"`,
            location: pos ? { file: f.file, line: pos.line, column: pos.column } : blockLoc,
          });
          return;
        }
        const content = pos?.blocks.find((b) => b.type === 'content');
        for (const x of expanded) items.push({ item: x.item, itemBlock: content ?? pos, lookup: x.lookup });
      });
      items.forEach(({ item, itemBlock, lookup }, i) => {
        const itemLoc: Location = itemBlock ? { file: f.file, line: itemBlock.line, column: itemBlock.column } : blockLoc;
        for (const c of r.when) {
          const raw = rawAt(item, c.path);
          const v = raw === undefined ? c.default : evaluateRaw(raw, lookup);
          if (v instanceof Unknown) {
            out.push({ status: 'unknown', bound: r.bound, reason: `whether the rule applies is not known: ${v.reason}`, via: `${address} ${r.block}[${i}]`, location: itemLoc });
            return;
          }
          const same = JSON.stringify(v) === JSON.stringify('notEquals' in c ? c.notEquals : c.equals);
          if ('notEquals' in c ? same : !same) return;
        }
        let label = `${address} ${r.block}`;
        const id = item.id ?? item.name;
        if (typeof id === 'string' && !id.includes('${')) label += ` "${id}"`;
        else label += `[${i}]`;
        let prefixes: string[] = [];
        for (const p of r.prefix) {
          const v = rawAt(item, p);
          const pv = v === undefined ? undefined : evaluateRaw(v, lookup);
          const list = typeof pv === 'string' ? [pv] : Array.isArray(pv) && pv.every((x) => typeof x === 'string') ? (pv as string[]) : [];
          if (list.some((x) => x !== '')) {
            prefixes = list.filter((x) => x !== '');
            label += ` (prefix ${prefixes.map((x) => JSON.stringify(x)).join(', ')})`;
            break;
          }
        }
        // other filters (object tags, sizes) also limit the rule to some of the objects
        for (const p of r.filters) {
          const raw = rawAt(item, p);
          if (raw === undefined) continue;
          const fv = evaluateRaw(Array.isArray(raw) && raw.length === 1 ? raw[0] : raw, lookup);
          if (fv === null || (typeof fv === 'object' && !(fv instanceof Unknown) && !(fv instanceof Ref) && Object.keys(fv).length === 0)) continue;
          const desc = `${p.join('.')} ${describeValue(fv)}`;
          prefixes.push(`${SCOPE_FILTER}${desc}`);
          label += ` (${desc})`;
        }
        const ev = this.evidenceAt(r, item, itemBlock, f, lookup, itemLoc, label);
        if (ev) {
          if (r.prefix.length > 0 || r.filters.length > 0) this.scan.ruleScope.set(ev, prefixes);
          if (r.partial) this.scan.partial.add(ev);
          out.push(ev);
        }
      });
    }
    return out;
  }

  private evidenceAt(
    r: RetentionSpec, body: Json, block: OutlineBlock | undefined, f: ParsedFile, lookup: Lookup, fallback: Location, label: string,
  ): RetentionEvidence | undefined {
    const found = r.attributes.map((p) => ({ p, raw: rawAt(body, p) })).find((a) => a.raw !== undefined);
    if (!found) {
      this.noteNothingKept(r.absent);
      const what = r.absent?.default ? `${label}.${r.attributes[0].join('.')}` : label;
      return r.absent ? outcomeEvidence(r.absent, what, fallback, r.bound) : undefined;
    }
    const pos = block ? attributePos(block, found.p) : undefined;
    const location: Location = pos ? { file: f.file, ...pos } : fallback;
    const via = `${label}.${found.p.join('.')}`;
    const value = evaluateRaw(found.raw, lookup);
    // null is how Terraform says "not set": the provider default applies
    if (value === null) {
      this.noteNothingKept(r.absent);
      return r.absent ? outcomeEvidence(r.absent, r.absent.default ? via : label, location, r.bound) : undefined;
    }
    const duration = toDuration(value, r.unit);
    if (duration instanceof Unknown) return { status: 'unknown', bound: r.bound, reason: duration.reason, via, location };
    if (duration.seconds === 0 && r.zero) {
      this.noteNothingKept(r.zero);
      return outcomeEvidence(r.zero, via, location, r.bound);
    }
    return { status: 'known', duration, bound: r.bound, via, location };
  }

  /** The store being read; a `none` outcome with a reason means its configuration keeps nothing. */
  private currentStoreId?: string;

  private noteNothingKept(o: Outcome | undefined): void {
    if (o?.status === 'none' && o.reason && this.currentStoreId) this.scan.nothingKept.set(this.currentStoreId, o.reason);
  }

  private jurisdiction(spec: ResourceSpec, type: string, body: Json, f: ParsedFile, block: OutlineBlock | undefined, lookup: Lookup, blockLoc: Location): JurisdictionEvidence {
    for (const p of spec.regionAttributes) {
      const v = valueAt(body, p, lookup);
      if (v === undefined || v === null) continue;
      const pos = block ? attributePos(block, p) ?? attributePos(block, [p[0]]) : undefined;
      const location: Location = pos ? { file: f.file, ...pos } : blockLoc;
      return regionEvidence(v, spec.provider, location, p.join('.'));
    }
    const absent = spec.regionAbsent;
    if (absent?.region) return { region: absent.region, provider: spec.provider, status: 'known', location: blockLoc };
    if (absent?.from && rawAt(body, absent.from.split('.')) !== undefined) return this.regionFrom(spec, type, body, f, block, blockLoc, absent.from);
    if (absent?.reason) return { provider: spec.provider, status: 'unknown', reason: `${type}: ${absent.reason}`, location: blockLoc };
    const { key, config } = this.providerFor(type, body);
    const metaPos = block?.attributes.get('provider');
    const metaLoc: Location | undefined = metaPos ? { file: f.file, ...metaPos } : undefined;
    const providerInfo = this.scan.catalogue.providers.get(key.split('.')[0]);
    const regionAttr = providerInfo?.providerRegion ?? spec.providerRegion;
    if (!regionAttr) {
      // providers without a region setting (Hetzner): the resource itself must say where
      const names = spec.regionAttributes.map((p) => p.join('.')).join(', ');
      return { provider: spec.provider, status: 'unknown', reason: `${type} states no ${names || 'region'}`, location: blockLoc };
    }
    const stated = this.scan.statedRegions[key.split('.')[0]];
    const configLoc: Location = config?.block ? { file: config.file.file, line: config.block.line, column: config.block.column } : blockLoc;
    if (stated !== undefined && (!config || !(regionAttr in config.body))) {
      return { region: stated, provider: spec.provider, status: 'known', location: metaLoc ?? configLoc };
    }
    if (!config) {
      // one finding for the module (a module meant to be called takes its provider from the caller), not one per resource
      const first = [...this.mod.files].sort((a, b) => cmp(a.file, b.file))[0];
      const moduleLoc: Location = first ? { file: first.file, line: 1, column: 1 } : blockLoc;
      return { provider: spec.provider, status: 'unknown', reason: `no provider "${key}" block in ${this.mod.dir === '.' ? 'the root module' : this.mod.dir} states where its resources keep their data (a module meant to be called, or a region from the environment); state it in policyproof.yaml terraform-regions`, location: metaLoc ?? moduleLoc };
    }
    if (!regionAttr || !(regionAttr in config.body)) {
      return {
        provider: spec.provider, status: 'unknown',
        reason: `provider "${key}" sets no ${regionAttr ?? 'region'}; it would come from the environment when Terraform runs`,
        location: metaLoc ?? configLoc,
      };
    }
    const pos = config.block?.attributes.get(regionAttr);
    const location: Location = metaLoc ?? (pos ? { file: config.file.file, ...pos } : configLoc);
    return regionEvidence(evaluateRaw(config.body[regionAttr], config.instance.lookupFor()), spec.provider, location, `provider "${key}" ${regionAttr}`);
  }

  /**
   * The region of the resource another attribute refers to (an event hub lives in its namespace's
   * location, a subscription's messages in its topic's regions), by reference or by name.
   */
  private regionFrom(
    spec: ResourceSpec, type: string, body: Json, f: ParsedFile, block: OutlineBlock | undefined, blockLoc: Location, attribute: string,
  ): JurisdictionEvidence {
    const pos = block ? attributePos(block, attribute.split('.')) : undefined;
    const location: Location = pos ? { file: f.file, ...pos } : blockLoc;
    const v = this.attributeValue(body, attribute, undefined);
    const unknown = (reason: string): JurisdictionEvidence => ({ provider: spec.provider, status: 'unknown', reason: `${type} keeps its data where ${attribute} is: ${reason}`, location });
    if (v === undefined || v === null) return unknown(`${attribute} is not set`);
    let target: { type: string; name: string; body: Json } | undefined;
    if (v instanceof Ref) {
      const prefix = `terraform:${this.idPrefix}`;
      const m = v.address.startsWith(prefix) ? /^([^.[]+)\.([^.[]+)(?:\[.+\])?$/.exec(v.address.slice(prefix.length)) : null;
      const res = m ? this.resourceIndex.get(`${m[1]}.${m[2]}`) : undefined;
      if (m && res) target = { type: m[1], name: m[2], body: res.body };
    } else if (typeof v === 'string') {
      // by name: "my-topic" or "projects/p/topics/my-topic"
      for (const [address, res] of [...this.resourceIndex].sort(([a], [b]) => cmp(a, b))) {
        const name = this.attributeValue(res.body, 'name');
        if (typeof name === 'string' && name !== '' && (v === name || v.endsWith(`/${name}`))) {
          const dot = address.indexOf('.');
          target = { type: address.slice(0, dot), name: address.slice(dot + 1), body: res.body };
          break;
        }
      }
    }
    if (!target) return unknown(`${describeValue(v)} names no resource of ${this.moduleLabel()}`);
    const targetSpec = this.scan.catalogue.resources.get(target.type);
    const provider = this.scan.catalogue.providers.get(target.type.split('_')[0]);
    const attrs = targetSpec?.regionAttributes.length ? targetSpec.regionAttributes : [[provider?.provider === 'azure' ? 'location' : 'region']];
    for (const p of attrs) {
      const region = this.attributeValue(target.body, p.join('.'));
      if (region === undefined || region === null) continue;
      return regionEvidence(region, spec.provider, location, `${target.type}.${target.name}.${p.join('.')}`);
    }
    const why = targetSpec?.regionAbsent?.reason ?? `it states no ${attrs.map((p) => p.join('.')).join(' or ')}`;
    return unknown(`${target.type}.${target.name}: ${why}`);
  }

  // ───────────── module calls ─────────────

  modules(): Instance[] {
    const toRun: Instance[] = [];
    for (const f of this.mod.files) {
      for (const [name, bodies] of entries(f.json.module)) {
        const body = asBodies(bodies)[0];
        if (!body) continue;
        const block = findBlock(f, 'module', [name]);
        const blockLoc: Location = { file: f.file, line: block?.line ?? 1, column: block?.column ?? 1 };
        const sourcePos = block?.attributes.get('source');
        const sourceLoc: Location = sourcePos ? { file: f.file, ...sourcePos } : blockLoc;
        const source = body.source;
        if (typeof source !== 'string') {
          this.scan.diagnostic({ code: 'unresolved', message: `module "${name}": its source is not a literal string; what it stores is unknown`, location: sourceLoc });
          continue;
        }
        const callKey = `${this.addressPrefix.replace(/module\./g, '').replace(/\[[^\]]*\]/g, '')}${name}`;
        const fetched = isLocalSource(source) ? undefined : this.scan.installed.get(callKey);
        if (!isLocalSource(source) && fetched === undefined) {
          // one note per distinct source (at its first call in the files), not a warning per call
          const seen = this.scan.unreadSources.get(source);
          if (!seen || cmp(sourceLoc.file, seen.file) < 0 || (sourceLoc.file === seen.file && sourceLoc.line < seen.line)) this.scan.unreadSources.set(source, sourceLoc);
          continue;
        }
        const target = fetched ?? moduleDir(this.mod.dir, source);
        if (target === '..' || target.startsWith('../') || path.posix.isAbsolute(target)) {
          this.scan.diagnostic({ code: 'unresolved', message: `module "${name}": source "${source}" is outside the repository; it is not read, so what it stores is unknown`, location: sourceLoc });
          continue;
        }
        // a module the repository says holds a category: what in it cannot be read is a gap in the proof
        if (block && annotationsAbove(f.lines, block.line).some((a) => a.tag === 'category')) this.scan.categorisedDirs.add(target);
        const child = this.scan.dirs.get(target);
        if (!child || child.files.length === 0) {
          this.scan.diagnostic({ code: 'unresolved', message: `module "${name}": source "${source}" holds no .tf files in the repository; what it stores is unknown`, location: sourceLoc });
          continue;
        }
        if (this.chain.includes(target) || this.chain.length >= MAX_MODULE_DEPTH) {
          this.scan.diagnostic({ code: 'unresolved', message: `module "${name}": calling ${target} again would recurse (${[...this.chain, target].join(' → ')}); not read`, location: sourceLoc });
          continue;
        }
        const claims: CategoryClaim[] = [];
        {
          for (const a of block ? annotationsAbove(f.lines, block.line) : []) {
            if (a.tag === 'category') for (const cid of a.ids) claims.push({ id: cid, via: 'inherited', location: { file: f.file, line: a.line, column: a.column } });
          }
        }
        const list: Array<{ key: Value; instance: Instance }> = [];
        const its = this.iterations(body);
        for (const it of its) {
          const lookup = this.lookupFor(it);
          const inputs = new Map<string, () => Value>();
          for (const [k, raw] of Object.entries(body)) {
            if (['source', 'version', 'providers', 'count', 'for_each', 'depends_on'].includes(k)) continue;
            let memo: Value | undefined;
            inputs.set(k, () => (memo ??= evaluateRaw(raw, lookup)));
          }
          const inherited = new Map<string, ProviderConfig>();
          for (const [k, v] of this.providers) if (!k.includes('.')) inherited.set(k, v);
          if (body.providers !== null && typeof body.providers === 'object' && !Array.isArray(body.providers)) {
            for (const [childKey, raw] of Object.entries(body.providers as Json)) {
              const parentKey = typeof raw === 'string' ? raw.replace(/^\$\{\s*/, '').replace(/\s*\}$/, '') : '';
              const config = this.providers.get(parentKey);
              if (config) inherited.set(childKey, config);
            }
          }
          const suffix = it.suffix;
          const instance = new Instance(
            this.scan, child, `${this.idPrefix}module.${name}${suffix}/`, `${this.addressPrefix}module.${name}${suffix}.`,
            inputs, new Map(), claims, [...this.chain, target],
          );
          instance.providers = instance.ownProviders(inherited);
          list.push({ key: it.countIndex ?? it.eachKey ?? null, instance });
        }
        this.children.set(name, list);
        if (this.chain.length === 1 || !this.scan.annotatedDirs.has(target)) {
          this.scan.annotatedDirs.add(target);
          list[0]?.instance.annotateDir(child);
        }
        for (const { instance } of list) toRun.push(instance);
      }
    }
    return toRun;
  }
}

// ───────────── helpers ─────────────

/**
 * The blocks a `dynamic "<name>"` block makes: one `content` per element of its for_each, read
 * with `<iterator>.key` and `<iterator>.value` bound. Unknown when for_each is not known.
 */
function expandDynamic(dyn: Json, name: string, lookup: Lookup): Array<{ item: Json; lookup: Lookup }> | Unknown {
  const content = asBodies(dyn.content)[0];
  if (!content) return new Unknown('it has no content block');
  if (asBodies(content.dynamic).length > 0) return new Unknown('nested dynamic blocks are not evaluated');
  const iterator = typeof dyn.iterator === 'string' ? dyn.iterator.replace(/^\$\{\s*/, '').replace(/\s*\}$/, '') : name;
  const coll = evaluateRaw(dyn.for_each, lookup);
  let pairs: Array<[Value, Value]>;
  if (coll instanceof Unknown) return new Unknown(`for_each is not known (${coll.reason})`);
  if (coll instanceof Ref) return new Unknown(`for_each is ${coll.toString()}, known only when Terraform runs`);
  if (Array.isArray(coll)) pairs = coll.map((v, i) => [i, v]);
  else if (coll !== null && typeof coll === 'object') pairs = Object.keys(coll).sort().map((k) => [k, (coll as Record<string, Value>)[k]]);
  else return new Unknown(`for_each is ${describeValue(coll)}`);
  if (pairs.length > 1000) return new Unknown(`for_each has ${pairs.length} elements`);
  return pairs.map(([key, value]) => ({
    item: content,
    lookup: (root: string, steps: Step[]): Value => {
      if (root !== iterator) return lookup(root, steps);
      let v: Value = { key, value };
      for (const s of steps) v = index(v, s);
      return v;
    },
  }));
}

function isTfvars(file: string): boolean {
  return file.endsWith('.tfvars') || file.endsWith('.tfvars.json');
}

/** A value from a variables file: HCL expressions (no references) or, in .tfvars.json, plain JSON. */
function tfvarsLiteral(f: ParsedFile, name: string): Value {
  const raw = f.json[name];
  if (f.file.endsWith('.json')) return jsonValue(raw);
  return evaluateRaw(raw, () => new Unknown('a tfvars value refers to something'));
}

function jsonValue(v: unknown): Value {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, jsonValue(x)]));
  return null;
}

function regionEvidence(v: Value, provider: string, location: Location, what: string): JurisdictionEvidence {
  if (typeof v === 'string' && v.trim()) return { region: v.trim(), provider, status: 'known', location };
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return { region: (v as string[]).join(','), provider, status: 'known', location };
  const reason = v instanceof Unknown ? v.reason : v instanceof Ref ? `${v.toString()} is only known when Terraform runs` : `${what} is ${describeValue(v)}`;
  return { provider, status: 'unknown', reason: `${what}: ${reason}`, location };
}

function outcomeEvidence(o: Outcome, via: string, location: Location, bound: RetentionEvidence['bound']): RetentionEvidence | undefined {
  if (o.default) return { status: 'known', duration: parseDuration(o.default), bound, reason: o.reason, via: `${via} (provider default)`, location };
  if (o.status === 'forever') return { status: 'forever', bound, reason: o.reason, via, location };
  if (o.status === 'unknown') return { status: 'unknown', bound, reason: o.reason ?? 'not known', via, location };
  return undefined;
}

const TIME_UNITS = new Set<string>(['ms', 's', 'min', 'h', 'd', 'w']);

export function toDuration(v: Value, unit: string): ReturnType<typeof durationFrom> | Unknown {
  if (v instanceof Unknown) return v;
  if (v instanceof Ref) return new Unknown(`${v.toString()} is only known when Terraform runs`);
  if (unit === 'iso') {
    if (typeof v !== 'string') return new Unknown(`${describeValue(v)} is not an ISO 8601 duration`);
    try {
      return parseDuration(v);
    } catch (e) {
      return new Unknown((e as Error).message);
    }
  }
  if (unit === 'go-duration') {
    if (typeof v === 'string') {
      const d = goDuration(v);
      return d ?? new Unknown(`"${v}" is not a duration like "604800s" or "72h"`);
    }
    return new Unknown(`${describeValue(v)} is not a duration like "604800s"`);
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : undefined;
  if (n === undefined || !Number.isFinite(n) || n < 0) return new Unknown(`${describeValue(v)} is not a number of ${unit}`);
  if (!TIME_UNITS.has(unit)) return new Unknown(`unit ${unit}`);
  return durationFrom(n, unit as TimeUnit);
}

/** Go/Protobuf durations: "604800s", "72h", "1h30m", "1.5h", "744h". */
export function goDuration(text: string): ReturnType<typeof durationFrom> | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(s)) return undefined;
  const sizes: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let seconds = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) seconds += Number(m[1]) * sizes[m[2]];
  return durationFrom(seconds, 's');
}

function describeValue(v: Value | undefined): string {
  if (v === undefined) return 'absent';
  if (v instanceof Unknown) return `unknown (${v.reason})`;
  if (v instanceof Ref) return v.toString();
  return JSON.stringify(v);
}

function entries(v: unknown): Array<[string, unknown]> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Json) : [];
}

function asBodies(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter((x): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x));
  return v !== null && typeof v === 'object' ? [v as Json] : [];
}

/**
 * The value of an attribute path. Where the path meets an expression (`tags = local.common_tags`),
 * the expression is evaluated and the rest of the path read from its value. Undefined when absent.
 */
function valueAt(body: Json, p: string[], lookup: Lookup): Value | undefined {
  let cur: unknown = body;
  for (let i = 0; i < p.length; i++) {
    if (Array.isArray(cur)) cur = cur[0];
    if (typeof cur === 'string') {
      let v = evaluateRaw(cur, lookup);
      for (const step of p.slice(i)) {
        if (v instanceof Unknown || v instanceof Ref) return v;
        if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, step)) return undefined;
        v = (v as Record<string, Value>)[step];
      }
      return v;
    }
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[p[i]];
    if (cur === undefined) return undefined;
  }
  return evaluateRaw(cur, lookup);
}

/** A raw attribute through nested blocks: blocks are arrays (the first counts), objects are objects. */
function rawAt(body: Json, p: string[]): unknown {
  let cur: unknown = body;
  for (let i = 0; i < p.length; i++) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof cur === 'string') return undefined;
    cur = (cur as Json)[p[i]];
    if (cur === undefined) return undefined;
  }
  return cur;
}

function attributePos(block: OutlineBlock, p: string[]): Pos | undefined {
  let b: OutlineBlock | undefined = block;
  for (let i = 0; i < p.length - 1 && b; i++) {
    const nested: OutlineBlock | undefined = b.blocks.find((x) => x.type === p[i]);
    if (!nested) return b.attributes.get(p[i]) ?? { line: b.line, column: b.column };
    b = nested;
  }
  return b ? b.attributes.get(p[p.length - 1]) ?? (b === block ? undefined : { line: b.line, column: b.column }) : undefined;
}

function findBlock(f: ParsedFile, type: string, labels: string[]): OutlineBlock | undefined {
  return f.blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i] === l));
}

/**
 * The folder a local module source names, from the calling module's folder: `./x`, `../../`,
 * `../modules/x/` and `./x//sub` (the subdirectory form) all normalised, `.` for the repository root.
 */
export function moduleDir(from: string, source: string): string {
  const joined = path.posix.normalize(path.posix.join(from, source.replace(/\/\/+/g, '/')));
  const trimmed = joined.replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? '.' : trimmed;
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

