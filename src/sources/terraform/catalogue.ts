/**
 * The resource catalogue: which Terraform resource types keep data, and which attributes state
 * for how long and where. The knowledge is data (rules/resources/<provider>.yaml, and the user's
 * `resources:` in policyproof.yaml in the same shape); this module only reads and checks it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { tryParseDuration } from '../../core/duration.js';
import { rulesDataPath } from '../../jurisdiction/data-file.js';

export interface Outcome {
  status?: 'forever' | 'unknown' | 'none';
  /** ISO 8601 duration: the provider's default */
  default?: string;
  reason?: string;
}

export interface Condition {
  path: string[];
  equals?: unknown;
  /** the condition holds when the value is anything but this */
  notEquals?: unknown;
  default?: unknown;
}

export interface RetentionSpec {
  /** alternatives, each a path through nested blocks */
  attributes: string[][];
  unit: string;
  bound: 'max' | 'min' | 'default';
  block?: string;
  when: Condition[];
  prefix: string[][];
  /** other filters (object tags, sizes) that limit a block's rule to some of the objects */
  filters: string[][];
  absent?: Outcome;
  zero?: Outcome;
  /** the rule bounds only part of the data (older object versions): alone it does not bound the store */
  partial: boolean;
}

export interface ResourceSpec {
  type: string;
  /** jurisdiction provider id (rules/regions.yaml) */
  provider: string;
  providerRegion?: string;
  kind: string;
  identifier: string[];
  retentionBearing: boolean;
  regionAttributes: string[][];
  /** where the resource lives when no region attribute is set, instead of the provider's region */
  regionAbsent?: { region?: string; from?: string; reason?: string };
  categoryFrom: string[][];
  attachTo?: { attribute: string; types: string[]; matchAttribute?: string };
  retention: RetentionSpec[];
  noEvidence?: Outcome;
  /** where the mapping comes from (rules/resources/aws.yaml or the user's configuration) */
  origin: string;
}

export interface Catalogue {
  resources: Map<string, ResourceSpec>;
  /** Terraform provider name (aws, google, azurerm …) → its jurisdiction id and region attribute */
  providers: Map<string, ProviderSpec>;
}

export interface ProviderSpec {
  provider: string;
  providerRegion?: string;
  /** attribute paths of the provider block holding a category for all its resources (AWS default_tags) */
  providerCategoryFrom: string[][];
}

const UNITS = new Set(['ms', 's', 'min', 'h', 'd', 'w', 'go-duration', 'iso']);

export class CatalogueError extends Error {}

let builtin: Catalogue | undefined;

export function builtinCatalogue(): Catalogue {
  if (builtin) return builtin;
  const dir = path.dirname(rulesDataPath('resources/aws.yaml'));
  const docs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ origin: `rules/resources/${f}`, doc: parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));
  builtin = buildCatalogue(docs);
  return builtin;
}

