/** One Terraform scan's shared state: what module instances find, and what is attached at the end. */
import type { Diagnostic, Location, RetentionEvidence, SourceResult, Store } from '../../core/types.js';
import { durationFrom } from '../../core/duration.js';
import type { Catalogue, ResourceSpec } from './catalogue.js';
import { Ref, Unknown, type Value } from './expr.js';
import type { OutlineBlock } from './outline.js';
import { cmp } from '../../core/compare.js';
import type { Json, ParsedFile } from './read.js';
import { describeValue, outcomeEvidence } from './helpers.js';
import type { ModuleValues } from './module-values.js';
import type { Instance } from './instance.js';

export interface ModuleDir {
  dir: string;
  files: ParsedFile[];
  tfvars: ParsedFile[];
}

export interface ProviderConfig {
  name: string;
  body: Json;
  file: ParsedFile;
  block?: OutlineBlock;
  instance: ModuleValues;
}

export interface Iteration {
  suffix: string;
  countIndex?: Value;
  eachKey?: Value;
  eachValue?: Value;
  note?: string;
}

export interface Attachment {
  spec: ResourceSpec;
  instance: ModuleValues;
  target: Value;
  targetLocation: Location;
  evidence: RetentionEvidence[];
  address: string;
}

export const MAX_MODULE_DEPTH = 16;
/** marks a rule scope that is a filter (tag, size), not a prefix */
export const SCOPE_FILTER = '\u0000';
/** Resource and module instances expanded from count/for_each in one scan; past it each block counts once. */
export const MAX_INSTANCES = 10_000;
/** A chain of locals this long is not hand-written; deeper chains are unknown rather than a stack overflow. */
export const MAX_REFERENCE_DEPTH = 200;

export class Scan {
  readonly stores = new Map<string, { store: Store; spec: ResourceSpec; instance: ModuleValues; body: Json }>();
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
