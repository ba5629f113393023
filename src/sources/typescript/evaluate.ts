import path from 'node:path';
import { normalizeUnit, unitFromName } from '../../core/annotations.js';
import { durationFrom, tryParseDuration, type TimeUnit } from '../../core/duration.js';
import type { Duration, RetentionEvidence } from '../../core/types.js';
import type { Expr, ModuleTable, PendingRetention, PendingTarget } from './model.js';

/** Longest chain of nested evaluations (constants referring to constants…) before giving up. */
export const MAX_EVALUATION_DEPTH = 200;

type Value =
  /** `unit`: the value is known to count this unit (the result of ms()), whatever the constant's name says */
  | { t: 'num'; v: number; unit?: TimeUnit }
  | { t: 'str'; v: string }
  | { t: 'obj'; file: string; props: Array<[string, Expr]> }
  | { t: 'ns'; file: string }
  | { t: 'fn'; file: string; name: string; line: number; column: number }
  | { t: 'unknown'; why: string };

const NOT_FOUND = Symbol('not found');

/** Thrown when evaluation needs a module that is not read yet; the caller reads it and retries. */
export class NeedModule {
  constructor(readonly file: string) {}
}

/** Thrown when evaluation needs a bare or aliased import resolved (resolve.ts); the caller resolves it and retries. */
export class NeedResolution {
  constructor(readonly from: string, readonly specifier: string) {}
}

/** Where an import leads: a repository file, or why it leads to none (a clause: "which is <why>"). */
export type Resolution = { file: string } | { why: string };

export interface ModuleLookup {
  /** the module table of a repository file: undefined when not read yet (throws NeedModule), null when unreadable */
  table(file: string): ModuleTable | null | undefined;
  /** repository files, to resolve relative imports without a type checker */
  has(file: string): boolean;
  /**
   * A bare or aliased specifier (`@app/config`) imported by `from`: undefined when not looked up yet
   * (throws NeedResolution). Without it such imports are unknown.
   */
  resolve?(from: string, specifier: string): Resolution | undefined;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** `./constants` or `./constants.js` (NodeNext style) from `src/a/b.ts` → `src/a/constants.ts`, if the repository has it. */
export function resolveImport(from: string, specifier: string, has: (file: string) => boolean): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  if (base.startsWith('../') || base === '..') return undefined;
  const candidates = [base];
  const swapped = base.replace(/\.(m|c)?jsx?$/, (_m, mc: string | undefined) => `.${mc ?? ''}ts`);
  if (swapped !== base) candidates.push(swapped, swapped.replace(/\.ts$/, '.tsx'));
  for (const ext of EXTENSIONS) candidates.push(base + ext);
  for (const ext of EXTENSIONS) candidates.push(`${base}/index${ext}`);
  return candidates.find((c) => has(c));
}

class Evaluator {
  constructor(private readonly modules: ModuleLookup) {}

  private need(file: string): ModuleTable | null {
    const t = this.modules.table(file);
    if (t === undefined) throw new NeedModule(file);
    return t;
  }

