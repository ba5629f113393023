/**
 * Kubernetes manifests and YAML configs: multi-document files, Helm-rendered output (`# Source:`),
 * Strimzi KafkaTopic (with the Kafka cluster's broker defaults), Loki configs (as files, Helm values
 * or inside a ConfigMap), Elasticsearch ILM / OpenSearch ISM policies in YAML, docker-compose files,
 * and any object annotated with `policyproof.dev/category`. Each YAML file is parsed once.
 * A document is a manifest only when it has apiVersion and kind; other YAML must match a known shape.
 */
import path from 'node:path';
import { isMap, isScalar, parseAllDocuments, parseDocument, type Document, type Pair } from 'yaml';
import type { CategoryClaim, Location, Source, SourceContext, SourceResult } from '../../core/types.js';
import {
  annotationsAbove, brokerRetention, CATEGORY_ANNOTATION, categoryValueClaims, composeStores, emptyFound, indexPolicyStore,
  finish, isCompose, isIndexPolicy, isLokiConfig, kafkaTopicStore, lokiStore, MAX_ALIAS_COUNT, type Found,
} from '../configs/handlers.js';
import { commentLinesAbove, get, isRecord, keyLocation, linePositions, locationOf, type LocatedDoc } from '../configs/yaml-doc.js';
import { splitLines } from '../../core/text.js';
import { yamlTooDeep } from '../../core/yaml-depth.js';


/** Kinds that keep data themselves; an annotated Deployment or Service processes data but keeps none. */
const KEEPS_DATA = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'VolumeSnapshot']);

const INTERESTING_KEYS = new Set(['limits_config', 'compactor', 'loki', 'policy', 'services']);

export const kubernetesSource: Source = {
  kind: 'kubernetes',
  scan: scanKubernetes,
};

export async function scanKubernetes(ctx: SourceContext): Promise<SourceResult> {
  const found = emptyFound();
  const topics: Array<{ value: Record<string, unknown>; d: LocatedDoc; helm?: string }> = [];
  const brokers = new Map<string, { ms?: number; text?: string; key?: string; location: Location }>();
  /** chart folder → whether helm rendered it */
  const rendered = new Map<string, boolean>();
  for (const file of ctx.files) {
    if (!/\.ya?ml$/i.test(file)) continue;
    const text = await ctx.read(file);
    if (typeof text !== 'string') {
      found.diagnostics.push(text);
      continue;
    }
    // a Helm chart's template is Go template text, YAML only once rendered: rendered by the user's
    // helm when there is one, else one note per chart
    const chart = /^(.*?)\/?templates\//.exec(file)?.[1];
    if (chart !== undefined && TEMPLATE_LINE.test(text)) {
      if (!(await renderedWithHelm(ctx, chart, rendered, found, topics, brokers))) noteTemplate(chart, file, text, found);
      continue;
    }
    scanYamlText(text, file, found, topics, brokers);
  }
  for (const t of topics) {
    const s = kafkaTopicStore(t.value, t.d, found, brokers);
    if (t.helm) s.details = { ...s.details, helmTemplate: t.helm };
    found.stores.push(s);
  }
  return finish(found);
}

/**
 * Only documents that can matter are parsed: a file, and each `---` chunk of a multi-document file,
 * must mention one of these words. A 10,000-document manifest of Services costs a text search.
 */
const RELEVANT = /KafkaTopic|kind:\s*Kafka\b|limits_config|compactor|policyproof\.dev\/category|@category|@policy-ignore|\bpolicy:|\bservices:|\bloki:/i;

function scanYamlText(
  text: string, file: string, found: Found,
  topics: Array<{ value: Record<string, unknown>; d: LocatedDoc; helm?: string }>,
  brokers: Map<string, { ms?: number; text?: string; key?: string; location: Location }>,
): void {
  if (!RELEVANT.test(text)) return;
  for (const chunk of documentChunks(text)) {
    if (!RELEVANT.test(chunk.text)) continue;
    scanChunk(chunk.text, chunk.line - 1, file, found, topics, brokers);
  }
}

