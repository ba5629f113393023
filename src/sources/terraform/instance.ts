/** A module instance's blocks: annotations, resources → stores with retention and jurisdiction evidence, module calls. */
import path from 'node:path';
import type { CategoryClaim, CategoryReference, JurisdictionEvidence, Location, RetentionEvidence, Store } from '../../core/types.js';
import type { Outcome, ResourceSpec, RetentionSpec } from './catalogue.js';
import { evaluateRaw, type Lookup, Ref, Unknown, type Value } from './expr.js';
import { annotationsAbove, annotationsOfJsonComment, type OutlineBlock } from './outline.js';
import { cmp } from '../../core/compare.js';
import type { Json, ParsedFile } from './read.js';
import { asBodies, attributePos, describeValue, entries, expandDynamic, findBlock, isLocalSource, moduleDir, outcomeEvidence, rawAt, regionEvidence, toDuration, valueAt } from './helpers.js';
import { type Iteration, MAX_MODULE_DEPTH, type ModuleDir, type ProviderConfig, SCOPE_FILTER } from './scan.js';
import { ModuleValues } from './module-values.js';

export class Instance extends ModuleValues {
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
