/**
 * A migration written for several databases at once, as TypeORM projects that run on PostgreSQL,
 * MySQL and SQLite keep them (ever-gauzy's 250-odd migrations): `up` switches on the database type
 * and each branch calls a method of the class that runs that database's SQL —
 *
 *   switch (queryRunner.connection.options.type) {
 *     case DatabaseTypeEnum.sqlite: case DatabaseTypeEnum.betterSqlite3: await this.sqliteUpQueryRunner(queryRunner); break;
 *     case DatabaseTypeEnum.postgres: await this.postgresUpQueryRunner(queryRunner); break;
 *     …
 *
 * One history is one database: the branch read is the one for the dialect the project uses (its
 * folder, policyproof.yaml or its configuration says, else `sql-primary-dialect`, else PostgreSQL); the
 * others are not run there.
 */
import type * as TS from 'typescript';
import type { TypeScriptApi } from '../typescript/load-ts.js';
import { dialectOfName, type Dialect } from '../sql/dialect.js';

/** The dialect a case label names (`DatabaseTypeEnum.postgres`, `'mysql'`, `DatabaseType.betterSqlite3`). */
function dialectOfLabel(ts: TypeScriptApi, e: TS.Expression): Dialect | undefined {
  const word = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteral(e) || ts.isIdentifier(e) ? e.text : undefined;
  if (!word) return undefined;
  return dialectOfName(word) ?? (/sqlite/i.test(word) ? 'sqlite' : /^postgres/i.test(word) ? 'postgresql' : undefined);
}

/** The database a dialect is a fork of: a case for it runs there where no case names the fork itself. */
const FORK_OF: Partial<Record<Dialect, Dialect>> = { mariadb: 'mysql', cockroachdb: 'postgresql' };

/**
 * The statements of a `switch` on the database type that run on `dialect`: the case naming it, else
 * the case of the database it is a fork of (MariaDB runs MySQL's, CockroachDB PostgreSQL's), else
 * `default:`; none when no clause is for it. Undefined when the switch is not on the database type
 * (no case names one).
 */
export function databaseBranch(ts: TypeScriptApi, node: TS.SwitchStatement, dialect: Dialect): readonly TS.Statement[] | undefined {
  let perDatabase = false;
  let own: readonly TS.Statement[] | undefined;
  let fork: readonly TS.Statement[] | undefined;
  let other: readonly TS.Statement[] | undefined;
  const forkOf = FORK_OF[dialect];
  // labels falling through to the next clause with statements (`case sqlite: case betterSqlite3: …`)
  let labels: Array<Dialect | undefined> = [];
  let isDefault = false;
  for (const clause of node.caseBlock.clauses) {
    if (ts.isCaseClause(clause)) {
      const d = dialectOfLabel(ts, clause.expression);
      if (d) perDatabase = true;
      labels.push(d);
    } else isDefault = true;
    if (clause.statements.length === 0) continue;
    if (labels.includes(dialect)) own ??= clause.statements;
    else if (forkOf && labels.includes(forkOf)) fork ??= clause.statements;
    else if (isDefault) other ??= clause.statements;
    labels = [];
    isDefault = false;
  }
  return perDatabase ? own ?? fork ?? other ?? [] : undefined;
}

/** The methods of the file's classes by name (`this.postgresUpQueryRunner(…)` is one of them). */
export function classMethods(ts: TypeScriptApi, sf: TS.SourceFile): Map<string, TS.Block> {
  const out = new Map<string, TS.Block>();
  for (const st of sf.statements) {
    if (!ts.isClassDeclaration(st)) continue;
    for (const m of st.members) {
      if (ts.isMethodDeclaration(m) && m.body && m.name && ts.isIdentifier(m.name) && m.name.text !== 'up' && m.name.text !== 'down') out.set(m.name.text, m.body);
    }
  }
  return out;
}

/** The body of the class's own method a call runs (`this.name(…)`), if it is one. */
export function ownMethodCalled(ts: TypeScriptApi, call: TS.CallExpression, methods: () => Map<string, TS.Block>): TS.Block | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return methods().get(callee.name.text);
}
