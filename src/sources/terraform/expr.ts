/**
 * A small evaluator for the Terraform expressions that decide retention and region: literals,
 * references (var., local., count., each., module outputs, other resources' arguments), string
 * templates, arithmetic, comparisons, conditionals, tuples, objects and a few pure functions.
 * Anything else evaluates to Unknown with the reason, never to a guess. The text is parsed by
 * expr-parse.ts.
 */
import { parseTemplate, type Node } from './expr-parse.js';

export class Unknown {
  /**
   * @param failed true when Terraform itself would fail here (a missing key, an index out of
   *   range): `try()` moves on to its next argument. Otherwise the value is only known when
   *   Terraform runs, and `try()` cannot tell what it is either.
   */
  constructor(readonly reason: string, readonly failed = false) {}
}

/** A reference to another resource's attribute that is only known at apply time (an id, an arn). */
export class Ref {
  constructor(readonly address: string, readonly attr: string[]) {}
  toString(): string {
    return [this.address, ...this.attr].join('.');
  }
}

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Unknown | Ref;

export type Step = string | number;
/** Resolves a root name (var, local, count, each, module, data, aws_s3_bucket …) with its traversal. */
export type Lookup = (root: string, steps: Step[]) => Value;

export function isUnknown(v: Value): v is Unknown {
  return v instanceof Unknown;
}

/** Evaluates a value as hcl2json returns it: strings are templates, arrays/objects recurse. */
export function evaluateRaw(raw: unknown, lookup: Lookup): Value {
  if (typeof raw === 'string') {
    const node = parseTemplate(raw);
    if (node instanceof SyntaxError) return new Unknown(`the expression ${short(raw)} could not be read: ${node.message}`);
    return evaluate(node, lookup);
  }
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((r) => evaluateRaw(r, lookup));
  if (typeof raw === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = evaluateRaw(v, lookup);
    return out;
  }
  return new Unknown('an unsupported value');
}

function short(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);
}

export function evaluate(node: Node, lookup: Lookup): Value {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'unsupported':
      return new Unknown(`${node.what} is not evaluated`);
    case 'tpl': {
      let out = '';
      for (const p of node.parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = evaluate(p, lookup);
          if (v instanceof Unknown) return v;
          if (v instanceof Ref) return new Unknown(`${v.toString()} is only known after apply`);
          if (v !== null && typeof v === 'object') return new Unknown('a collection inside a string template');
          out += v === null ? '' : String(v);
        }
      }
      return out;
    }
    case 'ref': {
      const steps: Step[] = [];
      for (const s of node.steps) {
        if ('name' in s) steps.push(s.name);
        else {
          const v = evaluate(s.index, lookup);
          if (v instanceof Unknown) return v;
          if (typeof v !== 'string' && typeof v !== 'number') return new Unknown(`an index into ${node.root} is not a string or number`);
          steps.push(v);
        }
      }
      return lookup(node.root, steps);
    }
    case 'idx': {
      let v = evaluate(node.x, lookup);
      for (const s of node.steps) {
        const key = 'name' in s ? s.name : evaluate(s.index, lookup);
        if (key instanceof Unknown) return key;
        v = index(v, key as Value);
      }
      return v;
    }
    case 'un': {
      const x = evaluate(node.x, lookup);
      if (x instanceof Unknown) return x;
      if (node.op === '!') return typeof x === 'boolean' ? !x : new Unknown('"!" applied to a value that is not a bool');
      const n = toNumber(x);
      return n instanceof Unknown ? n : -n;
    }
    case 'bin':
      return binary(node.op, evaluate(node.a, lookup), () => evaluate(node.b, lookup));
    case 'cond': {
      const c = evaluate(node.c, lookup);
      if (c instanceof Unknown) return c;
      if (typeof c !== 'boolean') return new Unknown('a condition that is not a bool');
      return evaluate(c ? node.a : node.b, lookup);
    }
    case 'tuple':
      return node.items.map((n) => evaluate(n, lookup));
    case 'obj': {
      const out: Record<string, Value> = {};
      for (const [k, v] of node.entries) {
        const key = evaluate(k, lookup);
        if (key instanceof Unknown) return key;
        out[String(key)] = evaluate(v, lookup);
      }
      return out;
    }
    case 'for':
      return evaluateFor(node, lookup);
    case 'call': {
      const fn = FUNCTIONS[node.name];
      if (!fn) return new Unknown(`the function ${node.name}() is not evaluated`);
      if (node.name === 'try' || node.name === 'can') return fn(node.args.map((a) => evaluate(a, lookup)));
      let args = node.args.map((a) => evaluate(a, lookup));
      if (node.expand) {
        const last = args.pop();
        if (!Array.isArray(last)) return new Unknown(`the expanded argument of ${node.name}() is not a list`);
        args = [...args, ...last];
      }
      const bad = args.find((a) => a instanceof Unknown);
      if (bad) return bad;
      return fn(args);
    }
  }
}

