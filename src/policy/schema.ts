/**
 * The JSON Schemas of the policy's files (schemas/*.json), checked with ajv. Every problem of a file
 * is reported at once, each at file:line:column, so one run shows all that needs fixing.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurationError, parseDuration } from '../core/duration.js';
import type { Location } from '../core/types.js';
import { closest } from '../config/suggest.js';
import { PolicyError, type YamlFile } from './yaml-file.js';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: { properties?: Record<string, unknown> };
}
export type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
let validators: Promise<{ policy: Validator; version: Validator }> | undefined;

/** The folder holding the shipped JSON Schemas (found upwards from this module: src/, build/src/, dist/). */
export function schemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, 'schemas', 'version.schema.json'))) return path.join(dir, 'schemas');
    dir = path.dirname(dir);
  }
  throw new Error('policyproof: the shipped schemas/ folder was not found');
}

export function loadValidators() {
  validators ??= (async () => {
    const { Ajv } = await import('ajv');
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    const read = async (name: string) => JSON.parse(await fs.readFile(path.join(schemasDir(), name), 'utf8')) as object;
    return {
      policy: ajv.compile(await read('policy.schema.json')) as unknown as Validator,
      version: ajv.compile(await read('version.schema.json')) as unknown as Validator,
    };
  })();
  return validators;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function displayPath(p: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of p) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

function typeName(v: unknown): string {
  if (v === null) return 'null (empty)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

function explain(e: SchemaError): { reason: string; path: Array<string | number>; key?: string } {
  const p = pointerToPath(e.instancePath);
  const where = displayPath(p);
  const prefix = where ? `${where}: ` : '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys(e.parentSchema?.properties ?? {});
      const near = closest(key, allowed);
      return { path: p, key, reason: `unknown key "${key}"${where ? ` in ${where}` : ''}${near ? `; did you mean "${near}"?` : ''} (allowed: ${allowed.join(', ')})` };
    }
    case 'required':
      return { path: p, reason: `${prefix}missing required key "${String(e.params.missingProperty)}"` };
    case 'type':
      if (e.schemaPath.includes('/definitions/duration')) return { path: p, reason: `${prefix}must be an ISO 8601 duration such as P14D or PT72H, not ${typeName(e.data)}` };
      if (e.schemaPath.includes('/definitions/date')) return { path: p, reason: `${prefix}must be a date YYYY-MM-DD, not ${typeName(e.data)}` };
      return { path: p, reason: `${prefix}must be ${String(e.params.type) === 'object' ? 'a mapping' : String(e.params.type) === 'array' ? 'a list' : `a ${String(e.params.type)}`}, not ${typeName(e.data)}` };
    case 'pattern': {
      const value = String(e.data);
      if (e.schemaPath.includes('/definitions/duration')) {
        try {
          parseDuration(value);
          return { path: p, reason: `${prefix}"${value}" is not a duration in weeks, days, hours, minutes or seconds (e.g. P14D, PT72H)` };
        } catch (err) {
          return { path: p, reason: `${prefix}${err instanceof DurationError ? err.message : String(err)}` };
        }
      }
      if (e.schemaPath.includes('/definitions/date')) return { path: p, reason: `${prefix}"${value}" is not a date; write YYYY-MM-DD` };
      if (e.schemaPath.includes('/definitions/id')) return { path: p, reason: `${prefix}"${value}" is not an id (lower-case letters, digits and -)` };
      return { path: p, reason: `${prefix}"${value}" ${e.message ?? 'is invalid'}` };
    }
    case 'enum':
      return { path: p, reason: `${prefix}${JSON.stringify(e.data)} is not one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}` };
    default:
      return { path: p, reason: `${prefix}${e.message ?? 'is invalid'}` };
  }
}

export interface SchemaProblem {
  reason: string;
  location: Location;
}

/** Every schema problem of a parsed file, in file order; an empty file is one problem. */
export function schemaProblems(validate: Validator, y: YamlFile): SchemaProblem[] {
  if (y.data === null || y.data === undefined) return [{ reason: 'the file is empty; expected a YAML mapping', location: y.locate([]) }];
  if (validate(y.data)) return [];
  const problems = (validate.errors ?? []).map((e) => {
    const x = explain(e);
    const location = x.key !== undefined ? y.locateKey(x.path, x.key) : y.locate(x.path);
    return { ...x, location };
  });
  problems.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column || b.path.length - a.path.length);
  // one problem per place and reason (ajv may report a node through several schema paths)
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const id = `${p.location.line}:${p.location.column}:${p.reason}`;
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .map(({ reason, location }) => ({ reason, location }));
}

/**
 * Throws the problems as one PolicyError: its message is every problem, one per line, each
 * `file:line:column: reason`; `location` is the first one's.
 */
export function throwProblems(problems: SchemaProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw new PolicyError(problems[0]!.reason, problems[0]!.location);
  throw new PolicyErrors(problems);
}

/** Several problems at once (a PolicyError whose message has one line per problem). */
export class PolicyErrors extends PolicyError {
  readonly problems: SchemaProblem[];
  constructor(problems: SchemaProblem[]) {
    const rest = problems.slice(1).map((p) => `${p.location.file}:${p.location.line}:${p.location.column}: ${p.reason}`);
    super([problems[0]!.reason, ...rest, `(${problems.length} problems)`].join('\n'), problems[0]!.location);
    this.problems = problems;
  }
}
