import type { Store } from '../core/types.js';

const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|go|java|kts?|rb|php|cs)$/;

/**
 * One store per id. The same table can be seen by several sources (its migration, a live database,
 * a cleanup job's SQL in the code): their evidence is pooled, and the definition that reads best as
 * "where it lives" gives the location (a schema file over code that only mentions it).
 */
export function mergeStores(stores: Store[]): Store[] {
  const byId = new Map<string, Store[]>();
  for (const s of stores) {
    const list = byId.get(s.id);
    if (list) list.push(s);
    else byId.set(s.id, [s]);
  }
  const merged: Store[] = [];
  for (const list of byId.values()) {
    if (list.length === 1) {
      merged.push(list[0]);
      continue;
    }
    const ranked = [...list].sort((a, b) => rank(a) - rank(b));
    const primary = ranked[0];
    merged.push({
      ...primary,
      categories: uniqueBy(list.flatMap((s) => s.categories), (c) => `${c.id}@${c.location.file}:${c.location.line}`),
      retention: uniqueBy(list.flatMap((s) => s.retention), (r) => `${r.via}@${r.location.file}:${r.location.line}:${r.location.column}:${r.bound}`),
      retentionBearing: list.some((s) => s.retentionBearing),
      jurisdiction: primary.jurisdiction ?? list.find((s) => s.jurisdiction)?.jurisdiction,
      details: Object.assign({}, ...ranked.slice().reverse().map((s) => s.details ?? {})),
    });
  }
  return foldEntityColumns(merged).sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/**
 * A column declared in a migration and again in the ORM entity that maps its table is one store: the
 * migration's column, located where the user fixes it (the migration that created it), with the
 * entity's own annotations pooled in. An entity property whose table no migration defines stays.
 */
function foldEntityColumns(stores: Store[]): Store[] {
  const byId = new Map(stores.map((s) => [s.id, s]));
  const folded = new Set<string>();
  for (const property of stores) {
    if (property.kind !== 'property' || !property.parent || property.identifier === undefined) continue;
    const table = byId.get(property.parent)?.parent;
    if (!table?.startsWith('sql:table:')) continue;
    const column = byId.get(`sql:column:${table.slice('sql:table:'.length)}.${property.details?.column ?? property.identifier}`);
    if (!column) continue;
    const own = property.categories.filter((c) => c.via !== 'inherited');
    if (own.length) column.categories = uniqueBy([...column.categories, ...own], (c) => `${c.id}@${c.location.file}:${c.location.line}`);
    column.details = { ...column.details, 'also declared at': `${property.location.file}:${property.location.line}` };
    folded.add(property.id);
  }
  return folded.size ? stores.filter((s) => !folded.has(s.id)) : stores;
}

function rank(s: Store): number {
  return (CODE_FILE.test(s.location.file) ? 10 : 0) + (s.source === 'postgres' ? 5 : 0);
}

function uniqueBy<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const t of list) if (!seen.has(key(t))) seen.set(key(t), t);
  return [...seen.values()];
}
