import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prismaSource, scanPrismaText } from '../../../src/sources/prisma/index.js';
import { sqlSource } from '../../../src/sources/sql/index.js';

const schema = `/// Customers.
/// @category customer-data
model Customer {
  id        Int       @id @default(autoincrement())
  /// @category traffic-data
  /// @policy-ignore forbidden-data-type -- legal approved until 2031-01-01
  phone     String?   @map("phone_number") @db.VarChar(20)
  email     String    @db.Citext /// @category customer-data, abuse
  ip        Unsupported("inet")?
  tags      String[]
  role      Role      @default(USER)
  orders    Order[]
  joined    DateTime  @default(now()) // not an annotation: @category nope

  @@map("customers")
  @@schema("app")
}

model Order {
  id         Int      @id
  customer   Customer @relation(fields: [customerId], references: [id])
  customerId Int      @map("customer_id")
  /// @category Bad_Id
  total      Decimal
}

enum Role {
  USER
  ADMIN
}
`;

describe('Prisma schemas', () => {
  it('maps models and scalar fields to the SQL store ids, with types and /// annotations', async () => {
    const r = await scanPrismaText(schema, 'prisma/schema.prisma');
    expect(r.stores.map((s) => [s.id, s.location.line, s.location.column, s.sqlType ?? ''])).toEqual([
      ['sql:table:app.customers', 3, 1, ''],
      ['sql:column:app.customers.id', 4, 3, 'integer'],
      ['sql:column:app.customers.phone_number', 7, 3, 'varchar(20)'],
      ['sql:column:app.customers.email', 8, 3, 'citext'],
      ['sql:column:app.customers.ip', 9, 3, 'inet'],
      ['sql:column:app.customers.tags', 10, 3, 'text[]'],
      ['sql:column:app.customers.role', 11, 3, 'role'],
      ['sql:column:app.customers.joined', 13, 3, 'timestamp'],
      ['sql:table:public.Order', 19, 1, ''],
      ['sql:column:public.Order.id', 20, 3, 'integer'],
      ['sql:column:public.Order.customer_id', 22, 3, 'integer'],
      ['sql:column:public.Order.total', 24, 3, 'numeric'],
    ]);
    const by = (id: string) => r.stores.find((s) => s.id === id)!;
    expect(by('sql:table:app.customers')).toMatchObject({ kind: 'table', source: 'prisma', retentionBearing: true, details: { model: 'Customer' } });
    expect(by('sql:table:app.customers').categories).toEqual([{ id: 'customer-data', via: 'annotation', location: { file: 'prisma/schema.prisma', line: 2, column: 5 } }]);
    expect(by('sql:column:app.customers.phone_number')).toMatchObject({ identifier: 'phone_number', parent: 'sql:table:app.customers', details: { field: 'phone' } });
    expect(by('sql:column:app.customers.phone_number').categories.map((c) => c.id)).toEqual(['traffic-data']);
    expect(by('sql:column:app.customers.email').categories.map((c) => [c.id, c.location.line, c.location.column])).toEqual([['customer-data', 8, 38], ['abuse', 8, 38]]);
    expect(by('sql:column:app.customers.joined').categories).toEqual([]);
    expect(r.suppressions).toEqual([{ rule: 'forbidden-data-type', reason: 'legal approved', until: '2031-01-01', location: { file: 'prisma/schema.prisma', line: 6, column: 7 }, storeId: 'sql:column:app.customers.phone_number' }]);
    expect(r.diagnostics).toEqual([{ code: 'annotation-error', message: expect.stringContaining('Bad_Id'), location: { file: 'prisma/schema.prisma', line: 23, column: 7 } }]);
  });

  it('a broken schema is one parse-error at its line', async () => {
    const r = await scanPrismaText('model A {\n  id Int @id\n  name String @@@\n}\n', 's.prisma');
    expect(r.stores).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'parse-error', location: { file: 's.prisma', line: 3 } });
    const binary = await scanPrismaText('\u0000\uFFFD\u0001model', 'b.prisma');
    expect(binary.diagnostics[0].code).toBe('parse-error');
  });

  it('the example dashboard schema names the same tables and columns as its migrations', async () => {
    const root = join(import.meta.dirname, '../../../examples/sms-api');
    const read = async (f: string) => readFileSync(join(root, f), 'utf8');
    const prisma = await prismaSource.scan({ root, files: ['prisma/schema.prisma'], read, log() {} });
    expect(prisma.diagnostics).toEqual([]);
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(root, 'migrations')).map((f) => `migrations/${f}`);
    const sql = await sqlSource.scan({ root, files, read, log() {} });
    const sqlIds = new Set(sql.stores.map((s) => s.id));
    const missing = prisma.stores.map((s) => s.id).filter((id) => !sqlIds.has(id));
    expect(missing).toEqual([]);
    expect(prisma.stores.length).toBeGreaterThan(15);
  });

  it('does not run a prisma-ast config file from the scanned repository', async () => {
    // @mrleebo/prisma-ast reads (and may `require`) prisma-ast.config.js from the working directory
    // when imported; a fresh process in a hostile folder shows the library would, and we do not.
    const { mkdtempSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const repo = join(import.meta.dirname, '../../..');
    const dir = mkdtempSync(join(tmpdir(), 'pp-prisma-'));
    const marker = join(dir, 'ran');
    writeFileSync(join(dir, 'prisma-ast.config.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); module.exports = {};`);
    const run = (code: string) => spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(repo, 'node_modules') } });
    const library = join(repo, 'node_modules/@mrleebo/prisma-ast/dist/index.js');
    run(`import { createRequire } from 'node:module'; createRequire(${JSON.stringify(library)})(${JSON.stringify(library)});`);
    expect(existsSync(marker)).toBe(true); // the hazard is real
    rmSync(marker);
    const ours = join(repo, 'build/src/sources/prisma/index.js');
    expect(existsSync(ours)).toBe(true); // npm test builds first
    const r = run(`const m = await import(${JSON.stringify(ours)}); const out = await m.scanPrismaText('model A {\\n  id Int @id\\n}\\n', 'a.prisma'); console.log(out.stores.length);`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2');
    expect(existsSync(marker)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Prisma multi-file schemas and composite types', () => {
  const scan = (files: Record<string, string>) =>
    prismaSource.scan({ root: '/repo', files: Object.keys(files).sort(), read: async (f) => files[f], log() {} });

  it('a relation to a model of another schema file is not a column', async () => {
    const r = await scan({
      'prisma/schema/user.prisma': 'model User {\n  id    Int     @id\n  posts Post[]\n  profile Profile?\n  role  Role\n}\n',
      'prisma/schema/post.prisma': 'model Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\nmodel Profile {\n  id Int @id\n}\nenum Role {\n  A\n}\n',
    });
    const columns = r.stores.filter((s) => s.kind === 'column').map((s) => `${s.id} ${s.sqlType}`).sort();
    expect(columns).toEqual(['sql:column:public.Post.authorId integer', 'sql:column:public.Post.id integer', 'sql:column:public.Profile.id integer', 'sql:column:public.User.id integer', 'sql:column:public.User.role role']);
  });

  it("a composite type's fields are columns of every model that embeds it, located and annotated where the type declares them", async () => {
    const r = await scan({
      'prisma/schema.prisma': [
        'type Address {',
        '  street String /// @category customer-data',
        '  zip    String',
        '}',
        'model Customer {',
        '  id      String  @id @map("_id")',
        '  /// @category abuse',
        '  address Address',
        '  billing Address?',
        '}',
        '',
      ].join('\n'),
    });
    const byId = new Map(r.stores.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual([
      'sql:column:public.Customer._id', 'sql:column:public.Customer.address.street', 'sql:column:public.Customer.address.zip',
      'sql:column:public.Customer.billing.street', 'sql:column:public.Customer.billing.zip', 'sql:table:public.Customer',
    ]);
    expect(byId.get('sql:column:public.Customer.address.street')).toMatchObject({ identifier: 'street', location: { line: 2 }, parent: 'sql:table:public.Customer' });
    expect(byId.get('sql:column:public.Customer.address.street')?.categories.map((c) => c.id)).toEqual(['abuse', 'customer-data']);
    expect(byId.get('sql:column:public.Customer.billing.zip')?.categories.map((c) => c.id)).toEqual([]);
  });

  it('a self-referencing composite type stops: the nested field is one column', async () => {
    const r = await scan({ 'prisma/schema.prisma': 'type Node {\n  name String\n  child Node?\n}\nmodel Tree {\n  id String @id\n  root Node\n}\n' });
    expect(r.stores.map((s) => s.id).sort()).toEqual(['sql:column:public.Tree.id', 'sql:column:public.Tree.root.child', 'sql:column:public.Tree.root.name', 'sql:table:public.Tree']);
  });
});
