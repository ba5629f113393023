/**
 * A file's module table (model.ts ModuleTable): its top-level constants as evaluable expressions,
 * its imports and its exports — what another file's constant needs to follow a name into this file.
 */
import type { ts as TS } from 'ts-morph';
import type { ExpressionReader } from './expression.js';
import { hasModifier, nodeLocation, type FileContext } from './file-context.js';
import type { Expr, ModuleTable } from './model.js';
import { propertyNameText } from './orm-tables.js';

/** The file's top-level constants, functions, enums, classes' statics, imports and exports, into `scan.module` (then `moduleRead`). */
export function readModule(cx: FileContext, exprs: ExpressionReader): void {
  const { ts } = cx;
  const mod: ModuleTable = cx.scan.module;
  for (const st of cx.sf.statements) {
    const exported = hasModifier(ts, st, ts.SyntaxKind.ExportKeyword);
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      const mutable = flags & ts.NodeFlags.Const ? undefined : flags & ts.NodeFlags.Let ? 'let' : 'var';
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const fn = d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer));
        const expr: Expr = fn ? fnExpr(cx, d.name.text, d.name) : d.initializer ? exprs.toExpr(d.initializer) : { k: 'unknown', why: `"${d.name.text}" has no value` };
        mod.consts.push([d.name.text, mutable ? { expr, mutable } : { expr }]);
        if (exported) mod.exports.push([d.name.text, d.name.text]);
      }
    } else if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      mod.consts.push([st.name.text, { expr: fnExpr(cx, st.name.text, st.name) }]);
      if (exported) mod.exports.push([hasModifier(ts, st, ts.SyntaxKind.DefaultKeyword) ? 'default' : st.name.text, st.name.text]);
    } else if (ts.isEnumDeclaration(st) || ts.isClassDeclaration(st)) {
      if (!st.name) continue;
      mod.consts.push([st.name.text, { expr: ts.isEnumDeclaration(st) ? enumExpr(cx, exprs, st) : staticsExpr(cx, exprs, st) }]);
      if (exported) mod.exports.push([st.name.text, st.name.text]);
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) continue;
      if (clause.name) mod.imports.push({ local: clause.name.text, module, imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) mod.imports.push({ local: nb.name.text, module, imported: '*' });
      else if (nb) for (const el of nb.elements) mod.imports.push({ local: el.name.text, module, imported: (el.propertyName ?? el.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const module = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      const clause = st.exportClause;
      if (module) {
        if (!clause) mod.reexports.push({ module });
        else if (ts.isNamespaceExport(clause)) mod.reexports.push({ module, imported: '*', exported: clause.name.text });
        else for (const el of clause.elements) mod.reexports.push({ module, imported: (el.propertyName ?? el.name).text, exported: el.name.text });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) mod.exports.push([el.name.text, (el.propertyName ?? el.name).text]);
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      mod.consts.push(['*default*', { expr: exprs.toExpr(st.expression) }]);
      mod.exports.push(['default', '*default*']);
    }
  }
  cx.scan.moduleRead = true;
}

function fnExpr(cx: FileContext, name: string, at: TS.Node): Expr {
  const { line, column } = nodeLocation(cx, at);
  return { k: 'fn', name, line, column };
}

function enumExpr(cx: FileContext, exprs: ExpressionReader, node: TS.EnumDeclaration): Expr {
  const props: Array<[string, Expr]> = [];
  let next: number | undefined = 0;
  for (const m of node.members) {
    const name = propertyNameText(cx.ts, m.name);
    if (name === undefined) continue;
    let expr: Expr;
    if (m.initializer) {
      expr = exprs.toExpr(m.initializer);
      next = expr.k === 'num' ? expr.v + 1 : undefined;
    } else if (next !== undefined) {
      expr = { k: 'num', v: next };
      next += 1;
    } else {
      expr = { k: 'unknown', why: `enum member ${node.name.text}.${name} follows a computed member` };
    }
    props.push([name, expr]);
  }
  return { k: 'obj', props };
}

/** A class as a namespace of its `static` properties (Retention.TRAFFIC_DAYS). */
function staticsExpr(cx: FileContext, exprs: ExpressionReader, node: TS.ClassDeclaration): Expr {
  const { ts } = cx;
  const props: Array<[string, Expr]> = [];
  for (const m of node.members) {
    if (!ts.isPropertyDeclaration(m) || !hasModifier(ts, m, ts.SyntaxKind.StaticKeyword)) continue;
    const name = propertyNameText(ts, m.name);
    if (name === undefined) continue;
    props.push([name, m.initializer ? exprs.toExpr(m.initializer) : { k: 'unknown', why: `${name} has no value` }]);
  }
  return { k: 'obj', props };
}
