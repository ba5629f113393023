/**
 * The evaluable form (model.ts Expr) of an expression as written in TypeScript: literals, arithmetic,
 * constants and their properties, objects, and the durations of `ms`, js-joda and luxon. Anything
 * else is `unknown` with the reason (a read of the environment is named); evaluate.ts evaluates it
 * once the other files it refers to are read.
 */
import type { ts as TS } from 'ts-morph';
import type { FileContext } from './file-context.js';
import type { TypeScriptApi } from './load-ts.js';
import type { BinaryOperator, Expr } from './model.js';
import { clip, headText, propertyNameText } from './orm-tables.js';

/** Deepest constant expression turned into an evaluable form; deeper ones are unknown (never a stack overflow). */
export const MAX_EXPRESSION_DEPTH = 100;

/** `import ms from 'ms'`, `import * as ms from 'ms'`, `const ms = require('ms')` */
const MS_IMPORT = /\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+['"]ms['"]|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]ms['"]\s*\)/g;
/** `import { Duration } from '@js-joda/core' | 'js-joda' | 'luxon'`, `const { Duration } = require('luxon')` */
const DURATION_IMPORT = /\{[^}]*\bDuration\b[^}]*\}\s*(?:from\s*|=\s*require\(\s*)['"](?:@js-joda\/core|js-joda|luxon)['"]/;
const JODA_UNITS: Record<string, 'ms' | 's' | 'min' | 'h' | 'd'> = { ofMillis: 'ms', ofSeconds: 's', ofMinutes: 'min', ofHours: 'h', ofDays: 'd' };
const LUXON_UNITS: Record<string, 'ms' | 's' | 'min' | 'h' | 'd' | 'w'> = {
  milliseconds: 'ms', millisecond: 'ms', seconds: 's', second: 's', minutes: 'min', minute: 'min',
  hours: 'h', hour: 'h', days: 'd', day: 'd', weeks: 'w', week: 'w',
};
const CONVERSIONS: Record<string, 'ms' | 'min' | 'h' | 'd'> = { toMillis: 'ms', toMinutes: 'min', toHours: 'h', toDays: 'd' };

export class ExpressionReader {
  /** local names of the `ms` package's function (`import ms from 'ms'`, `const ms = require('ms')`) */
  private readonly msNames: Set<string>;
  /** the file imports `Duration` from js-joda or luxon */
  private readonly durationLibrary: boolean;

  constructor(private readonly cx: FileContext) {
    const { text } = cx;
    this.msNames = /['"]ms['"]/.test(text) ? new Set([...text.matchAll(MS_IMPORT)].map((m) => m[1] ?? m[2])) : new Set();
    this.durationLibrary = text.includes('Duration') && DURATION_IMPORT.test(text);
  }

  /** The evaluable form of an expression; depth-limited, so a pathological nesting is unknown, not a crash. */
  toExpr(node: TS.Expression, depth = 0): Expr {
    const { ts } = this.cx;
    if (depth > MAX_EXPRESSION_DEPTH) return { k: 'unknown', why: `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep` };
    const next = depth + 1;
    if (ts.isNumericLiteral(node)) {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { k: 'num', v } : { k: 'unknown', why: `${node.text} is not a finite number` };
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { k: 'str', v: node.text };
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
      return this.toExpr(node.expression, next);
    }
    const env = this.environmentRead(node);
    if (env) return { k: 'unknown', why: `the value is read from the environment (${env}) at run time; its deployed value is not in the repository` };
    if (ts.isPrefixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.MinusToken) return { k: 'neg', e: this.toExpr(node.operand, next) };
      if (node.operator === ts.SyntaxKind.PlusToken) return this.toExpr(node.operand, next);
      return { k: 'unknown', why: `the operator ${ts.tokenToString(node.operator) ?? '?'} is not evaluated` };
    }
    if (ts.isBinaryExpression(node)) {
      const op = BINARY[node.operatorToken.kind as number];
      if (!op) return { k: 'unknown', why: `the operator ${node.operatorToken.getText(this.cx.sf)} is not evaluated` };
      return { k: 'bin', op, l: this.toExpr(node.left, next), r: this.toExpr(node.right, next) };
    }
    if (ts.isIdentifier(node)) return { k: 'ref', name: node.text };
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return { k: 'prop', e: this.toExpr(node.expression, next), name: node.name.text };
    if (ts.isElementAccessExpression(node) && (ts.isStringLiteral(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression))) {
      return { k: 'prop', e: this.toExpr(node.expression, next), name: node.argumentExpression.text };
    }
    if (ts.isObjectLiteralExpression(node)) {
      const props: Array<[string, Expr]> = [];
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) {
          const name = propertyNameText(ts, p.name);
          if (name !== undefined) props.push([name, this.toExpr(p.initializer, next)]);
        } else if (ts.isShorthandPropertyAssignment(p)) {
          props.push([p.name.text, { k: 'ref', name: p.name.text }]);
        }
      }
      return { k: 'obj', props };
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && this.msNames.has(callee.text) && node.arguments.length === 1) return { k: 'ms', e: this.toExpr(node.arguments[0], next) };
      const duration = this.durationLibrary ? this.durationCall(node, next) : undefined;
      if (duration) return duration;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? `….${callee.name.text}` : 'of a function';
      return { k: 'unknown', why: `the call ${name}(…) is not evaluated (only literals, arithmetic and constants are)` };
    }
    if (ts.isTemplateExpression(node)) return { k: 'unknown', why: 'a template string with substitutions is not evaluated' };
    return { k: 'unknown', why: `${ts.SyntaxKind[node.kind]} is not evaluated (only literals, arithmetic and constants are)` };
  }

  /**
   * js-joda `Duration.ofDays(60)`, luxon `Duration.fromObject({ days: 60 })`, and either's
   * `.toMillis()` (the file imports `Duration` from one of them): amounts of a known unit.
   */
  private durationCall(node: TS.CallExpression, depth: number): Expr | undefined {
    const { ts } = this.cx;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const base = callee.expression;
    if (ts.isIdentifier(base) && base.text === 'Duration') {
      const [arg] = node.arguments;
      const unit = JODA_UNITS[method];
      if (unit && arg && node.arguments.length === 1) return { k: 'in', e: this.toExpr(arg, depth), unit };
      if (method === 'fromObject' && arg && ts.isObjectLiteralExpression(arg) && arg.properties.length === 1) {
        const p = arg.properties[0];
        const key = ts.isPropertyAssignment(p) ? propertyNameText(ts, p.name) : undefined;
        const objectUnit = key !== undefined ? LUXON_UNITS[key] : undefined;
        if (objectUnit && ts.isPropertyAssignment(p)) return { k: 'in', e: this.toExpr(p.initializer, depth), unit: objectUnit };
      }
      return undefined;
    }
    const to = CONVERSIONS[method];
    if (to && node.arguments.length === 0 && ts.isCallExpression(base)) {
      const inner = this.durationCall(base, depth + 1);
      if (inner) return { k: 'to', e: inner, unit: to };
    }
    return undefined;
  }

  /**
   * `process.env.X`, `import.meta.env.X`, and what wraps one — `Number(process.env.X)`,
   * `process.env.X ?? 60`, `parseInt(process.env.X || '60', 10)` — named for the reason of an unknown value.
   */
  private environmentRead(node: TS.Expression, depth = 0): string | undefined {
    const { ts } = this.cx;
    if (depth > 8) return undefined;
    while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const base = node.expression;
      const isEnv = (ts.isPropertyAccessExpression(base) && base.name.text === 'env' && (
        (ts.isIdentifier(base.expression) && base.expression.text === 'process') || ts.isMetaProperty(base.expression)));
      if (isEnv) return clip(headText(this.cx.sf, node), 60);
      return undefined;
    }
    if (ts.isBinaryExpression(node)) {
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken) return this.environmentRead(node.left, depth + 1);
      return this.environmentRead(node.left, depth + 1) ?? this.environmentRead(node.right, depth + 1);
    }
    if (ts.isPrefixUnaryExpression(node)) return this.environmentRead(node.operand, depth + 1);
    if (ts.isCallExpression(node)) {
      for (const a of node.arguments) {
        const found = this.environmentRead(a, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
}

const BINARY: Record<number, BinaryOperator> = {};

/** Fills the operator table once the compiler's SyntaxKind numbers are known. */
export function prepareOperators(ts: TypeScriptApi): void {
  if (BINARY[ts.SyntaxKind.PlusToken]) return;
  BINARY[ts.SyntaxKind.PlusToken] = '+';
  BINARY[ts.SyntaxKind.MinusToken] = '-';
  BINARY[ts.SyntaxKind.AsteriskToken] = '*';
  BINARY[ts.SyntaxKind.SlashToken] = '/';
  BINARY[ts.SyntaxKind.PercentToken] = '%';
  BINARY[ts.SyntaxKind.AsteriskAsteriskToken] = '**';
}
