/**
 * Retention in log and queue system configs, one pure function per shape:
 * Loki, Elasticsearch ILM, OpenSearch ISM, docker-compose logging, logrotate, Strimzi KafkaTopic.
 * Each turns a parsed document into Stores; detection of which shape a document has is here too.
 */
import type { CategoryClaim, CategoryReference, Diagnostic, Location, RetentionEvidence, SourceKind, SourceResult, Store, Suppression } from '../../core/types.js';
import { parseAnnotations } from '../../core/annotations.js';
import { durationFrom } from '../../core/duration.js';
import { commentLinesAbove, get, isRecord, keyLocation, nodeAt, type LocatedDoc } from './yaml-doc.js';
import { cmp } from '../../core/compare.js';

export const CATEGORY_ANNOTATION = 'policyproof.dev/category';

export interface Found {
  stores: Store[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  references: CategoryReference[];
}

/**
 * Alias expansion limit: a YAML alias bomb becomes a finding, not a hang. The yaml library counts
 * uses × nested aliases, which grows with an ordinary docker-compose file's size (getsentry/self-hosted's
 * 788 lines need 1,491), while a bomb's grows by a factor of ten a level: 10,000 reads the one and
 * still refuses the other at its fourth level.
 */
export const MAX_ALIAS_COUNT = 10_000;

export function finish(found: Found): SourceResult {
  const byLoc = (a: { location: Location }, b: { location: Location }) =>
    cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column;
  const stores = dedupe(found.stores).sort((a, b) => byLoc(a, b) || cmp(a.id, b.id));
  for (const s of stores) s.retention.sort((a, b) => byLoc(a, b) || cmp(a.via, b.via));
  return {
    stores,
    implementations: [],
    suppressions: found.suppressions.sort(byLoc),
    diagnostics: found.diagnostics.sort((a, b) => byLoc(a, b) || cmp(a.message, b.message)),
    references: found.references.sort((a, b) => byLoc(a, b) || cmp(a.id, b.id)),
  };
}

/** Two documents with the same identity in one file (a copy-paste) keep distinct ids. */
function dedupe(stores: Store[]): Store[] {
  const seen = new Map<string, number>();
  for (const s of stores) {
    const n = seen.get(s.id) ?? 0;
    seen.set(s.id, n + 1);
    if (n > 0) s.id = `${s.id}#${n + 1}`;
  }
  return stores;
}


export function emptyFound(): Found {
  return { stores: [], suppressions: [], diagnostics: [], references: [] };
}

type Duration = ReturnType<typeof durationFrom>;

/** Prometheus-style durations (Loki): "744h", "30d", "1w", "90m", "0s", "1y" (365 days, as Loki counts it). */
export function parseGoDuration(text: string): Duration | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/.test(s)) return undefined;
  const sizes: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 365 * 86400 };
  let seconds = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) seconds += Number(m[1]) * sizes[m[2]];
  return durationFrom(seconds, 's');
}

/** Elasticsearch time units: "30d", "12h", "90m", "45s", "500ms". */
export function parseEsDuration(text: string): Duration | undefined {
  const m = /^\s*(\d+)(d|h|m|s|ms|micros|nanos)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'micros' || unit === 'nanos') return durationFrom(0, 's');
  return durationFrom(n, unit === 'm' ? 'min' : (unit as 'd' | 'h' | 's' | 'ms'));
}

/** Category claims, suppressions and references from `# @…` comments above a line. */
export function annotationsAbove(
  lines: string[], line: number, file: string, storeId: string, found: Found, claims: CategoryClaim[], lineOffset = 0,
): void {
  for (const c of commentLinesAbove(lines, line - lineOffset)) {
    for (const a of parseAnnotations(c.text, c.line + lineOffset, c.column)) {
      const location: Location = { file, line: a.line, column: a.column };
      if (a.tag === 'category') {
        for (const id of a.ids) {
          claims.push({ id, via: 'annotation', location });
          found.references.push({ id, tag: 'category', location });
        }
      } else if (a.tag === 'policy-ignore') found.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location, storeId });
      else if (a.tag === 'invalid') found.diagnostics.push({ code: a.code ?? 'annotation-error', message: a.message, location });
    }
  }
}