/** Splits a multi-document stream at `---` lines (the marker line starts its chunk). */
export function documentChunks(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  const re = /^---(?=[ \t]|\r?$)/gm;
  let start = 0;
  let startLine = 1;
  let lineCursor = 0;
  let lineNo = 1;
  const lineAt = (offset: number): number => {
    for (let i = text.indexOf('\n', lineCursor); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      lineNo++;
      lineCursor = i + 1;
    }
    return lineNo;
  };
  for (const m of text.matchAll(re)) {
    if (m.index === 0) continue;
    out.push({ text: text.slice(start, m.index), line: startLine });
    start = m.index;
    startLine = lineAt(m.index);
  }
  out.push({ text: text.slice(start), line: startLine });
  return out;
}

function scanChunk(
  text: string, lineOffset: number, file: string, found: Found,
  topics: Array<{ value: Record<string, unknown>; d: LocatedDoc; helm?: string }>,
  brokers: Map<string, { ms?: number; text?: string; key?: string; location: Location }>,
): void {
  const deep = yamlTooDeep(text);
  if (deep) {
    // refused per document: the other `---` documents of the file are still read
    found.diagnostics.push({ code: 'parse-error', message: `YAML: collections nested more than ${deep.limit} levels deep; this document was not parsed`, location: { file, line: lineOffset + deep.line, column: deep.column } });
    return;
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, merge: true }) as Document.Parsed[];
  } catch (e) {
    found.diagnostics.push({ code: 'parse-error', message: `YAML: ${(e as Error).message}`, location: { file, line: lineOffset + 1, column: 1 } });
    return;
  }
  if (!Array.isArray(docs)) return;
  const linePos = linePositions(text);
  const lines = splitLines(text);
  for (const doc of docs) {
    const d: LocatedDoc = { doc, file, lines, linePos, lineOffset, columnOffset: 0 };
    const contents = doc.contents;
    if (!isMap(contents)) {
      if (doc.errors.length > 0) reportYamlError(d, found);
      continue;
    }
    const kind = doc.get('kind');
    const apiVersion = doc.get('apiVersion');
    const isManifest = typeof kind === 'string' && typeof apiVersion === 'string';
    if (!isManifest) {
      const keys = (contents.items as Pair[]).map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
      if (!keys.some((k) => INTERESTING_KEYS.has(k))) {
        if (doc.errors.length > 0) reportYamlError(d, found);
        continue;
      }
    }
    if (doc.errors.length > 0) {
      reportYamlError(d, found);
      continue;
    }
    const needsValue = !isManifest || kind === 'KafkaTopic' || kind === 'Kafka' || kind === 'ConfigMap' || hasCategoryAnnotation(doc) || hasCategoryComment(d);
    if (!needsValue) continue;
    const helm = helmSource(d);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      found.diagnostics.push({ code: 'parse-error', message: `YAML: ${(e as Error).message}`, location: locationOf(d, contents.range?.[0]) });
      continue;
    }
    if (!isRecord(value)) continue;
    const before = found.stores.length;
    if (isManifest) manifest(value, d, found, topics, brokers, String(kind), String(apiVersion), helm);
    else if (isLokiConfig(value)) found.stores.push(lokiStore(value, d, [], found, 'config'));
    else if (isRecord(value.loki) && typeof value.loki.config === 'string' && embeddedLoki(value.loki.config, d, found)) {
      // a chart's values holding Loki's own config as a block string (`loki.config: |`), read as that config
    } else if (isRecord(value.loki) && isLokiServer(value.loki)) {
      found.stores.push(lokiStore(value.loki, d, ['loki'], found, 'config', 'loki'));
    } else if (isIndexPolicy(value)) {
      found.stores.push(indexPolicyStore(value, d, [], found, String(get(value, 'policy_id') ?? get(value, 'policy', 'policy_id') ?? path.posix.basename(file).replace(/\.[^.]+$/, ''))));
    } else if (isCompose(value, file)) found.stores.push(...composeStores(value, d, found));
    if (helm) for (const st of found.stores.slice(before)) st.details = { ...st.details, helmTemplate: helm };
  }
}