  /** The repository file an import of `specifier` in `from` leads to, or why none. */
  private target(from: string, specifier: string): Resolution {
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      const file = resolveImport(from, specifier, (f) => this.modules.has(f));
      return file ? { file } : { why: 'not a file of this repository' };
    }
    if (!this.modules.resolve) return { why: 'not a file of this repository' };
    const found = this.modules.resolve(from, specifier);
    if (found === undefined) throw new NeedResolution(from, specifier);
    return found;
  }

  eval(e: Expr, file: string, stack: string[]): Value {
    if (stack.length > MAX_EVALUATION_DEPTH) return { t: 'unknown', why: `constants refer to constants more than ${MAX_EVALUATION_DEPTH} levels deep` };
    switch (e.k) {
      case 'num':
        return { t: 'num', v: e.v };
      case 'str':
        return { t: 'str', v: e.v };
      case 'unknown':
        return { t: 'unknown', why: e.why };
      case 'fn':
        return { t: 'fn', file, name: e.name, line: e.line, column: e.column };
      case 'obj':
        return { t: 'obj', file, props: e.props };
      case 'ms': {
        const v = this.eval(e.e, file, stack);
        if (v.t === 'unknown') return v;
        if (v.t !== 'str') return { t: 'unknown', why: 'ms(…) of something that is not a string' };
        const amount = msPackage(v.v);
        return amount === undefined ? { t: 'unknown', why: `ms("${clip(v.v)}") is not a duration the ms package reads` } : { t: 'num', v: amount, unit: 'ms' };
      }
      case 'in': {
        const v = this.eval(e.e, file, stack);
        if (v.t === 'unknown') return v;
        return v.t === 'num' ? { t: 'num', v: v.v, unit: e.unit } : { t: 'unknown', why: 'a duration of something that is not a number' };
      }
      case 'to': {
        const v = this.eval(e.e, file, stack);
        if (v.t === 'unknown') return v;
        if (v.t !== 'num' || !v.unit) return { t: 'unknown', why: 'a conversion of something that is not a known duration' };
        // js-joda's toDays()/toHours() drop the remainder; toMillis() of whole units is exact either way
        return { t: 'num', v: Math.trunc(durationFrom(v.v, v.unit).seconds / durationFrom(1, e.unit).seconds), unit: e.unit };
      }
      case 'neg': {
        const v = this.eval(e.e, file, stack);
        return v.t === 'num' ? { t: 'num', v: -v.v, ...(v.unit ? { unit: v.unit } : {}) } : v.t === 'unknown' ? v : { t: 'unknown', why: 'minus applied to something that is not a number' };
      }
      case 'bin': {
        const l = this.eval(e.l, file, stack);
        if (l.t === 'unknown') return l;
        const r = this.eval(e.r, file, stack);
        if (r.t === 'unknown') return r;
        if (l.t === 'num' && r.t === 'num') {
          // 2 * ms('1d') still counts milliseconds; ms('1d') / ms('1h') is a plain number.
          const unit = e.op === '/' && l.unit && r.unit ? undefined : l.unit ?? r.unit;
          return { t: 'num', v: arithmetic(e.op, l.v, r.v), ...(unit ? { unit } : {}) };
        }
        if (e.op === '+' && (l.t === 'str' || r.t === 'str') && (l.t === 'num' || l.t === 'str') && (r.t === 'num' || r.t === 'str')) return { t: 'str', v: `${l.v}${r.v}` };
        return { t: 'unknown', why: `"${e.op}" applied to values that are not numbers` };
      }
      case 'ref':
        return this.lookup(e.name, file, stack);
      case 'prop': {
        const base = this.eval(e.e, file, stack);
        if (base.t === 'unknown') return base;
        if (base.t === 'obj') {
          const found = base.props.find(([k]) => k === e.name);
          if (!found) return { t: 'unknown', why: `the object has no property "${e.name}"` };
          return this.eval(found[1], base.file, stack);
        }
        if (base.t === 'ns') {
          const v = this.exported(base.file, e.name, stack);
          return v === NOT_FOUND ? { t: 'unknown', why: `${base.file} exports no "${e.name}"` } : v;
        }
        return { t: 'unknown', why: `".${e.name}" of a value that is not an object` };
      }
    }
  }

  lookup(name: string, file: string, stack: string[]): Value {
    const mod = this.need(file);
    if (mod) {
      const decl = mod.consts.find(([n]) => n === name)?.[1];
      if (decl) {
        const key = `${file}#${name}`;
        const at = stack.indexOf(key);
        if (at !== -1) return { t: 'unknown', why: `cycle: ${[...stack.slice(at), key].map(shortKey).join(' → ')}` };
        if (decl.mutable) return { t: 'unknown', why: `"${name}" is declared with ${decl.mutable}; its value may change at run time` };
        stack.push(key);
        try {
          return this.eval(decl.expr, file, stack);
        } finally {
          stack.pop();
        }
      }
      const imp = mod.imports.find((i) => i.local === name);
      if (imp) {
        const found = this.target(file, imp.module);
        if (!('file' in found)) return { t: 'unknown', why: `"${name}" is imported from "${imp.module}", which is ${found.why}` };
        const target = found.file;
        if (imp.imported === '*') return { t: 'ns', file: target };
        const v = this.exported(target, imp.imported, stack);
        return v === NOT_FOUND ? { t: 'unknown', why: `${target} exports no "${imp.imported}"` } : v;
      }
    } else {
      return { t: 'unknown', why: `${file} could not be read` };
    }
    if (name === 'Infinity') return { t: 'num', v: Infinity };
    return { t: 'unknown', why: `"${name}" is not a constant of ${file}` };
  }

  exported(file: string, name: string, stack: string[], seen = new Set<string>()): Value | typeof NOT_FOUND {
    const key = `${file}:${name}`;
    if (seen.has(key) || seen.size > MAX_EVALUATION_DEPTH) return NOT_FOUND;
    seen.add(key);
    const mod = this.need(file);
    if (!mod) return { t: 'unknown', why: `${file} could not be read` };
    const local = mod.exports.find(([exported]) => exported === name)?.[1];
    if (local !== undefined) return this.lookup(local, file, stack);
    for (const re of mod.reexports) {
      if (re.exported !== undefined && re.exported !== name) continue;
      const found = this.target(file, re.module);
      const target = 'file' in found ? found.file : undefined;
      if (re.exported === name) {
        if (!target) return { t: 'unknown', why: `"${name}" is re-exported from "${re.module}", which is ${'why' in found ? found.why : 'not a file of this repository'}` };
        if (re.imported === '*') return { t: 'ns', file: target };
        const v = this.exported(target, re.imported ?? name, stack, seen);
        return v === NOT_FOUND ? { t: 'unknown', why: `${target} exports no "${re.imported ?? name}"` } : v;
      }
      if (!target) continue; // export * from a package: cannot hold a repository constant we could read
      const v = this.exported(target, name, stack, seen);
      if (v !== NOT_FOUND) return v;
    }
    return NOT_FOUND;
  }
}