function evaluateFor(node: Extract<Node, { t: 'for' }>, lookup: Lookup): Value {
  const coll = evaluate(node.coll, lookup);
  if (coll instanceof Unknown) return coll;
  let items: Array<[Value, Value]>;
  if (Array.isArray(coll)) items = coll.map((v, i) => [i, v]);
  else if (coll !== null && typeof coll === 'object' && !(coll instanceof Ref)) items = Object.keys(coll).sort().map((k) => [k, (coll as Record<string, Value>)[k]]);
  else return new Unknown(`a for expression over ${coll instanceof Ref ? coll.toString() : describe(coll)}`);
  const list: Value[] = [];
  const obj: Record<string, Value> = {};
  for (const [k, v] of items) {
    const scoped: Lookup = (root, steps) => {
      const bound = root === node.valVar ? v : root === node.keyVar ? k : undefined;
      if (bound === undefined) return lookup(root, steps);
      let out: Value = bound;
      for (const s of steps) out = index(out, s);
      return out;
    };
    if (node.cond) {
      const c = evaluate(node.cond, scoped);
      if (c instanceof Unknown) return c;
      if (c !== true) continue;
    }
    const value = evaluate(node.value, scoped);
    if (!node.object) {
      list.push(value);
      continue;
    }
    const key = evaluate(node.key!, scoped);
    if (key instanceof Unknown) return key;
    if (typeof key !== 'string' && typeof key !== 'number') return new Unknown('a for expression key that is not a string');
    const name = String(key);
    if (node.group) obj[name] = [...((obj[name] as Value[] | undefined) ?? []), value];
    else if (name in obj) return new Unknown(`a for expression produced the key "${name}" twice`);
    else obj[name] = value;
  }
  return node.object ? obj : list;
}

export function index(v: Value, key: Value): Value {
  if (v instanceof Unknown) return v;
  if (v instanceof Ref) return new Ref(v.address, [...v.attr, String(key)]);
  if (Array.isArray(v) && typeof key === 'number') return key >= 0 && key < v.length ? v[key] : new Unknown(`index ${key} is out of range`, true);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof key === 'string') {
    return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : new Unknown(`the key "${key}" is not set`, true);
  }
  return new Unknown(`cannot index ${describe(v)} with ${JSON.stringify(key)}`, true);
}

function describe(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function toNumber(v: Value): number | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  if (v instanceof Ref) return new Unknown(`${v.toString()} is only known after apply`);
  return new Unknown(`${describe(v)} is not a number`);
}

function binary(op: string, a: Value, lazyB: () => Value): Value {
  if (a instanceof Unknown) return a;
  if (op === '&&' || op === '||') {
    if (typeof a !== 'boolean') return new Unknown(`"${op}" on a value that is not a bool`);
    if (op === '&&' && !a) return false;
    if (op === '||' && a) return true;
    const b = lazyB();
    return b instanceof Unknown ? b : typeof b === 'boolean' ? b : new Unknown(`"${op}" on a value that is not a bool`);
  }
  const b = lazyB();
  if (b instanceof Unknown) return b;
  if (op === '==' || op === '!=') {
    if (a instanceof Ref || b instanceof Ref) return new Unknown('a comparison with a value known only after apply');
    const same = JSON.stringify(a) === JSON.stringify(b);
    return op === '==' ? same : !same;
  }
  const x = toNumber(a);
  if (x instanceof Unknown) return x;
  const y = toNumber(b);
  if (y instanceof Unknown) return y;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? new Unknown('division by zero') : x / y;
    case '%': return y === 0 ? new Unknown('division by zero') : x % y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
  return new Unknown(`the operator ${op}`);
}

