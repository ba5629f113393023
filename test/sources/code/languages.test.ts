import { afterEach, describe, expect, test } from 'vitest';
import { scanCode } from '../../../src/sources/code/index.js';
import { repo } from '../typescript/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function scan(files: Record<string, string>) {
  const r = repo(files);
  cleanups.push(r.cleanup);
  return (await scanCode(r.ctx)).result;
}

/** The retention each `@retention` constant of the files evaluates to: "NAME P14D" or "NAME unknown: reason". */
async function retention(files: Record<string, string>): Promise<string[]> {
  const r = await scan(files);
  return r.stores.flatMap((s) => s.retention.map((e) => `${s.name} ${e.status === 'known' ? e.duration?.text : `${e.status}: ${e.reason}`}`));
}

describe('retention idioms, evaluated statically', () => {
  test.each([
    ['python', { 'a.py': '# @retention debug-data.max\nA = timedelta(days=14)\n# @retention debug-data.max\nB_HOURS = 24 * 7 * 2\n# @retention debug-data.max\nC = timedelta(weeks=2).total_seconds()\n# @retention debug-data.max\nD = int(os.getenv("D", "14"))\n' },
      ['A P14D', 'B_HOURS P14D', 'C P14D', 'D unknown: the value is read from the environment (int(os.getenv("D", "14"))) at run time; its deployed value is not in the repository']],
    ['go', { 'a.go': 'package a\n\n// @retention debug-data.max\nconst A = 14 * 24 * time.Hour\n\n// @retention debug-data.max\nconst B = time.Duration(336) * time.Hour\n\n/* @retention debug-data.max */\nconst DebugDays = 14\n' },
      ['A P14D', 'B P14D', 'DebugDays P14D']],
    ['java', { 'A.java': 'class A {\n  /** @retention debug-data.max */\n  static final Duration A = Duration.ofDays(14);\n  /** @retention debug-data.max */\n  static final long B_MS = TimeUnit.DAYS.toMillis(14);\n  /** @retention debug-data.max */\n  static final long C = Duration.ofHours(336).toMillis();\n  /** @retention debug-data.max */\n  static long D_DAYS = 14;\n}\n' },
      ['A.A P14D', 'A.B_MS P14D', 'A.C P14D', 'A.D_DAYS unknown: D_DAYS is not final (declare it static final); its value may change at run time']],
    ['kotlin', { 'a.kt': '/** @retention debug-data.max */\nval A = 14.days\n/** @retention debug-data.max */\nconst val B_DAYS = 7 * 2\n/** @retention debug-data.max */\nval C = Duration.ofDays(14)\n' },
      ['A P14D', 'B_DAYS P14D', 'C P14D']],
    ['ruby', { 'a.rb': '# @retention debug-data.max\nA = 14.days\n# @retention debug-data.max\nB = 2.weeks.to_i\n# @retention debug-data.max\nC = ENV["C"]\n' },
      ['A P14D', 'B P14D', 'C unknown: the value is read from the environment (ENV["C"]) at run time; its deployed value is not in the repository']],
    ['php', { 'a.php': "<?php\nclass A {\n  /** @retention debug-data.max */\n  const A = new DateInterval('P14D');\n  /** @retention debug-data.max */\n  const B = CarbonInterval::weeks(2);\n  /** @retention debug-data.max */\n  const C_DAYS = self::D * 2;\n  const D = 7;\n}\n" },
      ['A.A P14D', 'A.B P14D', 'A.C_DAYS P14D']],
    ['csharp', { 'a.cs': 'class A {\n  /// @retention debug-data.max\n  public static readonly TimeSpan A = TimeSpan.FromDays(14);\n  /// @retention debug-data.max\n  public const double B = TimeSpan.FromHours(336).TotalDays;\n  /** @retention debug-data.max */\n  public const int DebugDays = 14;\n}\n' },
      ['A.A P14D', 'A.B P14D', 'A.DebugDays P14D']],
  ])('%s', async (_lang, files, expected) => {
    expect(await retention(files)).toEqual(expected);
  });
});

