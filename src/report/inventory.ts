import type { CheckResult } from '../engine/check.js';
import type { Store } from '../core/types.js';
import { describeDuration } from '../core/duration.js';
import { escapeMarkdown } from './markdown.js';
import { cmp } from '../core/compare.js';
import { categoryOrigin } from '../core/categories.js';

export type InventoryFormat = 'markdown' | 'json' | 'csv';

export interface InventoryRow {
  category: string;
  categoryDecidedBy: string;
  store: string;
  kind: string;
  source: string;
  location: string;
  dataTypes: string;
  /** why the classifier found each data type, and the matches it ruled out */
  classifier: string;
  retention: string;
  retentionEvidence: string;
  jurisdiction: string;
}

/** The record of processing: every store, grouped by policy category, with how each fact was decided. */
export function inventoryRows(result: CheckResult): InventoryRow[] {
  const byId = new Map(result.stores.map((s) => [s.id, s]));
  const rows: InventoryRow[] = [];
  for (const store of result.stores) {
    const { ids, how } = categoriesOf(store, byId);
    const retention = store.retention.length ? store.retention : inheritedRetention(store, byId);
    const row: Omit<InventoryRow, 'category'> = {
      categoryDecidedBy: how,
      store: store.name,
      kind: store.kind,
      source: store.source,
      location: `${store.location.file}:${store.location.line}`,
      dataTypes: store.dataTypes.map((h) => `${h.type} (${h.via === 'sql-type' ? 'SQL type' : `name: ${h.matched.join(' ')}`})`).join('; '),
      classifier: [...store.dataTypes.map((h) => `${h.type}: ${h.reason ?? h.matched.join(' ')}`), ...(store.details?.['not personal data'] ? [`ruled out: ${store.details['not personal data']}`] : [])].join('; '),
      retention: retention.map((r) => (r.status === 'known' && r.duration ? `${r.bound} ${describeDuration(r.duration)}` : r.status)).join('; '),
      retentionEvidence: retention.map((r) => `${r.via} @ ${r.location.file}:${r.location.line}${r.reason ? ` (${r.reason})` : ''}`).join('; '),
      jurisdiction: store.jurisdiction
        ? store.jurisdiction.status === 'known'
          ? `${store.jurisdiction.provider ?? ''} ${store.jurisdiction.region ?? ''}`.trim()
          : `unknown${store.jurisdiction.reason ? ` (${store.jurisdiction.reason})` : ''}`
        : '',
    };
    for (const category of ids.length ? ids : ['(none)']) rows.push({ category, ...row });
  }
  return rows.sort((a, b) => cmp(a.category === '(none)' ? '~' : a.category, b.category === '(none)' ? '~' : b.category) || cmp(a.location, b.location) || cmp(a.store, b.store));
}

function categoriesOf(store: Store, byId: Map<string, Store>): { ids: string[]; how: string } {
  const { ids, from, lentBy } = categoryOrigin(store, byId);
  if (!from) return { ids: [], how: store.dataTypes.length ? 'classifier found personal data; no category' : '' };
  if (lentBy) return { ids, how: `taken from ${lentBy.map((m) => m.name).join(', ')}, which maps ${from.name}` };
  if (from !== store) return { ids, how: `inherited from ${from.name}` };
  return { ids, how: [...new Set(store.categories.map((c) => `${c.via} @ ${c.location.file}:${c.location.line}`))].join('; ') };
}

function inheritedRetention(store: Store, byId: Map<string, Store>) {
  const parent = store.parent ? byId.get(store.parent) : undefined;
  return parent?.retention ?? [];
}

const COLUMNS: Array<[keyof InventoryRow, string]> = [
  ['category', 'category'], ['store', 'store'], ['kind', 'kind'], ['source', 'source'], ['location', 'location'],
  ['categoryDecidedBy', 'category decided by'], ['dataTypes', 'data types'], ['retention', 'retention'],
  ['retentionEvidence', 'retention evidence'], ['jurisdiction', 'jurisdiction'], ['classifier', 'classifier'],
];

/** What the organisation's register (`inventory merge`) needs beyond the stores: whose inventory, against what. */
export interface InventoryContext {
  /** owner/name, or the folder's name */
  repository?: string;
  /** the shared policy's pin (policyproof.lock), when the policy came by reference */
  source?: unknown;
  /** categories whose promises this repository owns; undefined: all */
  ownedPromises?: string[];
}

/** A CSV cell: a cell that a spreadsheet would run as a formula is prefixed, then quoted. */
export function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderInventory(result: CheckResult, format: InventoryFormat, context: InventoryContext = {}): string {
  const rows = inventoryRows(result);
  if (format === 'json') {
    const declared = (result.inForce?.sections ?? []).flatMap((s) => (s.category?.promises ?? []).map((promise) => ({ category: s.id, promise: String(promise) })));
    const implemented = result.implementations
      .map((i) => ({ category: i.category, promise: i.promise, symbol: i.symbol, location: `${i.location.file}:${i.location.line}`, ...(i.target ? { target: `${i.target.symbol} ${i.target.location.file}:${i.target.location.line}` } : {}) }))
      .sort((a, b) => cmp(a.category, b.category) || cmp(a.promise, b.promise) || cmp(a.location, b.location));
    return `${JSON.stringify({
      policy: result.policy.identity.id, version: result.inForce?.version ?? null, at: result.at,
      repository: context.repository ?? null, source: context.source ?? null,
      promises: { declared, owned: context.ownedPromises ?? 'all', implemented },
      stores: rows,
    }, null, 2)}\n`;
  }
  if (format === 'csv') {
    return `${[COLUMNS.map(([, h]) => h).join(','), ...rows.map((r) => COLUMNS.map(([k]) => csvCell(r[k])).join(','))].join('\n')}\n`;
  }
  const out: string[] = [`# Data inventory — ${escapeMarkdown(result.policy.identity.title.en ?? result.policy.identity.id)}`, ''];
  out.push(`Policy version ${result.inForce?.version ?? '(none in force)'} on ${result.at}; ${result.stores.length} stores in ${result.files.length} files.`, '');
  const sections = new Map(result.inForce?.sections.map((s) => [s.id, s]) ?? []);
  const groups = new Map<string, InventoryRow[]>();
  for (const r of rows) {
    const list = groups.get(r.category);
    if (list) list.push(r);
    else groups.set(r.category, [r]);
  }
  for (const [category, list] of groups) {
    const heading = category === '(none)' ? 'No category' : `${category}${sections.get(category)?.heading?.en ? ` — ${sections.get(category)!.heading!.en}` : ''}`;
    out.push(`## ${escapeMarkdown(heading)}`, '');
    out.push('| store | kind | location | decided by | data types | retention | evidence | jurisdiction | classifier |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const r of list) {
      out.push(`| ${[r.store, r.kind, r.location, r.categoryDecidedBy, r.dataTypes, r.retention, r.retentionEvidence, r.jurisdiction, r.classifier].map(escapeMarkdown).join(' | ')} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