/** The built-in catalogue plus the user's mappings (which win for the same resource type). */
export function catalogueWith(extra: unknown[] | undefined): { catalogue: Catalogue; problems: string[] } {
  const base = builtinCatalogue();
  if (!extra || extra.length === 0) return { catalogue: base, problems: [] };
  const problems: string[] = [];
  const docs: Array<{ origin: string; doc: unknown }> = [];
  extra.forEach((doc, i) => docs.push({ origin: `configuration resources[${i}]`, doc }));
  let user: Catalogue;
  try {
    user = buildCatalogue(docs);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
    return { catalogue: base, problems };
  }
  return {
    catalogue: {
      resources: new Map([...base.resources, ...user.resources]),
      providers: new Map([...base.providers, ...user.providers]),
    },
    problems,
  };
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const paths = (v: unknown): string[][] => list(v).map((p) => p.split('.'));

export function buildCatalogue(docs: Array<{ origin: string; doc: unknown }>): Catalogue {
  const resources = new Map<string, ResourceSpec>();
  const providers = new Map<string, ProviderSpec>();
  for (const { origin, doc } of docs) {
    if (!isRecord(doc)) throw new CatalogueError(`${origin}: a resource mapping must be an object with provider and resources`);
    const provider = String(doc.provider ?? '');
    if (!provider) throw new CatalogueError(`${origin}: "provider" is required (aws, gcp, azure, hetzner …)`);
    const providerRegion = doc.providerRegion === undefined ? undefined : String(doc.providerRegion);
    const providerCategoryFrom = paths(doc.providerCategoryFrom);
    for (const tf of list(doc.terraformProviders ?? provider)) providers.set(tf, { provider, providerRegion, providerCategoryFrom });
    const regionAttributes = paths(doc.regionAttributes);
    const categoryFrom = paths(doc.categoryFrom);
    if (!isRecord(doc.resources)) throw new CatalogueError(`${origin}: "resources" must map resource types to their description`);
    for (const [type, value] of Object.entries(doc.resources)) {
      const where = `${origin}: ${type}`;
      if (!isRecord(value)) throw new CatalogueError(`${where}: must be an object with at least "kind"`);
      if (typeof value.kind !== 'string') throw new CatalogueError(`${where}: "kind" is required (log-group, bucket, queue …)`);
      const retention = (Array.isArray(value.retention) ? value.retention : value.retention === undefined ? [] : [value.retention]).map(
        (r, i) => retentionSpec(r, `${where} retention[${i}]`),
      );
      const attach = value.attachTo;
      if (attach !== undefined && (!isRecord(attach) || typeof attach.attribute !== 'string')) {
        throw new CatalogueError(`${where}: "attachTo" needs an "attribute" naming the target`);
      }
      resources.set(type, {
        type,
        provider,
        providerRegion,
        kind: value.kind,
        identifier: list(value.identifier),
        retentionBearing: value.retentionBearing !== false,
        regionAttributes: value.regionAttributes === undefined ? regionAttributes : paths(value.regionAttributes),
        regionAbsent: regionAbsent(value.regionAbsent, where),
        categoryFrom: value.categoryFrom === undefined ? categoryFrom : paths(value.categoryFrom),
        attachTo: isRecord(attach)
          ? { attribute: String(attach.attribute), types: list(attach.types), matchAttribute: attach.matchAttribute === undefined ? undefined : String(attach.matchAttribute) }
          : undefined,
        retention,
        noEvidence: value.noEvidence === undefined ? undefined : outcome(value.noEvidence, `${where} noEvidence`),
        origin,
      });
    }
  }
  return { resources, providers };
}

function regionAbsent(v: unknown, where: string): ResourceSpec['regionAbsent'] {
  if (v === undefined) return undefined;
  if (!isRecord(v) || (v.region === undefined && v.from === undefined && v.reason === undefined)) {
    throw new CatalogueError(`${where}: "regionAbsent" must be {region: <region>, reason}, {from: <attribute referring to the resource whose region applies>} or {reason} (not known)`);
  }
  return {
    region: v.region === undefined ? undefined : String(v.region),
    from: v.from === undefined ? undefined : String(v.from),
    reason: v.reason === undefined ? undefined : String(v.reason),
  };
}

function retentionSpec(r: unknown, where: string): RetentionSpec {
  if (!isRecord(r)) throw new CatalogueError(`${where}: must be an object with "attribute" and "unit"`);
  const attributes = paths(r.attribute);
  if (attributes.length === 0) throw new CatalogueError(`${where}: "attribute" is required`);
  const unit = String(r.unit ?? '');
  if (!UNITS.has(unit)) throw new CatalogueError(`${where}: unit "${unit}" is not one of ${[...UNITS].join(', ')}`);
  const bound = r.bound === undefined ? 'max' : String(r.bound);
  if (bound !== 'max' && bound !== 'min' && bound !== 'default') throw new CatalogueError(`${where}: bound must be max, min or default`);
  const when = (Array.isArray(r.when) ? r.when : []).map((c, i) => {
    if (!isRecord(c) || typeof c.path !== 'string' || (!('equals' in c) && !('notEquals' in c))) {
      throw new CatalogueError(`${where} when[${i}]: needs "path" and "equals" or "notEquals"`);
    }
    return 'equals' in c ? { path: c.path.split('.'), equals: c.equals, default: c.default } : { path: c.path.split('.'), notEquals: c.notEquals, default: c.default };
  });
  return {
    attributes,
    unit,
    bound,
    block: r.block === undefined ? undefined : String(r.block),
    when,
    prefix: paths(r.prefix),
    filters: paths(r.filters),
    absent: r.absent === undefined ? undefined : outcome(r.absent, `${where} absent`),
    zero: r.zero === undefined ? undefined : outcome(r.zero, `${where} zero`),
    partial: r.partial === true,
  };
}

function outcome(o: unknown, where: string): Outcome {
  if (!isRecord(o)) throw new CatalogueError(`${where}: must be {status: forever|unknown|none, reason} or {default: <ISO duration>, reason}`);
  const reason = o.reason === undefined ? undefined : String(o.reason);
  if (o.default !== undefined) {
    const d = String(o.default);
    if (!tryParseDuration(d)) throw new CatalogueError(`${where}: default "${d}" is not an ISO 8601 duration in days or less (P4D, PT24H)`);
    return { default: d, reason };
  }
  const status = String(o.status ?? '');
  if (status !== 'forever' && status !== 'unknown' && status !== 'none') throw new CatalogueError(`${where}: status must be forever, unknown or none`);
  return { status, reason };
}