/** Claims from a `policyproof.dev/category` annotation or label value ("traffic-data, debug-data"). */
export function categoryValueClaims(value: unknown, location: Location, found: Found, claims: CategoryClaim[]): void {
  if (typeof value !== 'string') return;
  for (const id of value.split(/[\s,]+/).filter(Boolean)) {
    if (claims.some((c) => c.id === id)) continue;
    claims.push({ id, via: 'annotation', location });
    found.references.push({ id, tag: 'category', location });
  }
}

function store(
  id: string, kind: string, name: string, source: SourceKind, location: Location, categories: CategoryClaim[],
  retention: RetentionEvidence[], details: Record<string, string>, identifier?: string,
): Store {
  return { id, kind, name, source, location, identifier, categories, dataTypes: [], retention, retentionBearing: true, details };
}

// ───────────── Loki ─────────────

export function isLokiConfig(v: unknown): boolean {
  if (!isRecord(v)) return false;
  return isRecord(v.limits_config) || (isRecord(v.compactor) && ('schema_config' in v || 'storage_config' in v || 'common' in v));
}

/**
 * Loki deletes by age only when the compactor runs with retention enabled; `retention_period`
 * alone deletes nothing, and the default period 0 keeps logs forever.
 */
export function lokiStore(cfg: Record<string, unknown>, d: LocatedDoc, base: string[], found: Found, source: SourceKind, idSuffix = 'loki'): Store {
  const at = (...p: string[]) => keyLocation(d, [...base, ...p]);
  const id = `${source === 'kubernetes' ? 'kubernetes' : 'config'}:${d.file}#${idSuffix}`;
  const location = at();
  const claims: CategoryClaim[] = [];
  annotationsAbove(d.lines, location.line, d.file, id, found, claims, d.lineOffset);
  const evidence: RetentionEvidence[] = [];
  // Loki before 2.x's compactor retention (and BoltDB setups still) delete with the table manager.
  const tmPeriod = get(cfg, 'table_manager', 'retention_period');
  if (get(cfg, 'table_manager', 'retention_deletes_enabled') === true && tmPeriod !== undefined && get(cfg, 'compactor', 'retention_enabled') !== true) {
    const tm = typeof tmPeriod === 'string' ? parseGoDuration(tmPeriod) : typeof tmPeriod === 'number' ? durationFrom(tmPeriod, 's') : undefined;
    if (tm && tm.seconds > 0) {
      evidence.push({ status: 'known', duration: tm, bound: 'max', via: 'Loki table_manager.retention_period', location: at('table_manager', 'retention_period') });
      return store(id, 'log-store', `Loki ${idSuffix === 'loki' ? d.file : idSuffix}`, source, location, claims, evidence, { system: 'loki' });
    }
  }
  const period = get(cfg, 'limits_config', 'retention_period');
  const enabled = get(cfg, 'compactor', 'retention_enabled');
  const via = 'Loki limits_config.retention_period';
  const periodLoc = period === undefined ? at('limits_config') : at('limits_config', 'retention_period');
  const duration = typeof period === 'string' ? parseGoDuration(period) : typeof period === 'number' ? durationFrom(period, 's') : undefined;
  if (period !== undefined && !duration) {
    evidence.push({ status: 'unknown', bound: 'max', reason: `"${String(period)}" is not a duration like 744h`, via, location: periodLoc });
  } else if (!duration || duration.seconds === 0) {
    evidence.push({ status: 'forever', bound: 'max', reason: 'no retention_period (Loki\'s default 0s keeps logs forever)', via, location: periodLoc });
  } else if (enabled !== true) {
    evidence.push({
      status: 'forever', bound: 'max',
      reason: `retention_period ${String(period)} is set, but without compactor.retention_enabled: true the compactor deletes nothing`,
      via, location: enabled === undefined ? at('compactor') : at('compactor', 'retention_enabled'),
    });
  } else {
    evidence.push({ status: 'known', duration, bound: 'max', via, location: periodLoc });
    const streams = get(cfg, 'limits_config', 'retention_stream');
    if (Array.isArray(streams)) {
      streams.forEach((s, i) => {
        const p = get(s, 'period');
        const sd = typeof p === 'string' ? parseGoDuration(p) : undefined;
        const selector = String(get(s, 'selector') ?? '');
        const loc = keyLocation(d, [...base, 'limits_config', 'retention_stream', i, 'period']);
        if (sd) evidence.push({ status: 'known', duration: sd, bound: 'max', via: `Loki retention_stream ${selector}`, location: loc });
        else evidence.push({ status: 'unknown', bound: 'max', reason: `period "${String(p)}" is not a duration`, via: `Loki retention_stream ${selector}`, location: loc });
      });
    }
  }
  return store(id, 'log-store', `Loki ${idSuffix === 'loki' ? d.file : idSuffix}`, source, location, claims, evidence, { system: 'loki' });
}