test('promises in each comment syntax: #, docstrings, //, /* */, Javadoc, KDoc, PHPDoc, XML doc comments', async () => {
  const r = await scan({
    'a.py': '# @implements traffic-history.delete\ndef a(): pass\n\ndef b():\n    """Configure.\n\n    @implements traffic-history.configure\n    """\n',
    'c.go': 'package c\n\n// @implements traffic-history.delete\nfunc C() {}\n\n/* @implements traffic-history.disable */\nfunc (s *Server) D() {}\n',
    'E.java': 'class E {\n  /**\n   * Deletes.\n   * @implements traffic-history.delete\n   */\n  @DeleteMapping("/h")\n  void e() {}\n}\n',
    'f.kt': '/** @implements traffic-history.delete */\nfun f() {}\n',
    'g.rb': 'class G\n  # @implements traffic-history.delete\n  def g; end\nend\n',
    'h.php': "<?php\nclass H {\n  /**\n   * @implements traffic-history.delete\n   */\n  public function h() {}\n}\n",
    'i.cs': 'class I {\n  /// <summary>Deletes.</summary>\n  /// @implements traffic-history.delete\n  public void Remove() {}\n}\n',
  });
  expect(r.implementations.map((i) => `${i.location.file}:${i.location.line} ${i.symbol} ${i.category}.${i.promise}`)).toEqual([
    'E.java:4 E.e traffic-history.delete',
    'a.py:1 a traffic-history.delete',
    'a.py:7 b traffic-history.configure',
    'c.go:3 C traffic-history.delete',
    'c.go:6 Server.D traffic-history.disable',
    'f.kt:1 f traffic-history.delete',
    'g.rb:2 G.g traffic-history.delete',
    'h.php:4 H.h traffic-history.delete',
    'i.cs:3 I.Remove traffic-history.delete',
  ]);
  expect(r.diagnostics).toEqual([]);
});

test('prose that mentions a tag is not a tag, and a tag comment separated by a blank line is reported, not moved', async () => {
  const r = await scan({ 'a.py': '# see the @category docs\nA = 1\n\n# @category abuse\n\nB = 2\n' });
  expect(r.stores).toEqual([]);
  expect(r.diagnostics.map((d) => `${d.location.line} ${d.message}`)).toEqual([
    '4 this comment is not read: a tag comment belongs directly above its declaration (remove the blank line)',
  ]);
});

test('SQL in literals: concatenations are one statement, interpolated constants are evaluated, DDL counts only in migrations', async () => {
  const r = await scan({
    'Jobs.java': 'class Jobs {\n  static final int DAYS = 30;\n  void purge() {\n    jdbc.update("DELETE FROM calls " +\n      "WHERE created_at < now() - interval \'" + DAYS + " days\'");\n  }\n}\n',
    'jobs.go': 'package jobs\n\nconst q = "DELETE FROM sms " + "WHERE created_at < now() - interval \'45 days\'"\n\nconst keep = 7\n\nvar f = fmt.Sprintf("DELETE FROM pings WHERE at < now() - interval \'%d days\' AND note LIKE \'100%%\'", keep*2)\n',
    'format.py': 'KEEP = 3\n\nSQL = "DELETE FROM beeps WHERE at < now() - interval \'%s days\'" % (KEEP * 4,)\n',
    'purge.php': "<?php\nDB::statement('DELETE FROM mms ' . \"WHERE created_at < now() - interval '20 days'\");\n",
    'purge.py': 'KEEP = 10\n\ndef purge(cur):\n    cur.execute(f"DELETE FROM fax WHERE created_at < now() - interval \'{KEEP * 2} days\'")\n',
    'app/setup.py': 'def setup(cur):\n    cur.execute("CREATE TABLE scratch (id int, phone_number text)")\n',
    'db/migrations/0001_init.py': 'def forwards(cur):\n    cur.execute("CREATE TABLE archive (id int, phone_number text)")\n',
  });
  expect(r.stores.map((s) => `${s.id} ${s.location.file}:${s.location.line} ${s.retention.map((e) => e.duration?.text ?? e.status).join()}`)).toEqual([
    'sql:table:public.calls Jobs.java:4 P30D',
    'sql:table:public.archive db/migrations/0001_init.py:2 ',
    'sql:column:public.archive.id db/migrations/0001_init.py:2 ',
    'sql:column:public.archive.phone_number db/migrations/0001_init.py:2 ',
    'sql:table:public.beeps format.py:3 P12D',
    'sql:table:public.sms jobs.go:3 P45D',
    'sql:table:public.pings jobs.go:7 P14D',
    'sql:table:public.mms purge.php:2 P20D',
    'sql:table:public.fax purge.py:4 P20D',
  ]);
});