const HELM_TEMPLATE = 'a Helm (Go) template';

/**
 * What a `loki:` key configures: Loki itself (a server: its limits, schema, storage, compactor — the
 * Loki chart's values) or a client that ships logs to one (`url`, `host`, `tenant`: promtail, an
 * app's chart), which keeps nothing.
 */
const LOKI_SERVER_KEYS = ['limits_config', 'schema_config', 'schemaConfig', 'storage_config', 'compactor', 'table_manager', 'commonConfig', 'common', 'structuredConfig', 'ingester', 'storage', 'auth_enabled'];
function isLokiServer(v: Record<string, unknown>): boolean {
  return isLokiConfig(v) || LOKI_SERVER_KEYS.some((k) => k in v);
}

/** `loki.config: |` holding Loki's config: parsed as that config (not when it is itself a template). */
function embeddedLoki(text: string, d: LocatedDoc, found: Found): boolean {
  if (!/limits_config|compactor|schema_config/.test(text)) return false;
  // the chart renders it with `tpl`: its template expressions are blanked (positions kept), the YAML around them read
  const inner = embedded(d, ['loki', 'config'], text.replace(/\{\{[^{}]*\}\}/g, (m) => m.replace(/[^\n]/g, ' ')));
  const cfg = inner?.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  if (!inner || !isLokiConfig(cfg)) return false;
  const s = lokiStore(cfg as Record<string, unknown>, inner, [], found, 'config', 'loki');
  // the comments above `config: |` (or `loki:`) annotate the config inside it
  const claims: CategoryClaim[] = [];
  annotationsAbove(d.lines, keyLocation(d, ['loki', 'config']).line, d.file, s.id, found, claims, d.lineOffset);
  annotationsAbove(d.lines, keyLocation(d, ['loki']).line, d.file, s.id, found, claims, d.lineOffset);
  for (const c of claims) if (!s.categories.some((x) => x.id === c.id)) s.categories.push(c);
  found.stores.push(s);
  return true;
}

