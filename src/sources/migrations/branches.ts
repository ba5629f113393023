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
 * folder, policyproof.yaml or its configuration says, else PostgreSQL); the others are not run there.
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

/**
 * The statements of a `switch` on the database type that run on `dialect`, and that dialect; none
 * when no branch is for it. Undefined when the switch is not on the database type (no case names one).
 */
export function databaseBranch(ts: TypeScriptApi, node: TS.SwitchStatement, dialect: Dialect): { statements: readonly TS.Statement[]; dialect: Dialect } | undefined {
  let perDatabase = false;
  let taken: readonly TS.Statement[] = [];
  // labels falling through to the next clause with statements (`case sqlite: case betterSqlite3: …`)
  let labels: Array<Dialect | undefined> = [];
  for (const clause of node.caseBlock.clauses) {
    if (ts.isCaseClause(clause)) {
      const d = dialectOfLabel(ts, clause.expression);
      if (d) perDatabase = true;
      labels.push(d);
    }
    if (clause.statements.length === 0) continue;
    if (taken.length === 0 && labels.includes(dialect)) taken = clause.statements;
    labels = [];
  }
  return perDatabase ? { statements: taken, dialect } : undefined;
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