test('the backward direction of a migration is neither evidence nor an error: down, downgrade, Down, reverse_sql, a Go down func', async () => {
  const r = await scan({
    'alembic/versions/0001_init.py': 'def upgrade():\n    op.execute("CREATE TABLE calls (id int, caller text)")\n\ndef downgrade():\n    op.execute("DROP TABLE calls; CREATE TABLE legacy_calls (msisdn text) WITH")\n',
    'app/migrations/0002_more.py': 'operations = [\n    migrations.RunSQL(\n        sql="CREATE TABLE sms (id int, body text)",\n        reverse_sql="SELECT x FROM (SELECT 1) FROM sms",\n    ),\n]\n',
    'db/migrate/20240101_add.rb': 'class Add < ActiveRecord::Migration[7.0]\n  def up\n    execute "CREATE TABLE mms (id int)"\n  end\n\n  def self.down\n    execute "CREATE TABLE old_mms (id int,,)"\n  end\nend\n',
    'database/migrations/2024_01_01_000000_add.php': "<?php\nreturn new class extends Migration {\n    public function up(): void { DB::statement('CREATE TABLE fax (id int)'); }\n    public function down(): void { DB::statement('CREATE TABLE old_fax (id int,,)'); }\n};\n",
    'migrations/20240101_add.go': 'package migrations\n\nfunc init() {\n\tup := func(db *bun.DB) error {\n\t\t_, err := db.Exec("CREATE TABLE pings (id int)")\n\t\treturn err\n\t}\n\tdown := func(db *bun.DB) error {\n\t\t_, err := db.Exec("CREATE TABLE old_pings (id int,,)")\n\t\treturn err\n\t}\n\tMigrations.MustRegister(up, down)\n}\n',
    'Migrations/20240101_Add.cs': 'public partial class Add : Migration {\n  protected override void Up(MigrationBuilder b) { b.Sql("CREATE TABLE beeps (id int)"); }\n  protected override void Down(MigrationBuilder b) { b.Sql("CREATE TABLE old_beeps (id int,,)"); }\n}\n',
    // an application's own downVote is no migration's backward direction: its delete is evidence
    'app/votes.py': 'def downVote(cur):\n    cur.execute("DELETE FROM votes WHERE created_at < now() - interval \'30 days\'")\n',
  });
  expect(r.diagnostics).toEqual([]);
  expect(r.stores.filter((s) => s.kind === 'table').map((s) => `${s.id} ${s.location.file}:${s.location.line}`)).toEqual([
    'sql:table:public.beeps Migrations/20240101_Add.cs:2',
    'sql:table:public.calls alembic/versions/0001_init.py:2',
    'sql:table:public.sms app/migrations/0002_more.py:3',
    'sql:table:public.votes app/votes.py:2',
    'sql:table:public.fax database/migrations/2024_01_01_000000_add.php:3',
    'sql:table:public.mms db/migrate/20240101_add.rb:3',
    'sql:table:public.pings migrations/20240101_add.go:5',
  ]);
});

