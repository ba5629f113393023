import type { SourceResult, Store } from '../../src/core/types.js';

/** The store with this id, or an error that lists the ids there are. */
export function store(r: SourceResult, id: string): Store {
  const s = r.stores.find((x) => x.id === id);
  if (!s) throw new Error(`no store ${id}; stores: ${r.stores.map((x) => x.id).join(', ')}`);
  return s;
}
