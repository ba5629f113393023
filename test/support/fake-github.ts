/**
 * A fake GitHub REST API on 127.0.0.1 for the Action's tests. Every request is checked against
 * GitHub's published OpenAPI description (@octokit/openapi): the method and path must be an
 * operation of the spec, path parameters must have their declared type, query parameters must be
 * declared, and a JSON body must be an object holding the schema's required properties with the
 * declared primitive types. Mismatches are recorded in `violations` (and answered 400/404), so a
 * test can assert there were none. Pull-request files and issue comments are served from memory,
 * paginated with `Link` headers like GitHub.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, Schema> };
}

let specCache: { spec: Spec; routes: Array<{ template: string; regex: RegExp; names: string[] }> } | undefined;

/** node_modules/@octokit/openapi/generated/api.github.com.json, parsed once per process. */
export function openApiSpec() {
  if (specCache) return specCache;
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('@octokit/openapi/package.json')), 'generated', 'api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  const routes = Object.keys(spec.paths).map((template) => {
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}|\{([^}]+)\}/g, (_m, a: string, b: string) => {
      names.push(a ?? b);
      return '([^/]+)';
    });
    return { template, regex: new RegExp(`^${pattern}$`), names };
  });
  // Literal segments win over parameters (/issues/comments/{id} before /issues/{issue_number}/…).
  routes.sort((a, b) => a.names.length - b.names.length);
  specCache = { spec, routes };
  return specCache;
}

function deref<T extends { $ref?: string }>(spec: Spec, value: T): T {
  if (!value.$ref) return value;
  const parts = value.$ref.replace(/^#\//, '').split('/');
  let node: unknown = spec;
  for (const p of parts) node = (node as Record<string, unknown>)[p];
  return deref(spec, node as T);
}

function typeMatches(value: unknown, type: string | string[] | undefined): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case 'string': return typeof value === 'string';
      case 'integer': return typeof value === 'number' && Number.isInteger(value);
      case 'number': return typeof value === 'number';
      case 'boolean': return typeof value === 'boolean';
      case 'array': return Array.isArray(value);
      case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
      case 'null': return value === null;
      default: return true;
    }
  });
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  operationId?: string;
  authorization?: string;
  status?: number;
}

export interface Validation {
  operationId?: string;
  template?: string;
  params: Record<string, string>;
  errors: string[];
}