test("an install script's schema in code is the schema (a PHP nowdoc returned from install/); DDL elsewhere is only mentioned", async () => {
  const schema = "DROP TABLE IF EXISTS `panel_customers`;\nCREATE TABLE `panel_customers` (\n  `id` int(11) NOT NULL auto_increment,\n  `email` varchar(255) NOT NULL default '',\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n";
  const r = await scan({
    'install/app.sql.php': `<?php\n\nreturn <<<'APPSQL'\n${schema}APPSQL;\n`,
    'lib/Export.php': `<?php\nfunction sample() {\n    return <<<'SQL'\n${schema.replaceAll('panel_customers', 'export_sample')}SQL;\n}\n`,
  });
  expect(r.diagnostics).toEqual([]);
  expect(r.stores.map((s) => `${s.id} ${s.location.file}:${s.location.line}`)).toEqual([
    'sql:table:public.panel_customers install/app.sql.php:5',
    'sql:column:public.panel_customers.id install/app.sql.php:6',
    'sql:column:public.panel_customers.email install/app.sql.php:7',
  ]);
});

test('models are stores parented to the tables they map, with their columns, names and declared types', async () => {
  const r = await scan({
    'shop/models.py': 'from django.db import models\n\nclass Order(models.Model):\n    buyer_email = models.EmailField(db_column="email")\n    placed_from = models.GenericIPAddressField()\n',
    'db/tables.py': 'class Visit(Base):\n    __tablename__ = "visits"\n    ip = Column("client_ip", INET)\n',
    'store/user.go': 'package store\n\ntype User struct {\n\tgorm.Model\n\tPhone string `gorm:"column:msisdn;type:varchar(20)"`\n}\n',
    'Card.java': '@Entity\n@Table(name = "cards")\nclass Card {\n  @Column(name = "pan")\n  private String number;\n}\n',
    'Login.kt': '@Entity\nclass LoginAttempt(@Column(name = "ip") val address: String)\n',
    'app/models/note.rb': 'class Note < ApplicationRecord\nend\n',
    'Post.php': "<?php\n#[ORM\\Entity]\nclass Post {\n  #[ORM\\Column(type: 'text')]\n  private string $body;\n}\n",
    'Ctx.cs': 'class Ctx : DbContext {\n  public DbSet<Sms> Texts { get; set; }\n}\nclass Sms {\n  [Column("to_number")]\n  public string To { get; set; }\n}\n',
  });
  expect(r.stores.map((s) => `${s.id} ${s.kind} ${s.parent ?? '-'} ${s.identifier ?? '-'} ${s.sqlType ?? '-'}`)).toEqual([
    'code:Card.java#Card table sql:table:public.cards - -',
    'code:Card.java#Card.number property code:Card.java#Card pan varchar',
    'code:Ctx.cs#Sms table sql:table:public.texts - -',
    'code:Ctx.cs#Sms.To property code:Ctx.cs#Sms to_number text',
    'code:Login.kt#LoginAttempt table sql:table:public.login_attempt - -',
    'code:Login.kt#LoginAttempt.address property code:Login.kt#LoginAttempt ip varchar',
    'code:Post.php#Post table sql:table:public.post - -',
    'code:Post.php#Post.body property code:Post.php#Post body text',
    'code:app/models/note.rb#Note table sql:table:public.notes - -',
    'code:db/tables.py#Visit table sql:table:public.visits - -',
    'code:db/tables.py#Visit.ip property code:db/tables.py#Visit client_ip inet',
    'code:shop/models.py#Order table sql:table:public.shop_order - -',
    'code:shop/models.py#Order.buyer_email property code:shop/models.py#Order email varchar',
    'code:shop/models.py#Order.placed_from property code:shop/models.py#Order placed_from inet',
    'code:store/user.go#User table sql:table:public.users - -',
    'code:store/user.go#User.Phone property code:store/user.go#User msisdn varchar(20)',
  ]);
});