const TEMPLATE_LINE = /\{\{-?\s*(?:[.$]|if\b|range\b|with\b|include\b|tpl\b|toYaml\b|template\b|end\b)/;

/**
 * Renders a chart (once) with the `helm` on PATH and reads its manifests; false when there is no
 * usable helm, no Chart.yaml, or helm fails (then the note says why).
 */
async function renderedWithHelm(
  ctx: SourceContext, chart: string, rendered: Map<string, boolean>, found: Found,
  topics: Array<{ value: Record<string, unknown>; d: LocatedDoc; helm?: string }>,
  brokers: Map<string, { ms?: number; text?: string; key?: string; location: Location }>,
): Promise<boolean> {
  const done = rendered.get(chart);
  if (done !== undefined) return done;
  rendered.set(chart, false);
  const chartFile = chart ? `${chart}/Chart.yaml` : 'Chart.yaml';
  if (!ctx.files.includes(chartFile)) return false;
  const { findHelm, renderChart, renderedByTemplate } = await import('./helm.js');
  const { helm, refused } = findHelm(ctx.root);
  if (refused) {
    if (!found.diagnostics.some((d) => d.code === 'helm-refused')) {
      found.diagnostics.push({ code: 'helm-refused', message: `the helm on PATH (${refused}) lies inside the scanned repository; it is not run (nothing from the repository is executed)`, location: { file: chartFile, line: 1, column: 1 } });
    }
    return false;
  }
  if (!helm) return false;
  const out = await renderChart(helm, path.join(ctx.root, chart || '.'));
  if (out.text === undefined) {
    ctx.log(`kubernetes: helm template ${chart || '.'}: ${out.error}`);
    found.diagnostics.push({ code: 'template-not-rendered', message: `Helm chart "${chart || '.'}": helm template failed (${out.error}); its templates/ are not read`, location: { file: chartFile, line: 1, column: 1 } });
    rendered.set(chart, true);
    return true;
  }
  for (const piece of renderedByTemplate(out.text, chart || '.')) scanYamlText(piece.text, piece.file, found, topics, brokers);
  rendered.set(chart, true);
  return true;
}

/** One note per chart: its templates are read once rendered (values.yaml is read as it is). */
function noteTemplate(chart: string, file: string, text: string, found: Found): void {
  const name = chart || '.';
  if (found.diagnostics.some((x) => x.code === 'template-not-rendered' && x.message.startsWith(`Helm chart "${name}"`))) return;
  const line = text.split('\n').findIndex((l) => TEMPLATE_LINE.test(l)) + 1;
  found.diagnostics.push({
    code: 'template-not-rendered',
    message: `Helm chart "${name}": its templates/ are Go templates, YAML only once rendered, so what they declare is not read (its values.yaml is). Check the rendered output (helm template … > rendered.yaml) to read them`,
    location: { file, line: Math.max(1, line), column: 1 },
  });
}

function reportYamlError(d: LocatedDoc, found: Found): void {
  const err = d.doc.errors[0];
  // A Go template outside a chart's templates/ folder.
  const template = d.lines.findIndex((l) => TEMPLATE_LINE.test(l));
  if (template !== -1) {
    if (found.diagnostics.some((x) => x.location.file === d.file && x.message.startsWith(HELM_TEMPLATE))) return;
    found.diagnostics.push({
      code: 'unresolved',
      message: `${HELM_TEMPLATE}, YAML only once rendered; what it declares is not read here. Check the rendered output (helm template … > rendered.yaml) instead`,
      location: { file: d.file, line: template + 1 + d.lineOffset, column: 1 },
    });
    return;
  }
  found.diagnostics.push({ code: 'parse-error', message: `YAML: ${err.message.split('\n')[0]}`, location: locationOf(d, err.pos[0]) });
}

function hasCategoryAnnotation(doc: Document.Parsed): boolean {
  return doc.getIn(['metadata', 'annotations', CATEGORY_ANNOTATION]) !== undefined || doc.getIn(['metadata', 'labels', CATEGORY_ANNOTATION]) !== undefined;
}

function hasCategoryComment(d: LocatedDoc): boolean {
  return commentLinesAbove(d.lines, keyLocation(d, []).line - d.lineOffset).some((c) => /@category\b/i.test(c.text));
}

/** Helm's rendered output names each document's template in a `# Source:` comment above it. */
function helmSource(d: LocatedDoc): string | undefined {
  const start = keyLocation(d, []).line - d.lineOffset;
  for (let n = start - 1; n >= 1 && n >= start - 5; n--) {
    const m = /^#\s*Source:\s*(\S+)/.exec(d.lines[n - 1] ?? '');
    if (m) return m[1];
    if (!/^\s*#/.test(d.lines[n - 1] ?? '')) break;
  }
  return undefined;
}

function manifest(
  value: Record<string, unknown>, d: LocatedDoc, found: Found,
  topics: Array<{ value: Record<string, unknown>; d: LocatedDoc; helm?: string }>,
  brokers: Map<string, { ms?: number; text?: string; key?: string; location: Location }>,
  kind: string, apiVersion: string, helm: string | undefined,
): void {
  const strimzi = apiVersion.startsWith('kafka.strimzi.io/');
  if (strimzi && kind === 'KafkaTopic') {
    topics.push({ value, d, helm });
    return;
  }
  if (strimzi && kind === 'Kafka') {
    const name = String(get(value, 'metadata', 'name') ?? '');
    const b = brokerRetention(value);
    brokers.set(name, { ...b, location: b.key ? keyLocation(d, ['spec', 'kafka', 'config', b.key]) : keyLocation(d, ['spec', 'kafka']) });
    return;
  }
  if (kind === 'ConfigMap') {
    const data = get(value, 'data');
    let handled = false;
    if (isRecord(data)) {
      for (const key of Object.keys(data).sort()) {
        const v = data[key];
        if (typeof v !== 'string' || !v.includes('limits_config')) continue;
        const inner = embedded(d, ['data', key], v);
        if (!inner) continue;
        const cfg = inner.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
        if (!isLokiConfig(cfg)) continue;
        const name = String(get(value, 'metadata', 'name') ?? '');
        const s = lokiStore(cfg as Record<string, unknown>, inner, [], found, 'kubernetes', `ConfigMap/${name}/${key}`);
        // The ConfigMap's own annotations and comments count for the config inside it.
        const claims: CategoryClaim[] = [];
        annotationsAbove(d.lines, keyLocation(d, []).line, d.file, s.id, found, claims, d.lineOffset);
        categoryValueClaims(get(value, 'metadata', 'annotations', CATEGORY_ANNOTATION), keyLocation(d, ['metadata', 'annotations', CATEGORY_ANNOTATION]), found, claims);
        for (const c of claims) if (!s.categories.some((x) => x.id === c.id)) s.categories.push(c);
        s.name = `Loki config ${key} in ConfigMap ${name}`;
        found.stores.push(s);
        handled = true;
      }
    }
    if (handled || !(hasCategoryAnnotation(d.doc) || hasCategoryComment(d))) return;
  }
  // Any other object annotated with a category keeps data of it, with no retention stated here.
  const name = String(get(value, 'metadata', 'name') ?? '');
  const ns = String(get(value, 'metadata', 'namespace') ?? '');
  const id = `kubernetes:${d.file}#${kind}/${ns}/${name}`;
  const location = keyLocation(d, []);
  const claims: CategoryClaim[] = [];
  annotationsAbove(d.lines, location.line, d.file, id, found, claims, d.lineOffset);
  categoryValueClaims(get(value, 'metadata', 'annotations', CATEGORY_ANNOTATION), keyLocation(d, ['metadata', 'annotations', CATEGORY_ANNOTATION]), found, claims);
  categoryValueClaims(get(value, 'metadata', 'labels', CATEGORY_ANNOTATION), keyLocation(d, ['metadata', 'labels', CATEGORY_ANNOTATION]), found, claims);
  found.stores.push({
    id, kind: kind.toLowerCase(), name: `${kind} ${ns ? `${ns}/` : ''}${name}`, source: 'kubernetes', location, identifier: name,
    categories: claims, dataTypes: [], retention: [], retentionBearing: KEEPS_DATA.has(kind), details: { apiVersion, kind },
  });
}

/** A config held as a string inside a manifest (a ConfigMap's block scalar), with its line offset. */
function embedded(outer: LocatedDoc, at: Array<string | number>, text: string): LocatedDoc | undefined {
  const node = outer.doc.getIn(at, true) as { range?: [number, number, number]; type?: string } | undefined;
  const startPos = node?.range ? outer.linePos(node.range[0]) : undefined;
  const start = startPos ? { line: startPos.line + outer.lineOffset } : undefined;
  const block = node?.type === 'BLOCK_LITERAL' || node?.type === 'BLOCK_FOLDED';
  if (yamlTooDeep(text)) return undefined;
  const doc = parseDocument(text, { uniqueKeys: false, merge: true }) as Document.Parsed;
  if (doc.errors.length > 0) return undefined;
  const firstContent = start ? start.line + (block ? 1 : 0) : 1;
  const indent = block && start ? /^\s*/.exec(outer.lines[firstContent - 1 - outer.lineOffset] ?? '')?.[0].length ?? 0 : 0;
  return { doc, file: outer.file, lines: splitLines(text), linePos: linePositions(text), lineOffset: firstContent - 1, columnOffset: indent };
}