// ───────────── Elasticsearch ILM / OpenSearch ISM ─────────────

export function isIndexPolicy(v: unknown): boolean {
  const p = get(v, 'policy');
  return isRecord(p) && (isRecord(p.phases) || Array.isArray(p.states));
}

export function indexPolicyStore(v: Record<string, unknown>, d: LocatedDoc, base: string[], found: Found, name: string): Store {
  const policy = get(v, 'policy') as Record<string, unknown>;
  const at = (...p: Array<string | number>) => keyLocation(d, [...base, 'policy', ...p]);
  const isIlm = isRecord(policy.phases);
  const id = `config:${d.file}#${isIlm ? 'ilm' : 'ism'}:${name}`;
  const location = keyLocation(d, [...base, 'policy']);
  const claims: CategoryClaim[] = [];
  annotationsAbove(d.lines, location.line, d.file, id, found, claims, d.lineOffset);
  const meta = get(policy, '_meta', CATEGORY_ANNOTATION) ?? get(v, '_meta', CATEGORY_ANNOTATION);
  categoryValueClaims(meta, isIlm ? at('_meta') : at(), found, claims);
  const evidence: RetentionEvidence[] = [];
  if (isIlm) {
    const del = get(policy, 'phases', 'delete');
    const via = 'ILM delete phase min_age';
    if (!isRecord(del)) {
      evidence.push({ status: 'forever', bound: 'max', reason: 'the ILM policy has no delete phase, so indices are never deleted', via: 'ILM policy', location: at('phases') });
    } else {
      const minAge = del.min_age ?? '0ms';
      const dur = typeof minAge === 'string' ? parseEsDuration(minAge) : undefined;
      const loc = del.min_age === undefined ? at('phases', 'delete') : at('phases', 'delete', 'min_age');
      if (!isRecord(get(del, 'actions', 'delete'))) evidence.push({ status: 'forever', bound: 'max', reason: 'the delete phase has no delete action', via, location: at('phases', 'delete') });
      else if (!dur) evidence.push({ status: 'unknown', bound: 'max', reason: `min_age "${String(minAge)}" is not a duration like 30d`, via, location: loc });
      else {
        // Rollover ages count from rollover, so an index also holds data up to the hot phase's max_age.
        const rollover = get(policy, 'phases', 'hot', 'actions', 'rollover', 'max_age');
        const extra = typeof rollover === 'string' ? parseEsDuration(rollover) : undefined;
        const total = extra ? durationFrom(dur.seconds + extra.seconds, 's') : dur;
        evidence.push({
          status: 'known', duration: total, bound: 'max', via: extra ? `${via} ${String(minAge)} + rollover max_age ${String(rollover)}` : via,
          location: loc,
        });
      }
    }
  } else {
    const states = policy.states as unknown[];
    const deleting = new Set(
      states.filter((s) => Array.isArray(get(s, 'actions')) && (get(s, 'actions') as unknown[]).some((a) => isRecord(a) && 'delete' in a)).map((s) => String(get(s, 'name'))),
    );
    let found2 = false;
    states.forEach((s, si) => {
      const transitions = get(s, 'transitions');
      if (!Array.isArray(transitions)) return;
      transitions.forEach((t, ti) => {
        if (!deleting.has(String(get(t, 'state_name')))) return;
        found2 = true;
        const age = get(t, 'conditions', 'min_index_age');
        const dur = typeof age === 'string' ? parseEsDuration(age) : undefined;
        const loc = at('states', si, 'transitions', ti, 'conditions', 'min_index_age');
        const via = `ISM transition "${String(get(s, 'name'))}" → "${String(get(t, 'state_name'))}" min_index_age`;
        if (dur) evidence.push({ status: 'known', duration: dur, bound: 'max', via, location: loc });
        else evidence.push({ status: 'unknown', bound: 'max', reason: age === undefined ? 'the transition to the delete state has no min_index_age condition' : `"${String(age)}" is not a duration like 30d`, via, location: loc });
      });
    });
    if (!found2) evidence.push({ status: 'forever', bound: 'max', reason: 'no state of the ISM policy deletes indices', via: 'ISM policy', location: at('states') });
  }
  return store(id, 'index', `${isIlm ? 'ILM' : 'ISM'} policy ${name}`, 'config', location, claims, evidence, { system: isIlm ? 'elasticsearch-ilm' : 'opensearch-ism' }, name);
}

