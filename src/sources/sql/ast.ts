/** Small readers over libpg-query's JSON tree (nodes are `{ TypeName: {...fields} }`). */
import type { AstObject } from './parse.js';

export function isObject(x: unknown): x is AstObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The single key and body of a node: { CreateStmt: {...} } → ['CreateStmt', {...}]. */
export function nodeType(node: unknown): [string, AstObject] | undefined {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const body = node[keys[0]];
  return isObject(body) ? [keys[0], body] : [keys[0], {}];
}

/** The body of a node when it has the given type. */
export function as(node: unknown, type: string): AstObject | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const body = (node as AstObject)[type];
  if (body === undefined) return undefined;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as AstObject) : {};
}

export function field(obj: AstObject | undefined, key: string): unknown {
  return obj ? obj[key] : undefined;
}

const NONE: unknown[] = [];

export function list(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  const items = (x as { List?: { items?: unknown } } | null | undefined)?.List?.items;
  return Array.isArray(items) ? items : NONE;
}

export function str(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  const sval = (x as { String?: { sval?: unknown } } | null | undefined)?.String?.sval;
  return typeof sval === 'string' ? sval : undefined;
}

/** Names of a qualified-name list: [{String:{sval:'cron'}}, {String:{sval:'schedule'}}] → ['cron', 'schedule']. */
export function names(x: unknown): string[] {
  return list(x).map((n) => str(n) ?? '*');
}

export function num(obj: AstObject | undefined, key: string): number | undefined {
  const v = obj?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** The value of an A_Const: string, number, boolean, null. */
export function constValue(node: unknown): string | number | boolean | null | undefined {
  const c = as(node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  if (isObject(c.sval)) return typeof c.sval.sval === 'string' ? c.sval.sval : '';
  if (isObject(c.ival)) return typeof c.ival.ival === 'number' ? c.ival.ival : 0;
  if (isObject(c.fval)) return Number(c.fval.fval ?? 0);
  if (isObject(c.boolval)) return c.boolval.boolval === true;
  return undefined;
}

/** A string constant, also through casts ('public.t'::regclass, 'f'::boolean). */
export function stringOf(node: unknown): string | undefined {
  const v = constValue(node);
  if (typeof v === 'string') return v;
  const cast = as(node, 'TypeCast');
  if (cast) return stringOf(cast.arg);
  return undefined;
}

export function boolOf(node: unknown): boolean | undefined {
  const v = constValue(node);
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v : stringOf(node);
  if (s === undefined) return undefined;
  if (/^(t|true|y|yes|on|1)$/i.test(s.trim())) return true;
  if (/^(f|false|n|no|off|0)$/i.test(s.trim())) return false;
  return undefined;
}

/** Walks every object of a tree, depth-first. */
export function walk(x: unknown, visit: (obj: AstObject, key: string) => void, key = '', depth = 0): void {
  // the parser refuses deeper input ("memory exhausted"); this bound keeps the JS stack safe anyway
  if (depth > 3000) return;
  if (Array.isArray(x)) {
    for (const item of x) walk(item, visit, key, depth + 1);
    return;
  }
  if (!isObject(x)) return;
  visit(x, key);
  for (const k of Object.keys(x)) {
    const v = x[k];
    if (typeof v === 'object' && v !== null) walk(v, visit, k, depth + 1);
  }
}

/** Function call arguments split into positional and named (name => value). */
export function callArgs(call: AstObject): { positional: unknown[]; named: Map<string, unknown> } {
  const positional: unknown[] = [];
  const named = new Map<string, unknown>();
  for (const a of list(call.args)) {
    const na = as(a, 'NamedArgExpr');
    if (na && typeof na.name === 'string') named.set(na.name.toLowerCase(), na.arg);
    else positional.push(a);
  }
  return { positional, named };
}

/** Every function call in a tree (FuncCall nodes, and CALL's bare `funccall`). */
export function funcCalls(x: unknown): AstObject[] {
  const found: AstObject[] = [];
  walk(x, (obj, key) => {
    if (key === 'funccall' && Array.isArray(obj.funcname)) found.push(obj);
    const fc = obj.FuncCall;
    if (fc && typeof fc === 'object' && !Array.isArray(fc)) found.push(fc as AstObject);
  });
  return found;
}