test('migrations: a Rails reference is its _id column; index, key and full-text calls of Rails and Laravel are no columns', async () => {
  const r = await scan({
    'db/migrate/20240101000000_create_notes.rb': 'class CreateNotes < ActiveRecord::Migration[7.1]\n  def change\n    create_table :notes do |t|\n      t.references :mod_mail, null: false\n      t.belongs_to :team, type: :uuid\n      t.text :body\n      t.index :body\n      t.foreign_key :teams\n    end\n  end\nend\n',
    'database/migrations/2024_01_01_000000_create_contacts.php': "<?php\nSchema::create('contacts', function (Blueprint $table) {\n    $table->foreignId('account_id');\n    $table->longText('first_name');\n    $table->fullText('first_name');\n    $table->primary('account_id');\n    $table->unique('first_name');\n});\n",
  });
  expect(r.stores.filter((s) => s.kind !== 'table').map((s) => `${s.identifier} ${s.sqlType ?? '-'}`).sort()).toEqual([
    'account_id bigint',
    'body text',
    'first_name text',
    'mod_mail_id bigint',
    'team_id uuid',
  ]);
});

test('migrations: Laravel Schema::table adds columns to a table made earlier; a PHP-escaped quote in a Doctrine SQL string is a quote', async () => {
  const r = await scan({
    'database/migrations/2024_01_01_000000_create_users.php': "<?php\nSchema::create('users', function (Blueprint $table) {\n    $table->string('email');\n});\n",
    'database/migrations/2024_02_01_000000_add_phone.php': "<?php\nSchema::table('users', function (Blueprint $table) {\n    $table->string('phone');\n    $table->string('email', 100)->change();\n    $table->dropColumn('legacy');\n});\n",
    'migrations/Version20240101000000.php': "<?php\nfinal class Version20240101000000 extends AbstractMigration {\n  public function up(Schema $schema): void {\n    $this->addSql('CREATE TABLE customer (id INT NOT NULL, gender VARCHAR(1) DEFAULT \\'u\\' NOT NULL, first_name VARCHAR(255) DEFAULT NULL)');\n  }\n}\n",
  });
  expect(r.stores.map((s) => `${s.id} ${s.location.file}:${s.location.line}`).sort()).toEqual([
    'sql:column:public.customer.first_name migrations/Version20240101000000.php:4',
    'sql:column:public.customer.gender migrations/Version20240101000000.php:4',
    'sql:column:public.customer.id migrations/Version20240101000000.php:4',
    'sql:column:public.users.email database/migrations/2024_01_01_000000_create_users.php:3',
    'sql:column:public.users.phone database/migrations/2024_02_01_000000_add_phone.php:3',
    'sql:table:public.customer migrations/Version20240101000000.php:4',
    'sql:table:public.users database/migrations/2024_01_01_000000_create_users.php:2',
  ]);
});

test('Ruby constants from files loaded by require_relative and require (and what those require) are evaluated', async () => {
  expect(await retention({
    'config/retention.rb': "require_relative '../lib/keep'\nrequire 'policy/windows'\n\nmodule Retention\n  # @retention debug-data.max\n  DEBUG = KEEP_DAYS.days\n  # @retention traffic-data.max\n  TRAFFIC = Windows::TRAFFIC_WEEKS.weeks\n  # @retention api-traffic.max\n  API = NOWHERE_DAYS.days\nend\n",
    'lib/keep.rb': "require_relative 'base'\n\nKEEP_DAYS = BASE_DAYS * 2\n",
    'lib/base.rb': 'BASE_DAYS = 7\n',
    'lib/policy/windows.rb': 'module Windows\n  TRAFFIC_WEEKS = 13\nend\n',
    'spec/policy/windows.rb': 'module Windows\n  TRAFFIC_WEEKS = 1\nend\n',
  })).toEqual([
    'Retention.DEBUG P14D',
    'Retention.TRAFFIC P91D',
    'Retention.API unknown: config/retention.rb exports no "NOWHERE_DAYS"',
  ]);
});

describe('a tag written in another case', () => {
  // the same note as in TypeScript (core/annotations): a hint with the canonical form, and the tag still counts
  test('# @Category in Python is read, with a hint, not an error', async () => {
    const r = await scan({ 'jobs/purge.py': '# @Category traffic-data\nclass CallRecord(models.Model):\n    caller = models.CharField(max_length=20)\n' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['annotation-hint']);
    expect(r.references.map((x) => `${x.tag} ${x.id}`)).toContain('category traffic-data');
  });
});