// ───────────── docker-compose ─────────────

export function isCompose(v: unknown, file: string): boolean {
  if (!isRecord(v) || !isRecord(v.services)) return false;
  if (/(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file)) return true;
  return Object.values(v.services).some((s) => isRecord(s) && ('image' in s || 'build' in s));
}

/**
 * Container logs of each service. json-file and local drivers bound size (max-size × max-file),
 * not age; drivers that ship logs elsewhere keep them under that system's retention.
 */
export function composeStores(v: Record<string, unknown>, d: LocatedDoc, found: Found): Store[] {
  const out: Store[] = [];
  const services = v.services as Record<string, unknown>;
  for (const name of Object.keys(services).sort()) {
    const svc = services[name];
    if (!isRecord(svc)) continue;
    const id = `config:${d.file}#service:${name}`;
    const location = keyLocation(d, ['services', name]);
    const claims: CategoryClaim[] = [];
    annotationsAbove(d.lines, location.line, d.file, id, found, claims, d.lineOffset);
    const labels = svc.labels;
    const labelValue = isRecord(labels) ? labels[CATEGORY_ANNOTATION] : Array.isArray(labels) ? labels.map(String).find((l) => l.startsWith(`${CATEGORY_ANNOTATION}=`))?.split('=')[1] : undefined;
    categoryValueClaims(labelValue, keyLocation(d, ['services', name, 'labels']), found, claims);
    const logging = get(svc, 'logging');
    const driver = String(get(logging, 'driver') ?? 'json-file');
    const options = get(logging, 'options');
    const via = `docker-compose service ${name} logging driver ${driver}`;
    const loc = logging === undefined ? location : keyLocation(d, ['services', name, 'logging', get(logging, 'driver') === undefined ? 'options' : 'driver']);
    const evidence: RetentionEvidence[] = [];
    if (driver === 'none') {
      // nothing is kept
    } else if (driver === 'json-file' || driver === 'local') {
      const size = get(options, 'max-size');
      if (size === undefined && driver === 'json-file') {
        evidence.push({ status: 'forever', bound: 'max', reason: 'the json-file driver without max-size keeps container logs until the container is removed', via, location: loc });
      } else {
        evidence.push({
          status: 'unknown', bound: 'max',
          reason: `${driver} rotates by size (max-size ${String(size ?? '20m')} × max-file ${String(get(options, 'max-file') ?? (driver === 'local' ? 5 : 1))}), which bounds space, not age`,
          via, location: loc,
        });
      }
    } else {
      evidence.push({ status: 'unknown', bound: 'max', reason: `logs are shipped with the ${driver} driver; how long they are kept is set in that system`, via, location: loc });
    }
    const s = store(id, 'log-file', `container logs of ${name}`, 'config', location, claims, evidence, { system: 'docker-compose', driver }, name);
    if (evidence.length === 0) s.retentionBearing = false;
    // awslogs ships to CloudWatch Logs in a stated region: where the logs are kept.
    const awsRegion = get(options, 'awslogs-region');
    if (driver === 'awslogs') {
      s.jurisdiction = typeof awsRegion === 'string'
        ? { provider: 'aws', region: awsRegion, status: 'known', location: keyLocation(d, ['services', name, 'logging', 'options', 'awslogs-region']) }
        : { provider: 'aws', status: 'unknown', reason: 'the awslogs driver without awslogs-region uses the region of the Docker host', location: loc };
    }
    out.push(s);
  }
  return out;
}

