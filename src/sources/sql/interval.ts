/**
 * PostgreSQL intervals → exact durations. Every spelling PostgreSQL accepts for a fixed length:
 * '60 days', '1440 hours', '2 weeks', '1 day 12:00:00', '@ 3 days ago', 'P60D', 'PT72H',
 * interval '1 day' * 60, make_interval(days => 60), current_date - 60. Months and years have no
 * fixed length, so they are unknown with a reason, never a guess.
 */
import { durationFrom } from '../../core/duration.js';
import type { Duration } from '../../core/types.js';
import { as, callArgs, constValue, names, nodeType, str } from './ast.js';

/** `text`: the author's wording as ISO 8601 when it used one unit ('72 hours' → PT72H, '2 weeks' → P2W). */
export type Resolved = { ok: true; seconds: number; text?: string } | { ok: false; reason: string };

const UNITS: Record<string, number | 'month' | 'year'> = {
  microsecond: 1e-6, microseconds: 1e-6, us: 1e-6, usec: 1e-6, usecs: 1e-6, useconds: 1e-6,
  millisecond: 1e-3, milliseconds: 1e-3, ms: 1e-3, msec: 1e-3, msecs: 1e-3, mseconds: 1e-3,
  second: 1, seconds: 1, s: 1, sec: 1, secs: 1,
  minute: 60, minutes: 60, m: 60, min: 60, mins: 60,
  hour: 3600, hours: 3600, h: 3600, hr: 3600, hrs: 3600,
  day: 86400, days: 86400, d: 86400,
  week: 604800, weeks: 604800, w: 604800,
  month: 'month', months: 'month', mon: 'month', mons: 'month',
  year: 'year', years: 'year', y: 'year', yr: 'year', yrs: 'year',
  decade: 'year', decades: 'year', century: 'year', centuries: 'year', millennium: 'year', millennia: 'year',
};

const monthReason = (text: string): string =>
  `'${text}' is in calendar months or years, whose length varies (28–31 days, 365–366 days); write the interval in days`;

/** Parses interval input text ('60 days', 'P60D', '72:00:00', '@ 1 week ago'). */
export function parseIntervalText(input: string): Resolved {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, reason: 'the interval is empty' };
  if (text.startsWith('p')) return parseIso(input.trim());
  let rest = text.replace(/^@\s*/, '');
  let sign = 1;
  if (/\bago$/.test(rest)) {
    sign = -1;
    rest = rest.replace(/\s*\bago$/, '');
  }
  let seconds = 0;
  const units = new Set<string>();
  let lastAmount = 0;
  const re = /\s*(?:([+-]?\d+(?::\d+){1,2}(?:\.\d+)?)|([+-]?\d+(?:\.\d+)?)\s*([a-z]+)?|([a-z]+))\s*,?/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  let any = false;
  while (consumed < rest.length && (m = re.exec(rest)) !== null) {
    if (m[0] === '') break;
    consumed = re.lastIndex;
    if (m[1]) {
      const neg = m[1].startsWith('-');
      const parts = m[1].replace(/^[+-]/, '').split(':').map(Number);
      const [h, mi, s] = [parts[0], parts[1] ?? 0, parts[2] ?? 0];
      seconds += (neg ? -1 : 1) * (h * 3600 + mi * 60 + s);
      units.add('clock');
      any = true;
    } else if (m[2]) {
      const amount = Number(m[2]);
      const unit = m[3] ? UNITS[m[3]] : 1; // a bare number is seconds
      if (unit === undefined) return { ok: false, reason: `'${input}': "${m[3]}" is not an interval unit` };
      if (unit === 'month' || unit === 'year') return { ok: false, reason: monthReason(input) };
      seconds += amount * unit;
      units.add(String(unit));
      lastAmount = amount;
      any = true;
    } else {
      return { ok: false, reason: `'${input}' is not an interval PostgreSQL accepts` };
    }
  }
  if (!any || consumed < rest.length) return { ok: false, reason: `'${input}' is not an interval PostgreSQL accepts` };
  const single = units.size === 1 && sign > 0 && Number.isInteger(lastAmount) ? ISO_UNIT[[...units][0]] : undefined;
  return { ok: true, seconds: sign * seconds, ...(single ? { text: single(lastAmount) } : {}) };
}