/** Checks one request against the spec; `errors` is empty when it conforms. */
export function validateRequest(method: string, pathname: string, query: URLSearchParams, body: unknown): Validation {
  const { spec, routes } = openApiSpec();
  const m = method.toLowerCase();
  for (const route of routes) {
    const match = route.regex.exec(pathname);
    if (!match) continue;
    const op = spec.paths[route.template]?.[m];
    if (!op) continue;
    const errors: string[] = [];
    const params: Record<string, string> = {};
    route.names.forEach((n, i) => (params[n] = decodeURIComponent(match[i + 1]!)));
    const declared = (op.parameters ?? []).map((p) => deref(spec, p));
    for (const p of declared.filter((d) => d.in === 'path')) {
      const v = params[p.name];
      if (v === undefined) errors.push(`path parameter ${p.name} missing`);
      else if (p.schema?.type === 'integer' && !/^\d+$/.test(v)) errors.push(`path parameter ${p.name}="${v}" is not an integer`);
    }
    const queryNames = new Set(declared.filter((d) => d.in === 'query').map((d) => d.name));
    for (const [k, v] of query) {
      if (!queryNames.has(k)) errors.push(`query parameter ${k} is not declared for ${op.operationId}`);
      const d = declared.find((x) => x.in === 'query' && x.name === k);
      if (d?.schema?.type === 'integer' && !/^\d+$/.test(v)) errors.push(`query parameter ${k}="${v}" is not an integer`);
    }
    for (const d of declared.filter((x) => x.in === 'query' && x.required)) if (!query.has(d.name)) errors.push(`query parameter ${d.name} is required`);
    const json = op.requestBody?.content?.['application/json']?.schema;
    if (json) {
      const schema = deref(spec, json);
      if (body === undefined) {
        if (op.requestBody?.required) errors.push(`${op.operationId} requires a JSON body`);
      } else if (schema.type === 'object' || schema.properties) {
        if (!typeMatches(body, 'object')) errors.push(`${op.operationId}: the body is not a JSON object`);
        else {
          const obj = body as Record<string, unknown>;
          for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${op.operationId}: body property "${r}" is required`);
          for (const [k, v] of Object.entries(obj)) {
            const ps = schema.properties?.[k];
            if (!ps) errors.push(`${op.operationId}: body property "${k}" is not in the schema`);
            else if (!typeMatches(v, deref(spec, ps).type)) errors.push(`${op.operationId}: body property "${k}" has the wrong type`);
          }
        }
      }
    } else if (body !== undefined && m !== 'get') errors.push(`${op.operationId} takes no JSON body`);
    return { operationId: op.operationId, template: route.template, params, errors };
  }
  return { params: {}, errors: [`${method} ${pathname} is not an operation of the GitHub REST API`] };
}

export interface FakeFile {
  filename: string;
  status?: 'added' | 'modified' | 'removed' | 'renamed';
  patch?: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  type: 'Bot' | 'User';
}

/** A scripted failure: the next `times` requests matching method + path answer `status` (0: never answer). */
export interface InjectedFailure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  message?: string;
  times: number;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  violations: string[];
  files: Map<number, FakeFile[]>;
  comments: FakeComment[];
  failures: InjectedFailure[];
  /** tokens that may read but not write (as a fork PR's GITHUB_TOKEN) */
  readOnlyTokens: Set<string>;
  /** called before a comment is created: a test can make another run's comment appear first */
  beforeCreate?: () => void;
  close(): Promise<void>;
}

const MAX_COMMENT = 65_536;
const MAX_LISTED_FILES = 3000;

export async function startFakeGitHub(): Promise<FakeGitHub> {
  openApiSpec();
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close' | 'beforeCreate'> = {
    requests: [],
    violations: [],
    files: new Map(),
    comments: [],
    failures: [],
    readOnlyTokens: new Set(),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        send(res, 500, { message: String(err) });
      }
    });
  });

  const send = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(data);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const paginate = (res: ServerResponse, url: URL, items: unknown[], cap = Infinity) => {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const total = Math.min(items.length, cap);
    const last = Math.max(1, Math.ceil(total / perPage));
    const slice = items.slice((page - 1) * perPage, Math.min(page * perPage, total));
    const link = (p: number, rel: string) => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    send(res, 200, slice, links.length ? { link: links.join(', ') } : {});
  };

  const commentJson = (c: FakeComment, base: string) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/o/r/issues/comments/${c.id}`,
    html_url: `https://github.com/o/r/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.login, id: 1, type: c.type },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        state.violations.push(`${method} ${url.pathname}: the body is not JSON`);
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
    }
    const auth = req.headers.authorization;
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorization: auth };
    state.requests.push(record);
    const v = validateRequest(method, url.pathname, url.searchParams, body);
    record.operationId = v.operationId;
    const reply = (status: number, data: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, data, headers);
    };
    if (v.errors.length) {
      state.violations.push(...v.errors.map((e) => `${method} ${url.pathname}: ${e}`));
      return reply(v.operationId ? 422 : 404, { message: v.errors.join('; ') });
    }
    const failure = state.failures.find((f) => f.times > 0 && f.method === method && f.path.test(url.pathname));
    if (failure) {
      failure.times--;
      if (failure.status === 0) return; // hang: the client's timeout must cope
      return reply(failure.status, { message: failure.message ?? `injected ${failure.status}` }, failure.headers);
    }
    const token = auth?.replace(/^(token|bearer)\s+/i, '');
    const base = `http://${req.headers.host}`;
    const issue = Number(v.params.issue_number ?? v.params.pull_number);
    switch (v.operationId) {
      case 'pulls/list-files': {
        const files = state.files.get(issue);
        if (!files) return reply(404, { message: 'Not Found' });
        const items = files.map((f, i) => ({
          sha: '0'.repeat(40), filename: f.filename, status: f.status ?? 'modified', additions: 1, deletions: 0, changes: 1,
          blob_url: `${base}/blob/${i}`, raw_url: `${base}/raw/${i}`, contents_url: `${base}/contents/${i}`, ...(f.patch !== undefined ? { patch: f.patch } : {}),
        }));
        record.status = 200;
        return paginate(res, url, items, MAX_LISTED_FILES);
      }
      case 'issues/list-comments': {
        record.status = 200;
        return paginate(res, url, state.comments.filter((c) => c.issue === issue).map((c) => commentJson(c, base)));
      }
      case 'issues/create-comment': {
        if (token && state.readOnlyTokens.has(token)) return reply(403, { message: 'Resource not accessible by integration' });
        const text = (body as { body: string }).body;
        fake.beforeCreate?.();
        if (text.length > MAX_COMMENT) return reply(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
        // ids grow like GitHub's, also past comments a test put in directly
        nextId = Math.max(nextId, ...state.comments.map((x) => x.id + 1));
        const c: FakeComment = { id: nextId++, issue, body: text, login: 'github-actions[bot]', type: 'Bot' };
        state.comments.push(c);
        return reply(201, commentJson(c, base));
      }
      case 'issues/delete-comment': {
        if (token && state.readOnlyTokens.has(token)) return reply(403, { message: 'Resource not accessible by integration' });
        const at = state.comments.findIndex((x) => x.id === Number(v.params.comment_id));
        if (at < 0) return reply(404, { message: 'Not Found' });
        state.comments.splice(at, 1);
        record.status = 204;
        res.writeHead(204);
        return res.end();
      }
      case 'issues/update-comment': {
        if (token && state.readOnlyTokens.has(token)) return reply(403, { message: 'Resource not accessible by integration' });
        const c = state.comments.find((x) => x.id === Number(v.params.comment_id));
        if (!c) return reply(404, { message: 'Not Found' });
        const text = (body as { body: string }).body;
        if (text.length > MAX_COMMENT) return reply(422, { message: 'Validation Failed' });
        c.body = text;
        return reply(200, commentJson(c, base));
      }
      default:
        return reply(404, { message: `the fake does not serve ${v.operationId}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeGitHub = {
    url: `http://127.0.0.1:${port}`,
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}