// ───────────── Strimzi KafkaTopic ─────────────

/** Broker-level log.retention.* of a Strimzi Kafka resource, by cluster name. */
export function brokerRetention(kafka: Record<string, unknown>): { ms?: number; text?: string; key?: string } {
  const config = get(kafka, 'spec', 'kafka', 'config');
  for (const [key, factor] of [['log.retention.ms', 1], ['log.retention.minutes', 60_000], ['log.retention.hours', 3_600_000]] as const) {
    const v = get(config, key);
    if (v !== undefined && Number.isFinite(Number(v))) return { ms: Number(v) * factor, text: `${key}: ${String(v)}`, key };
  }
  return {};
}

export function kafkaTopicStore(
  v: Record<string, unknown>, d: LocatedDoc, found: Found, brokers: Map<string, { ms?: number; text?: string; key?: string; location: Location }>,
): Store {
  const name = String(get(v, 'metadata', 'name') ?? '');
  const ns = String(get(v, 'metadata', 'namespace') ?? '');
  const topic = String(get(v, 'spec', 'topicName') ?? name);
  const id = `kubernetes:${d.file}#KafkaTopic/${ns}/${name}`;
  const location = keyLocation(d, []);
  const claims: CategoryClaim[] = [];
  annotationsAbove(d.lines, location.line, d.file, id, found, claims, d.lineOffset);
  categoryValueClaims(get(v, 'metadata', 'annotations', CATEGORY_ANNOTATION), keyLocation(d, ['metadata', 'annotations', CATEGORY_ANNOTATION]), found, claims);
  categoryValueClaims(get(v, 'metadata', 'labels', CATEGORY_ANNOTATION), keyLocation(d, ['metadata', 'labels', CATEGORY_ANNOTATION]), found, claims);
  const config = get(v, 'spec', 'config');
  const ms = get(config, 'retention.ms');
  const bytes = get(config, 'retention.bytes');
  const cleanup = String(get(config, 'cleanup.policy') ?? 'delete');
  const via = `KafkaTopic ${topic} retention.ms`;
  const evidence: RetentionEvidence[] = [];
  const bytesNote = bytes !== undefined && Number(bytes) >= 0 ? `; retention.bytes ${String(bytes)} bounds size, not age` : '';
  if (!cleanup.split(',').map((s) => s.trim()).includes('delete')) {
    evidence.push({
      status: 'forever', bound: 'max', reason: `cleanup.policy ${cleanup}: a compacted topic keeps the latest record of every key forever`,
      via: `KafkaTopic ${topic} cleanup.policy`, location: keyLocation(d, ['spec', 'config', 'cleanup.policy']),
    });
  } else if (ms !== undefined) {
    const loc = keyLocation(d, ['spec', 'config', 'retention.ms']);
    const n = Number(ms);
    const written = (nodeAt(d, ['spec', 'config', 'retention.ms']) as { source?: string } | undefined)?.source ?? String(ms);
    if (Number.isNaN(n)) evidence.push({ status: 'unknown', bound: 'max', reason: `retention.ms "${String(ms)}" is not a number`, via, location: loc });
    else if (!Number.isFinite(n)) evidence.push({ status: 'unknown', bound: 'max', reason: `retention.ms ${written} is not a finite number of milliseconds (an invalid value)`, via, location: loc });
    else if (n < 0) evidence.push({ status: 'forever', bound: 'max', reason: `retention.ms ${n}: Kafka keeps messages with no time limit${bytesNote}`, via, location: loc });
    else evidence.push({ status: 'known', duration: durationFrom(n, 'ms'), bound: 'max', via, location: loc });
  } else {
    const cluster = String(get(v, 'metadata', 'labels', 'strimzi.io/cluster') ?? '');
    const broker = brokers.get(cluster);
    const loc = bytes !== undefined ? keyLocation(d, ['spec', 'config', 'retention.bytes']) : location;
    if (broker?.ms !== undefined) {
      if (broker.ms < 0) evidence.push({ status: 'forever', bound: 'max', reason: `no retention.ms; the Kafka cluster ${cluster} sets ${broker.text}${bytesNote}`, via: `Kafka ${cluster} ${broker.key}`, location: broker.location });
      else evidence.push({ status: 'known', duration: durationFrom(broker.ms, 'ms'), bound: 'max', reason: `no retention.ms on the topic; the cluster's ${broker.text} applies${bytesNote}`, via: `Kafka ${cluster} ${broker.key}`, location: broker.location });
    } else if (broker) {
      evidence.push({ status: 'known', duration: durationFrom(168, 'h'), bound: 'max', reason: `no retention.ms; the Kafka cluster ${cluster} sets no log.retention.*, so Kafka's default of 168 hours applies${bytesNote}`, via: `${via} (Kafka default)`, location: loc });
    } else {
      evidence.push({
        status: 'unknown', bound: 'max',
        reason: `no retention.ms${bytes !== undefined ? ` (retention.bytes ${String(bytes)} bounds size, not age)` : ''}; the broker's log.retention.* applies and the Kafka resource${cluster ? ` "${cluster}"` : ''} is not in the repository`,
        via, location: loc,
      });
    }
  }
  return store(id, 'topic', `KafkaTopic ${ns ? `${ns}/` : ''}${name}`, 'kubernetes', location, claims, evidence, { system: 'kafka', topic }, topic);
}