const ISO_UNIT: Record<string, (n: number) => string> = {
  '1': (n) => `PT${n}S`, '60': (n) => `PT${n}M`, '3600': (n) => `PT${n}H`, '86400': (n) => `P${n}D`, '604800': (n) => `P${n}W`,
};

function parseIso(text: string): Resolved {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (!m || /^PT?$/i.test(text)) return { ok: false, reason: `'${text}' is not an ISO 8601 interval` };
  const [, y, mo, w, d, h, mi, s] = m;
  if (y !== undefined || mo !== undefined) return { ok: false, reason: monthReason(text) };
  return { ok: true, text: text.toUpperCase(), seconds: Number(w ?? 0) * 604800 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(s ?? 0) };
}

export function toDuration(seconds: number, text?: string): Duration {
  const d = durationFrom(seconds, 's');
  return text ? { text, seconds: d.seconds } : d;
}

/** Looks up a name used in an expression (a PL/pgSQL variable with a default). */
export type Lookup = (name: string) => unknown;

/**
 * Evaluates an interval expression. `dateContext`: the expression is subtracted from a date, where
 * a bare integer counts days (current_date - 60).
 */
export function evalInterval(node: unknown, lookup?: Lookup, dateContext = false, depth = 0): Resolved {
  if (depth > 20) return { ok: false, reason: 'the interval expression is nested too deeply' };
  const t = nodeType(node);
  if (!t) return { ok: false, reason: 'no interval' };
  const [type, body] = t;
  switch (type) {
    case 'A_Const': {
      const v = constValue(node);
      if (typeof v === 'string') return parseIntervalText(v);
      if (typeof v === 'number' && dateContext) return { ok: true, seconds: v * 86400 };
      return { ok: false, reason: `${String(v)} is a number, not an interval` };
    }
    case 'TypeCast': {
      const typeNames = names(as(body.typeName, 'TypeName')?.names ?? (body.typeName as { names?: unknown })?.names);
      const last = typeNames[typeNames.length - 1];
      if (last === 'interval') {
        const typmods = (body.typeName as { typmods?: unknown[] })?.typmods;
        const v = constValue(body.arg);
        if (typmods && typmods.length && (typeof v === 'number' || (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)))) {
          return { ok: false, reason: `interval '${String(v)}' with a field qualifier: write the unit inside the quotes ('${String(v)} days')` };
        }
        return evalInterval(body.arg, lookup, false, depth + 1);
      }
      if (last === 'int4' || last === 'int8' || last === 'numeric') return evalInterval(body.arg, lookup, dateContext, depth + 1);
      return { ok: false, reason: `a cast to ${last ?? 'an unknown type'} is not an interval` };
    }
    case 'A_Expr': {
      const op = names(body.name)[0];
      if (body.kind !== 'AEXPR_OP' || !op) break;
      if (op === '*' || op === '/') {
        const l = evalInterval(body.lexpr, lookup, false, depth + 1);
        const r = evalInterval(body.rexpr, lookup, false, depth + 1);
        const ln = numberOf(body.lexpr);
        const rn = numberOf(body.rexpr);
        if (op === '*' && l.ok && rn !== undefined) return { ok: true, seconds: l.seconds * rn };
        if (op === '*' && r.ok && ln !== undefined) return { ok: true, seconds: r.seconds * ln };
        if (op === '/' && l.ok && rn) return { ok: true, seconds: l.seconds / rn };
        if (op === '*' && dateContext && ln !== undefined && rn !== undefined) return { ok: true, seconds: ln * rn * 86400 };
        return !l.ok ? l : !r.ok ? r : { ok: false, reason: 'the interval arithmetic could not be evaluated' };
      }
      if (op === '+' || op === '-') {
        const l = evalInterval(body.lexpr, lookup, dateContext, depth + 1);
        if (!l.ok) return l;
        const r = evalInterval(body.rexpr, lookup, dateContext, depth + 1);
        if (!r.ok) return r;
        return { ok: true, seconds: op === '+' ? l.seconds + r.seconds : l.seconds - r.seconds };
      }
      break;
    }
    case 'FuncCall': {
      const fn = names(body.funcname);
      const name = fn[fn.length - 1];
      if (name === 'make_interval') return evalMakeInterval(body, lookup, depth);
      return { ok: false, reason: `the interval comes from ${fn.join('.')}(), which is not evaluated` };
    }
    case 'ParamRef':
      return { ok: false, reason: `the interval is a parameter ($${String(body.number ?? '?')}) that is only known when the statement runs` };
    case 'ColumnRef': {
      const parts = names(body.fields);
      const name = parts.join('.');
      if (lookup && parts.length === 1) {
        const value = lookup(parts[0]);
        if (value !== undefined) return evalInterval(value, undefined, dateContext, depth + 1);
      }
      return { ok: false, reason: `the interval comes from "${name}", whose value is only known when the statement runs` };
    }
    case 'SQLValueFunction':
      return { ok: false, reason: 'a timestamp is not an interval' };
  }
  return { ok: false, reason: `an expression of type ${type} is not evaluated` };
}

