import type { Store } from './types.js';

/** Where a store's categories come from: its own claims, an enclosing store, or code entities that map it. */
export interface CategoryOrigin {
  ids: string[];
  /** the store whose claims give the categories (the store itself, or an enclosing one) */
  from?: Store;
  /** set when the categories are lent by code entities that map `from` (an ORM class over a SQL table) */
  lentBy?: Store[];
}

/**
 * A store's categories: its own claims, else those of the nearest enclosing store (a column's
 * table); a table no schema file annotates takes the categories of the code entities that map it.
 * The rules judge by this, and the inventory shows it, so both say the same.
 */
export function categoryOrigin(store: Store, byId: Map<string, Store>): CategoryOrigin {
  const seen = new Set<string>();
  const mappers = mappersOf(byId);
  for (let s: Store | undefined = store; s && !seen.has(s.id); s = s.parent ? byId.get(s.parent) : undefined) {
    seen.add(s.id);
    if (s.categories.length > 0) return { ids: uniqueSorted(s.categories.map((c) => c.id)), from: s };
    const lenders = (mappers.get(s.id) ?? []).filter((m) => m.categories.length > 0);
    if (lenders.length > 0) return { ids: uniqueSorted(lenders.flatMap((m) => m.categories.map((c) => c.id))), from: s, lentBy: lenders };
  }
  return { ids: [] };
}

function uniqueSorted(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}

/** Sources whose table stores are code entities (ORM classes) mapping another source's table. */
const CODE_SOURCES = new Set(['typescript', 'code']);

const mappersCache = new WeakMap<Map<string, Store>, Map<string, Store[]>>();

/** Code entities (an ORM class, a Drizzle table) that map a table of another source: table id → entities. */
function mappersOf(byId: Map<string, Store>): Map<string, Store[]> {
  let map = mappersCache.get(byId);
  if (map) return map;
  map = new Map();
  for (const s of byId.values()) {
    if (!CODE_SOURCES.has(s.source) || s.kind !== 'table' || !s.parent) continue;
    const target = byId.get(s.parent);
    // a table a migration in code creates (knex, Rails, Laravel) is a table like a SQL one; another code entity is not
    if (!target || (CODE_SOURCES.has(target.source) && !target.id.startsWith('sql:table:'))) continue;
    const list = map.get(target.id);
    if (list) list.push(s);
    else map.set(target.id, [s]);
  }
  mappersCache.set(byId, map);
  return map;
}
