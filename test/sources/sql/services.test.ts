import { describe, expect, it } from 'vitest';
import { serviceOf } from '../../../src/sources/sql/services.js';
import { scanFiles, store } from './helpers.js';

describe('services of a monorepo', () => {
  it('a migration folder belongs to the folder above its database folders', () => {
    expect(serviceOf('services/auth/migrations')).toBe('services/auth');
    expect(serviceOf('services/billing/src/main/resources/db/migration')).toBe('services/billing');
    expect(serviceOf('db/migrate')).toBe('');
    expect(serviceOf('db')).toBe('');
    expect(serviceOf('apps/web/supabase/migrations')).toBe('apps/web');
    expect(serviceOf('')).toBe('');
  });

  it('the same table created by two services is two stores; an annotation on one does not cover the other', async () => {
    const r = await scanFiles({
      'services/auth/migrations/0001_init.up.sql': '-- @category customer-data\nCREATE TABLE users (id bigint, email text);\n',
      'services/auth/migrations/0002_more.up.sql': "ALTER TABLE users ADD COLUMN phone text; -- @policy-ignore unclassified-personal-data -- agreed\nSELECT cron.schedule('p', '0 3 * * *', $$DELETE FROM users WHERE created_at < now() - interval '30 days'$$);\n",
      'services/billing/db/migrations/V1__init.sql': 'CREATE TABLE users (id bigint, card_holder_name text);\nCREATE TABLE invoices (id bigint);\n',
    });
    const auth = store(r, 'sql:table:services/auth:public.users');
    expect(auth).toMatchObject({ name: 'services/auth:public.users', location: { file: 'services/auth/migrations/0001_init.up.sql', line: 2 } });
    expect(auth.categories.map((c) => c.id)).toEqual(['customer-data']);
    expect(auth.retention).toHaveLength(1);
    const billing = store(r, 'sql:table:services/billing:public.users');
    expect(billing.categories).toEqual([]);
    expect(billing.retention).toEqual([]);
    expect(store(r, 'sql:column:services/billing:public.users.card_holder_name')).toMatchObject({
      parent: 'sql:table:services/billing:public.users',
      name: 'services/billing:public.users.card_holder_name',
    });
    expect(store(r, 'sql:column:services/auth:public.users.phone').parent).toBe('sql:table:services/auth:public.users');
    expect(r.suppressions.map((s) => s.storeId)).toEqual(['sql:column:services/auth:public.users.phone']);
    // a table only one service creates keeps the id the Prisma and live database sources use
    store(r, 'sql:table:public.invoices');
    expect(r.stores.some((s) => s.id === 'sql:table:public.users')).toBe(false);
  });

  it('a schema dump next to its migrations is one database, not two services', async () => {
    const r = await scanFiles({
      'db/structure.sql': 'CREATE TABLE public.users (id bigint, email text);\n',
      'db/migrate/001_init.sql': 'CREATE TABLE users (id bigint, email text);\n',
    });
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.id)).toEqual(['sql:table:public.users', 'sql:table:public.users']);
  });

  it("Prisma's migration folders keep plain ids (they pool with schema.prisma); the other service names itself", async () => {
    const r = await scanFiles({
      'apps/web/prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "users" (id int, email text);\n',
      'apps/api/migrations/0001_init.up.sql': 'CREATE TABLE users (id int, email text);\n',
    });
    expect(r.stores.filter((s) => s.kind === 'table').map((s) => s.id).sort()).toEqual(['sql:table:apps/api:public.users', 'sql:table:public.users']);
  });

  it('a test fixture copying the schema is no service: the real table keeps its plain id', async () => {
    const r = await scanFiles({
      'db/migrations/0001_init.up.sql': 'CREATE TABLE users (id bigint, email text);\n',
      'test/fixtures/schema.sql': 'CREATE TABLE users (id bigint, email text);\n',
      'services/api/migrations/0001_init.up.sql': 'CREATE TABLE orders (id bigint);\n',
    });
    expect([...new Set(r.stores.filter((s) => s.kind === 'table').map((s) => s.id))].sort()).toEqual(['sql:table:public.orders', 'sql:table:public.users']);
  });
});