// ───────────── logrotate ─────────────

/** The file patterns of a stanza header: separated by spaces, a quoted one may hold spaces. */
function logrotatePaths(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]).filter((p) => p !== '');
}

export function isLogrotateFile(file: string): boolean {
  return /(^|\/)logrotate\.d\/[^/]+$/.test(file) || /(^|\/)logrotate[^/]*\.conf$/.test(file) || file.endsWith('.logrotate');
}

const PERIODS: Record<string, { seconds: number; note?: string }> = {
  hourly: { seconds: 3600 },
  daily: { seconds: 86400 },
  weekly: { seconds: 7 * 86400 },
  monthly: { seconds: 31 * 86400, note: 'a month counted as 31 days' },
  yearly: { seconds: 366 * 86400, note: 'a year counted as 366 days' },
};

/**
 * logrotate keeps `rotate N` old files, one per period: N × period; `maxage N` removes rotated
 * files older than N days. Size-only rotation bounds space, not age.
 */
export function logrotateStores(text: string, file: string, found: Found): Store[] {
  const lines = text.split('\n');
  const out: Store[] = [];
  const global: Record<string, string> = {};
  let current: { paths: string[]; line: number; directives: Record<string, { value: string; line: number }> } | undefined;
  const finish = (): void => {
    if (!current) return;
    const c = current;
    current = undefined;
    const id = `config:${file}#logrotate:${c.paths.join(' ')}`;
    const location: Location = { file, line: c.line, column: 1 };
    const claims: CategoryClaim[] = [];
    annotationsAbove(lines, c.line, file, id, found, claims);
    const directive = (k: string): { value: string; line: number } | undefined => c.directives[k] ?? (global[k] !== undefined ? { value: global[k], line: c.line } : undefined);
    // `size` in a stanza replaces the time interval inherited from the global section
    const sizeOnly = c.directives.size !== undefined && !Object.keys(PERIODS).some((p) => c.directives[p]);
    const periodKey = Object.keys(PERIODS).find((p) => c.directives[p]) ?? (sizeOnly ? undefined : Object.keys(PERIODS).find((p) => global[p] !== undefined));
    const rotate = directive('rotate');
    const maxage = directive('maxage');
    const evidence: RetentionEvidence[] = [];
    const via = `logrotate ${c.paths.join(' ')}`;
    const n = rotate ? Number(rotate.value) : 0;
    if (periodKey && !Number.isNaN(n)) {
      const period = PERIODS[periodKey];
      const count = n < 0 ? undefined : n;
      if (count === undefined && !maxage) {
        evidence.push({ status: 'forever', bound: 'max', reason: `rotate ${n}: old logs are never removed`, via: `${via} rotate`, location: { file, line: rotate?.line ?? c.line, column: 1 } });
      } else if (count !== undefined) {
        const seconds = Math.max(count, 1) * period.seconds;
        evidence.push({
          status: 'known', duration: durationFrom(seconds, 's'), bound: 'max',
          reason: `rotate ${count} × ${periodKey}${period.note ? ` (${period.note})` : ''}`,
          via: `${via} rotate ${count} ${periodKey}`, location: { file, line: rotate?.line ?? c.directives[periodKey]?.line ?? c.line, column: 1 },
        });
      }
    } else if (!maxage) {
      evidence.push({
        status: directive('size') || directive('maxsize') ? 'unknown' : 'forever', bound: 'max',
        reason: directive('size') || directive('maxsize') ? 'rotation by size bounds space, not age' : 'no rotation period (daily, weekly, monthly) and no maxage',
        via, location,
      });
    }
    if (maxage) {
      const days = Number(maxage.value);
      if (!Number.isNaN(days)) evidence.push({ status: 'known', duration: durationFrom(days, 'd'), bound: 'max', via: `${via} maxage ${days}`, location: { file, line: maxage.line, column: 1 } });
    }
    // The shorter bound wins: keep only the smallest known duration when both are stated.
    const known = evidence.filter((e) => e.status === 'known');
    const kept = known.length > 1 ? [known.reduce((a, b) => (a.duration!.seconds <= b.duration!.seconds ? a : b))] : evidence;
    out.push(store(id, 'log-file', `log files ${c.paths.join(' ')}`, 'config', location, claims, kept, { system: 'logrotate' }, c.paths[0]));
  };
  let inScript = false;
  let pending: { paths: string[]; line: number } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    // postrotate … endscript hold shell commands, not directives
    if (inScript) {
      if (line === 'endscript') inScript = false;
      return;
    }
    if (/^(pre|post)rotate$|^(first|last)action$|^preremove$/.test(line)) {
      inScript = true;
      return;
    }
    // A stanza names its files on one or more lines before "{": `/var/log/syslog` newline
    // `/var/log/mail.log` newline `{` (Debian's rsyslog) or `/a.log /b.log {`.
    const open = /^(.*?)\s*\{\s*$/.exec(line);
    if (open && !current) {
      const paths = [...(pending?.paths ?? []), ...logrotatePaths(open[1])];
      if (paths.length > 0) current = { paths, line: pending?.line ?? i + 1, directives: {} };
      pending = undefined;
      return;
    }
    if (!current && /^["'\/~*]/.test(line)) {
      pending ??= { paths: [], line: i + 1 };
      pending.paths.push(...logrotatePaths(line));
      return;
    }
    pending = undefined;
    if (line === '}') {
      finish();
      return;
    }
    const [key, ...rest] = line.split(/\s+/);
    if (current) current.directives[key] = { value: rest.join(' '), line: i + 1 };
    else global[key] = rest.join(' ');
  });
  finish();
  return out;
}