const isObj = (v: Value): v is { [k: string]: Value } => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Ref);

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  min: (a) => nums(a, (n) => Math.min(...n)),
  max: (a) => nums(a, (n) => Math.max(...n)),
  abs: (a) => nums(a, (n) => Math.abs(n[0])),
  ceil: (a) => nums(a, (n) => Math.ceil(n[0])),
  floor: (a) => nums(a, (n) => Math.floor(n[0])),
  tonumber: (a) => (a[0] === null ? null : toNumber(a[0])),
  tostring: (a) => (typeof a[0] === 'string' || typeof a[0] === 'number' || typeof a[0] === 'boolean' ? String(a[0]) : a[0] === null ? null : new Unknown('tostring() of a collection')),
  lower: (a) => (typeof a[0] === 'string' ? a[0].toLowerCase() : new Unknown('lower() of a non-string')),
  upper: (a) => (typeof a[0] === 'string' ? a[0].toUpperCase() : new Unknown('upper() of a non-string')),
  trimspace: (a) => (typeof a[0] === 'string' ? a[0].trim() : new Unknown('trimspace() of a non-string')),
  join: (a) => (typeof a[0] === 'string' && Array.isArray(a[1]) && a[1].every((x) => typeof x === 'string' || typeof x === 'number') ? a[1].join(a[0]) : new Unknown('join() of unknown parts')),
  concat: (a) => (a.every(Array.isArray) ? (a as Value[][]).flat() : new Unknown('concat() of a non-list')),
  merge: (a) => (a.every((x) => x === null || isObj(x)) ? Object.assign({}, ...a.filter(isObj)) : new Unknown('merge() of a non-object')),
  lookup: (a) => (isObj(a[0]) && typeof a[1] === 'string' ? (Object.prototype.hasOwnProperty.call(a[0], a[1]) ? a[0][a[1]] : a.length > 2 ? a[2] : new Unknown(`lookup(): the key "${a[1]}" is not set`, true)) : new Unknown('lookup() on a non-object')),
  coalesce: (a) => a.find((x) => x !== null && x !== '') ?? new Unknown('coalesce() of only null values'),
  length: (a) => (Array.isArray(a[0]) ? a[0].length : isObj(a[0]) ? Object.keys(a[0]).length : typeof a[0] === 'string' ? [...a[0]].length : new Unknown('length() of an unknown value')),
  element: (a) => (Array.isArray(a[0]) && typeof a[1] === 'number' && a[0].length > 0 ? a[0][a[1] % a[0].length] : new Unknown('element() of an unknown list')),
  keys: (a) => (isObj(a[0]) ? Object.keys(a[0]).sort() : new Unknown('keys() of a non-object')),
  values: (a) => (isObj(a[0]) ? Object.keys(a[0]).sort().map((k) => (a[0] as Record<string, Value>)[k]) : new Unknown('values() of a non-object')),
  toset: (a) => (Array.isArray(a[0]) ? [...new Map(a[0].map((x) => [JSON.stringify(x), x])).values()] : new Unknown('toset() of a non-list')),
  tolist: (a) => (Array.isArray(a[0]) ? a[0] : new Unknown('tolist() of a non-list')),
  tomap: (a) => (isObj(a[0]) ? a[0] : new Unknown('tomap() of a non-object')),
  contains: (a) => (Array.isArray(a[0]) ? a[0].some((x) => JSON.stringify(x) === JSON.stringify(a[1])) : new Unknown('contains() of a non-list')),
  format: (a) => format(a),
  // try() returns its first argument that does not fail; a value known only when Terraform runs
  // stops it there (Terraform waits for it), so the fallback is not taken on a guess.
  try: (a) => a.find((x) => !(x instanceof Unknown) || !x.failed) ?? a[a.length - 1] ?? new Unknown('try() without arguments'),
  can: (a) => (a[0] instanceof Unknown ? (a[0].failed ? false : a[0]) : true),
};

function nums(a: Value[], f: (n: number[]) => number): Value {
  const flat = a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
  const out: number[] = [];
  for (const v of flat) {
    const n = toNumber(v);
    if (n instanceof Unknown) return n;
    out.push(n);
  }
  return out.length === 0 ? new Unknown('no numbers') : f(out);
}

function format(a: Value[]): Value {
  if (typeof a[0] !== 'string') return new Unknown('format() with a non-string format');
  let i = 1;
  let bad: Unknown | undefined;
  const out = a[0].replace(/%(%|[sdv])/g, (_m, spec: string) => {
    if (spec === '%') return '%';
    const v = a[i++];
    if (v === undefined || v instanceof Unknown || (v !== null && typeof v === 'object')) {
      bad = v instanceof Unknown ? v : new Unknown('format() argument missing or not a scalar');
      return '';
    }
    return String(v);
  });
  return bad ?? out;
}