function numberOf(node: unknown): number | undefined {
  const v = constValue(node);
  if (typeof v === 'number') return v;
  const cast = as(node, 'TypeCast');
  if (cast) {
    const inner = constValue(cast.arg);
    if (typeof inner === 'number') return inner;
    if (typeof inner === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(inner)) return Number(inner);
  }
  return undefined;
}

const MAKE_INTERVAL_ARGS = ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'] as const;
const MAKE_INTERVAL_SECONDS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, mins: 60, secs: 1 };

function evalMakeInterval(call: Record<string, unknown>, lookup: Lookup | undefined, depth: number): Resolved {
  const { positional, named } = callArgs(call);
  const values = new Map<string, unknown>(named);
  positional.forEach((arg, i) => values.set(MAKE_INTERVAL_ARGS[i] ?? `#${i}`, arg));
  let seconds = 0;
  for (const [key, arg] of values) {
    let n = numberOf(arg);
    if (n === undefined) {
      const cref = as(arg, 'ColumnRef');
      const looked = cref && lookup ? lookup(names(cref.fields)[0] ?? '') : undefined;
      if (looked !== undefined) n = numberOf(looked);
    }
    if (n === undefined) return { ok: false, reason: `make_interval(${key} => …) is not a constant` };
    if (n === 0) continue;
    if (key === 'years' || key === 'months') return { ok: false, reason: monthReason(`make_interval(${key} => ${n})`) };
    const unit = MAKE_INTERVAL_SECONDS[key];
    if (unit === undefined) return { ok: false, reason: `make_interval has no argument "${key}"` };
    seconds += n * unit;
  }
  void depth;
  return { ok: true, seconds };
}

/** "now", current_timestamp, clock_timestamp(), date_trunc('day', now()), current_date … */
export function isNow(node: unknown): boolean {
  const t = nodeType(node);
  if (!t) return false;
  const [type, body] = t;
  if (type === 'SQLValueFunction') return true;
  if (type === 'FuncCall') {
    const fn = names(body.funcname);
    const name = fn[fn.length - 1];
    if (['now', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'localtimestamp', 'current_timestamp'].includes(name)) return true;
    if (name === 'date_trunc' || name === 'timezone') {
      const { positional } = callArgs(body);
      return positional.some((a) => isNow(a));
    }
    return false;
  }
  if (type === 'TypeCast') return isNow(body.arg);
  if (type === 'A_Const') return /^(now|today)$/i.test(String(constValue(node)));
  return false;
}

/** Whether the node is a date (current_date), so that `- 60` means days. */
export function isDateNow(node: unknown): boolean {
  const t = nodeType(node);
  if (!t) return false;
  if (t[0] === 'SQLValueFunction') return t[1].op === 'SVFOP_CURRENT_DATE';
  if (t[0] === 'TypeCast') {
    const n = names((t[1].typeName as { names?: unknown })?.names);
    return n[n.length - 1] === 'date' && isNow(t[1].arg);
  }
  return false;
}

export { str };
