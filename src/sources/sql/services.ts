/**
 * Monorepos: several services, each with its own migration folder (services/auth/migrations,
 * services/billing/db/migrations). Two services that both create `public.users` have two different
 * tables, and a `@category` on one must not cover the other. Store ids stay `sql:table:<schema>.<table>`
 * (so migrations, a Prisma schema, a live database and cleanup SQL in code pool into one store) except
 * for a table that is created in more than one service: its ids then name the service,
 * `sql:table:<service>:<schema>.<table>` and `sql:column:<service>:<schema>.<table>.<column>`
 * (`.` for the repository root).
 *
 * A service is a migration folder with its database-ish trailing folders dropped (migrations, db,
 * sql, schema, supabase, src/main/resources/db/migration, version folders …): `db/structure.sql` and
 * `db/migrate/*.sql` are one service (one database), `services/a/migrations` and
 * `services/b/migrations` are two. Prisma's own migration folders (`…/prisma/migrations`) keep plain
 * ids, like the Prisma source, so they keep pooling with their schema.prisma. Tests, fixtures,
 * examples and docs are no service: they keep plain ids and never make a table shared.
 */
import type { SourceResult, Store } from '../../core/types.js';

const DB_FOLDER = /^(?:migrations?|migrate|db|database|databases|sql|schemas?|supabase|flyway|liquibase|resources|main|src|changelogs?|ddl|dml|postgres|postgresql|pg|psql|structure|versions?|v?\d+(?:[._-]\d+)*)$/i;

/** The service a migration folder belongs to ('' for the repository root). */
export function serviceOf(dir: string): string {
  const parts = dir ? dir.split('/') : [];
  while (parts.length && DB_FOLDER.test(parts[parts.length - 1])) parts.pop();
  return parts.join('/');
}

function isPrismaMigrations(dir: string): boolean {
  return /(?:^|\/)prisma\/migrations$/i.test(dir);
}

/** Tests, fixtures, examples and docs copy the real schema: they are no service of their own. */
const NOT_A_SERVICE = /(?:^|\/)(?:tests?|specs?|__tests__|fixtures?|testdata|test-data|e2e|examples?|samples?|docs?|demos?)(?:\/|$)/i;

const TABLE = 'sql:table:';
const COLUMN = 'sql:column:';

function definesTable(s: Store): boolean {
  return s.id.startsWith(TABLE) && (s.kind === 'table' || s.kind === 'partition') && s.details?.definedElsewhere !== 'true';
}

/**
 * Rewrites, in place, the ids of tables created in several services (and their columns,
 * partitions' parents and suppressions) to name the service. `groups[i]` is the folder of `results[i]`.
 */
export function qualifySharedTables(groups: string[], results: SourceResult[]): void {
  // one folder is one service: nothing in it can be shared with another
  if (results.length < 2) return;
  const servicesOf = new Map<string, Set<string>>();
  const service = groups.map(serviceOf);
  results.forEach((r, i) => {
    if (NOT_A_SERVICE.test(groups[i])) return;
    for (const s of r.stores) {
      if (!definesTable(s)) continue;
      const key = s.id.slice(TABLE.length);
      const set = servicesOf.get(key) ?? new Set<string>();
      set.add(service[i]);
      servicesOf.set(key, set);
    }
  });
  const shared = new Set([...servicesOf].filter(([, set]) => set.size > 1).map(([key]) => key));
  if (shared.size === 0) return;
  results.forEach((r, i) => {
    if (isPrismaMigrations(groups[i]) || NOT_A_SERVICE.test(groups[i])) return;
    const svc = service[i] || '.';
    const renamed = new Map<string, string>();
    for (const s of r.stores) {
      if (!s.id.startsWith(TABLE)) continue;
      const key = s.id.slice(TABLE.length);
      // evidence for a shared table from a service that does not create it cannot be attributed
      if (shared.has(key) && servicesOf.get(key)?.has(service[i])) renamed.set(s.id, `${TABLE}${svc}:${key}`);
    }
    if (renamed.size === 0) return;
    for (const s of r.stores) {
      const table = renamed.get(s.id);
      const parent = s.parent === undefined ? undefined : renamed.get(s.parent);
      if (table) {
        s.id = table;
        s.name = `${svc}:${s.name}`;
      } else if (parent && s.id.startsWith(COLUMN)) {
        const old = s.id;
        s.id = `${COLUMN}${svc}:${s.id.slice(COLUMN.length)}`;
        s.name = `${svc}:${s.name}`;
        renamed.set(old, s.id);
      }
      if (parent) s.parent = parent;
    }
    for (const sup of r.suppressions) {
      const id = sup.storeId === undefined ? undefined : renamed.get(sup.storeId);
      if (id) sup.storeId = id;
    }
  });
}
