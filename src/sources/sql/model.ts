/**
 * The statement model every reader of a schema change produces, whatever wrote it: a MySQL, SQLite,
 * SQL Server or ClickHouse parser, or a schema builder in a migration written in code (knex,
 * sequelize-cli, Kysely, node-pg-migrate, db-migrate, TypeORM). The replay applies these in
 * migration order to the same tables the PostgreSQL statements build, so one history holds them all.
 * (PostgreSQL and CockroachDB statements keep their richer libpg-query tree: pg_cron, pg_partman,
 * functions and DO blocks need it.)
 */
import type { Location } from '../../core/types.js';

export interface ColumnSpec {
  name: string;
  /** the type as written, lower-cased (`varchar(255)`, `lowcardinality(string)`) */
  sqlType: string;
  location: Location;
  /** annotation text bound to this column (a COMMENT '…', a JSDoc/`//` comment above a builder call) */
  notes?: Array<{ text: string; location: Location }>;
}

export interface TableName {
  schema?: string;
  name: string;
}

export type SchemaOp =
  | { op: 'create-table'; table: TableName; columns: ColumnSpec[]; ifNotExists?: boolean; location: Location; notes?: Array<{ text: string; location: Location }> }
  | { op: 'add-column'; table: TableName; column: ColumnSpec; location: Location; ifNotExists?: boolean }
  | { op: 'drop-column'; table: TableName; column: string; location: Location }
  | { op: 'rename-column'; table: TableName; from: string; to: string; location: Location }
  | { op: 'alter-column-type'; table: TableName; column: string; sqlType: string; location: Location }
  | { op: 'drop-table'; table: TableName; location: Location }
  | { op: 'rename-table'; table: TableName; to: TableName; location: Location }
  /** a clause of the table itself that removes rows by age (ClickHouse `TTL created_at + INTERVAL 30 DAY`) */
  | { op: 'row-ttl'; table: TableName; seconds?: number; text: string; reason?: string; location: Location };