function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    default: return a ** b;
  }
}

function shortKey(key: string): string {
  return key.slice(key.indexOf('#') + 1);
}

/**
 * The retention evidence of one `@retention` constant: its value evaluated statically, with the
 * unit from `unit=` or the name. Throws NeedModule when an imported module has to be read first.
 */
export function evaluateRetention(p: PendingRetention, file: string, modules: ModuleLookup): RetentionEvidence {
  const base = { bound: p.bound, via: `@retention constant ${p.name}`, location: p.location, category: p.category };
  const unknown = (reason: string): RetentionEvidence => ({ status: 'unknown', reason, ...base });
  if (p.mutable) return unknown(`declared with ${p.mutable}; its value may change at run time (use const)`);
  const ev = new Evaluator(modules);
  const value = ev.eval(p.expr, file, [`${file}#${p.name}`]);
  if (value.t === 'unknown') return unknown(value.why);
  if (value.t === 'obj' || value.t === 'ns') return unknown('the value is an object, not a number of a time unit');
  if (value.t === 'fn') return unknown(`the value is the function ${value.name}, not a number of a time unit`);

  let unit: TimeUnit | undefined;
  if (p.unit !== undefined) {
    unit = normalizeUnit(p.unit);
    if (!unit) return unknown(`unit=${p.unit} is not a time unit (ms, s, min, h, d, w)`);
  }
  const named = unitFromName(p.name.slice(p.name.lastIndexOf('.') + 1)) ?? unitFromName(p.name);
  let amount: number;
  if (value.t === 'str') {
    const parsed = durationText(value.v);
    if (parsed === undefined) return unknown(`the string "${clip(value.v)}" is not a duration (write a number, or an ISO 8601 duration such as P60D)`);
    if ('duration' in parsed) return { status: 'known', duration: parsed.duration, ...base };
    amount = parsed.amount;
    unit = parsed.unit ?? unit;
  } else {
    amount = value.v;
    // A value known to be in a unit (ms('60d') is milliseconds) is read in that unit.
    if (value.unit) unit = value.unit;
  }
  if (amount === Infinity) return { status: 'forever', reason: `${p.name} is Infinity`, ...base };
  if (!Number.isFinite(amount)) return unknown('the value is not a finite number');
  if (amount < 0) return unknown(`the value ${amount} is negative`);
  unit ??= named;
  if (!unit) return unknown(`the value ${amount} has no unit: add unit=<ms|s|min|h|d|w> to @retention or name the constant with one (…_DAYS, …Ms, …Hours)`);
  const duration: Duration = durationFrom(amount, unit);
  return { status: 'known', duration, ...base };
}

