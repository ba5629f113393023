/** Small readers of hcl2json's output shared by the Terraform source's modules. */
import path from 'node:path';
import type { JurisdictionEvidence, Location, RetentionEvidence } from '../../core/types.js';
import { durationFrom, parseDuration, type TimeUnit } from '../../core/duration.js';
import type { Outcome } from './catalogue.js';
import { evaluateRaw, index, type Lookup, Ref, type Step, Unknown, type Value } from './expr.js';
import type { OutlineBlock, Pos } from './outline.js';
import type { Json, ParsedFile } from './read.js';

/**
 * The blocks a `dynamic "<name>"` block makes: one `content` per element of its for_each, read
 * with `<iterator>.key` and `<iterator>.value` bound. Unknown when for_each is not known.
 */
export function expandDynamic(dyn: Json, name: string, lookup: Lookup): Array<{ item: Json; lookup: Lookup }> | Unknown {
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

export function isTfvars(file: string): boolean {
  return file.endsWith('.tfvars') || file.endsWith('.tfvars.json');
}

/** A value from a variables file: HCL expressions (no references) or, in .tfvars.json, plain JSON. */
export function tfvarsLiteral(f: ParsedFile, name: string): Value {
  const raw = f.json[name];
  if (f.file.endsWith('.json')) return jsonValue(raw);
  return evaluateRaw(raw, () => new Unknown('a tfvars value refers to something'));
}

export function jsonValue(v: unknown): Value {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, jsonValue(x)]));
  return null;
}

export function regionEvidence(v: Value, provider: string, location: Location, what: string): JurisdictionEvidence {
  if (typeof v === 'string' && v.trim()) return { region: v.trim(), provider, status: 'known', location };
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return { region: (v as string[]).join(','), provider, status: 'known', location };
  const reason = v instanceof Unknown ? v.reason : v instanceof Ref ? `${v.toString()} is only known when Terraform runs` : `${what} is ${describeValue(v)}`;
  return { provider, status: 'unknown', reason: `${what}: ${reason}`, location };
}

export function outcomeEvidence(o: Outcome, via: string, location: Location, bound: RetentionEvidence['bound']): RetentionEvidence | undefined {
  if (o.default) return { status: 'known', duration: parseDuration(o.default), bound, reason: o.reason, via: `${via} (provider default)`, location };
  if (o.status === 'forever') return { status: 'forever', bound, reason: o.reason, via, location };
  if (o.status === 'unknown') return { status: 'unknown', bound, reason: o.reason ?? 'not known', via, location };
  return undefined;
}

export const TIME_UNITS = new Set<string>(['ms', 's', 'min', 'h', 'd', 'w']);

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

export function describeValue(v: Value | undefined): string {
  if (v === undefined) return 'absent';
  if (v instanceof Unknown) return `unknown (${v.reason})`;
  if (v instanceof Ref) return v.toString();
  return JSON.stringify(v);
}

export function entries(v: unknown): Array<[string, unknown]> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Json) : [];
}

export function asBodies(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter((x): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x));
  return v !== null && typeof v === 'object' ? [v as Json] : [];
}

/**
 * The value of an attribute path. Where the path meets an expression (`tags = local.common_tags`),
 * the expression is evaluated and the rest of the path read from its value. Undefined when absent.
 */
export function valueAt(body: Json, p: string[], lookup: Lookup): Value | undefined {
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
export function rawAt(body: Json, p: string[]): unknown {
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

export function attributePos(block: OutlineBlock, p: string[]): Pos | undefined {
  let b: OutlineBlock | undefined = block;
  for (let i = 0; i < p.length - 1 && b; i++) {
    const nested: OutlineBlock | undefined = b.blocks.find((x) => x.type === p[i]);
    if (!nested) return b.attributes.get(p[i]) ?? { line: b.line, column: b.column };
    b = nested;
  }
  return b ? b.attributes.get(p[p.length - 1]) ?? (b === block ? undefined : { line: b.line, column: b.column }) : undefined;
}

export function findBlock(f: ParsedFile, type: string, labels: string[]): OutlineBlock | undefined {
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

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
