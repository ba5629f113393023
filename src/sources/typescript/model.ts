import type { CategoryReference, Diagnostic, Implementation, Location, Store, Suppression } from '../../core/types.js';

/**
 * What one TypeScript file yields, as plain data: it crosses worker-thread boundaries (structured
 * clone), so it holds no compiler nodes. Retention constants and SQL snippets are resolved later,
 * in the main thread, because they need other files (imports) and the SQL adapter.
 */
export interface FileScan {
  file: string;
  stores: Store[];
  implementations: Implementation[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  references: CategoryReference[];
  /** `@retention` constants whose value still has to be evaluated */
  retention: PendingRetention[];
  /** top-level constants, imports and exports (read when the file has a `@retention` tag, or on request) */
  module: ModuleTable;
  /** whether `module` was read */
  moduleRead: boolean;
  /** string and template literals that hold SQL */
  sql: SqlSnippet[];
  /** ORM entities whose table name is a constant (`@Entity(TABLES.messages)`), evaluated later like retention */
  tableNames?: PendingTableName[];
  /** `@implements` on a reference to a function (`handler: deleteHistory`, `export { x } from`): followed later, like retention */
  implementsTargets?: PendingTarget[];
}

export interface PendingTarget {
  /** index in `implementations` */
  index: number;
  /** `local`: a name of this file (declared or imported); `export`: a name this file exports (a re-export) */
  via: 'local' | 'export';
  name: string;
}

export interface PendingTableName {
  /** the entity's store: its `details.table` and SQL parent take the evaluated name */
  storeId: string;
  expr: Expr;
  schema: string;
}

/** A constant expression, reduced to what static evaluation understands. */
export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bin'; op: BinaryOperator; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'ref'; name: string }
  | { k: 'prop'; e: Expr; name: string }
  | { k: 'obj'; props: Array<[string, Expr]> }
  /** `ms('60d')` of the `ms` package: the string's duration in milliseconds */
  | { k: 'ms'; e: Expr }
  /** an amount of a time unit: `Duration.ofDays(60)` (js-joda), `Duration.fromObject({ days: 60 })` (luxon) */
  | { k: 'in'; e: Expr; unit: 'ms' | 's' | 'min' | 'h' | 'd' | 'w' }
  /** a duration converted to a unit: `….toMillis()` */
  | { k: 'to'; e: Expr; unit: 'ms' | 's' | 'min' | 'h' | 'd' | 'w' }
  /** a function declared at the top of a module (what an `@implements` reference leads to) */
  | { k: 'fn'; name: string; line: number; column: number }
  | { k: 'unknown'; why: string };

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '**';

export interface ConstDecl {
  expr: Expr;
  /** `let`/`var`: the value may change at run time */
  mutable?: 'let' | 'var';
}

export interface ModuleTable {
  consts: Array<[string, ConstDecl]>;
  /** `imported` is the exported name in the other module, `default`, or `*` for a namespace */
  imports: Array<{ local: string; module: string; imported: string }>;
  /** exported name → local name */
  exports: Array<[string, string]>;
  /** `export { a as b } from './x'` (imported a, exported b), `export * from './x'` (neither), `export * as ns from` (imported '*') */
  reexports: Array<{ module: string; imported?: string; exported?: string }>;
}

export interface PendingRetention {
  storeId: string;
  /** the constant as written: TRAFFIC_RETENTION_MS, RETENTION.trafficDays */
  name: string;
  expr: Expr;
  mutable?: 'let' | 'var';
  /** from `unit=` */
  unit?: string;
  bound: 'min' | 'max' | 'default';
  category: string;
  /** the constant's declaration (the finding's place) */
  location: Location;
}

export interface SqlSnippet {
  text: string;
  line: number;
  column: number;
  /** tagged sql`…` or an argument of query()/execute()/…: a parse error there is worth reporting */
  trusted: boolean;
  /**
   * A plain template literal: its text parts and the expressions between them. At run time the
   * values are pasted into the text, so constants among them are evaluated and pasted too.
   */
  template?: { parts: string[]; exprs: Expr[] };
}