/**
 * The value a constant expression has at run time, as text pasted into a template literal
 * (`${DAYS}` → "14"), or undefined when it cannot be known statically. Throws NeedModule like evaluateRetention.
 */
export function evaluateText(expr: Expr, file: string, modules: ModuleLookup): string | undefined {
  const v = new Evaluator(modules).eval(expr, file, []);
  if (v.t === 'num' && Number.isFinite(v.v)) return String(v.v);
  if (v.t === 'str') return v.v;
  return undefined;
}

/**
 * The function an `@implements` tag names by reference (`handler: deleteHistory`, `export { x as
 * handler } from '@app/history'`), followed through imports and barrels like a constant: where it
 * is declared, or why it cannot be followed. Undefined when the reference is not an import that
 * could lead to one (a local name that is no top-level function, a value that is no function).
 * Throws NeedModule/NeedResolution like evaluateRetention.
 */
export function evaluateTarget(t: PendingTarget, file: string, modules: ModuleLookup): { file: string; name: string; line: number; column: number } | { why: string } | undefined {
  const ev = new Evaluator(modules);
  const mod = modules.table(file);
  if (mod === undefined) throw new NeedModule(file);
  const imported = t.via === 'export' || (mod?.imports.some((i) => i.local === t.name) ?? false);
  const v = t.via === 'local' ? ev.lookup(t.name, file, []) : ev.exported(file, t.name, []);
  if (v === NOT_FOUND) return { why: `${file} exports no "${t.name}"` };
  if (v.t === 'fn') return { file: v.file, name: v.name, line: v.line, column: v.column };
  return v.t === 'unknown' && imported ? { why: v.why } : undefined;
}

/** '60d', '72 hours', 'P60D', '5184000' → a duration or an amount (with its unit when written). */
function durationText(s: string): { duration: Duration } | { amount: number; unit?: TimeUnit } | undefined {
  const t = s.trim();
  const iso = tryParseDuration(t.toUpperCase());
  if (iso) return { duration: { ...iso, text: t.toUpperCase() } };
  if (/^\d+(?:\.\d+)?$/.test(t)) return { amount: Number(t) };
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (!m) return undefined;
  const unit = normalizeUnit(m[2]);
  return unit ? { amount: Number(m[1]), unit } : undefined;
}

/** Milliseconds per unit word of the `ms` package (v2): its years and months are fixed lengths. */
const MS_UNITS: Array<[RegExp, number]> = [
  [/^(?:years?|yrs?|y)$/, 365.25 * 86_400_000],
  [/^(?:months?|mo)$/, (365.25 / 12) * 86_400_000],
  [/^(?:weeks?|w)$/, 7 * 86_400_000],
  [/^(?:days?|d)$/, 86_400_000],
  [/^(?:hours?|hrs?|h)$/, 3_600_000],
  [/^(?:minutes?|mins?|m)$/, 60_000],
  [/^(?:seconds?|secs?|s)$/, 1000],
  [/^(?:milliseconds?|msecs?|ms)$/, 1],
];

/** What `ms(text)` returns, in milliseconds, as the `ms` package reads it ('60d', '2 days', '1.5h', '100'); undefined where it returns undefined. */
export function msPackage(text: string): number | undefined {
  if (text.length > 100) return undefined; // the ms package refuses longer strings too (and the pattern would backtrack)
  const m = /^(-?\d*\.?\d+) *([a-z]*)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === '') return n;
  const word = m[2].toLowerCase();
  const factor = MS_UNITS.find(([re]) => re.test(word))?.[1];
  return factor === undefined ? undefined : n * factor;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
