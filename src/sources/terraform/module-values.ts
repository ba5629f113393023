/**
 * A module instance's values: its variables (inputs, tfvars, defaults), locals, outputs, other
 * resources' arguments, and the instances count/for_each make (instance.ts reads its blocks).
 */
import path from 'node:path';
import type { CategoryClaim } from '../../core/types.js';
import { evaluateRaw, index, isUnknown, type Lookup, Ref, type Step, Unknown, type Value } from './expr.js';
import type { OutlineBlock, Pos } from './outline.js';
import { cmp } from '../../core/compare.js';
import type { Json, ParsedFile } from './read.js';
import { asBodies, describeValue, entries, findBlock, tfvarsLiteral, valueAt } from './helpers.js';
import { type Iteration, MAX_INSTANCES, MAX_REFERENCE_DEPTH, type ModuleDir, type ProviderConfig, type Scan } from './scan.js';

export class ModuleValues {
  providers = new Map<string, ProviderConfig>();
  protected readonly varCache = new Map<string, Value>();
  protected readonly localCache = new Map<string, Value>();
  protected readonly evaluating: string[] = [];
  protected readonly children = new Map<string, Array<{ key: Value; instance: ModuleValues }>>();
  protected readonly resourceIndex = new Map<string, { file: ParsedFile; body: Json; block?: OutlineBlock }>();
  protected locals?: Map<string, { raw: unknown; file: ParsedFile; pos?: Pos }>;
  protected variables?: Map<string, { body: Json; file: ParsedFile; block?: OutlineBlock }>;

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

  protected moduleLabel(): string {
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

  protected guarded(key: string, compute: () => Value): Value {
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

  protected computeVariable(name: string): Value {
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

  protected collectVariables(): Map<string, { body: Json; file: ParsedFile; block?: OutlineBlock }> {
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
  protected tfvarsValue(name: string): Value | undefined {
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

  protected collectLocals(): Map<string, { raw: unknown; file: ParsedFile; pos?: Pos }> {
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

  protected moduleOutput(steps: Step[]): Value {
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

  protected resourceReference(type: string, steps: Step[]): Value {
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
  protected instancesOf(type: string, name: string, body: Json): Value {
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

  protected forEachValue(body: Json, key: Value): Value {
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

  protected expand(body: Json): Iteration[] {
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
}
