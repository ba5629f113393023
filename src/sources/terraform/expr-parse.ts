/**
 * The parser of the Terraform expressions and string templates hcl2json hands over (`${…}` in a
 * string value): a recursive descent into a small tree, bounded in depth, cached per text. A form
 * it does not read is an `unsupported` node, which the evaluator (expr.ts) turns into Unknown.
 */
import { jsonDeeperThan } from '../../core/nesting.js';

/** A literal's value (what the parser reads from the text itself). */
type Literal = null | boolean | number | string;

/** A parsed expression. */
export type Node =
  | { t: 'lit'; v: Literal }
  | { t: 'tpl'; parts: Array<string | Node> }
  | { t: 'ref'; root: string; steps: Array<{ name: string } | { index: Node }> }
  | { t: 'call'; name: string; args: Node[]; expand: boolean }
  | { t: 'un'; op: string; x: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'cond'; c: Node; a: Node; b: Node }
  | { t: 'tuple'; items: Node[] }
  | { t: 'obj'; entries: Array<[Node, Node]> }
  | { t: 'idx'; x: Node; steps: Array<{ name: string } | { index: Node }> }
  | { t: 'for'; object: boolean; keyVar?: string; valVar: string; coll: Node; key?: Node; value: Node; cond?: Node; group: boolean }
  | { t: 'unsupported'; what: string };

const MAX_DEPTH = 200;
/** how deep a parsed expression tree may be (operator chains included) before it is refused unevaluated */
const MAX_TREE_DEPTH = 1000;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/')) {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else if (c === '/' && this.s[this.i + 1] === '*') {
        const end = this.s.indexOf('*/', this.i + 2);
        this.i = end === -1 ? this.s.length : end + 2;
      } else return;
    }
  }

  private peek(tok: string): boolean {
    this.ws();
    return this.s.startsWith(tok, this.i);
  }

  private eat(tok: string): boolean {
    if (this.peek(tok)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }

  private expect(tok: string): void {
    if (!this.eat(tok)) throw new SyntaxError(`expected "${tok}"`);
  }

  expr(): Node {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError('expression nested too deeply');
    try {
      const c = this.or();
      if (this.peek('?')) {
        this.i++;
        const a = this.expr();
        this.expect(':');
        const b = this.expr();
        return { t: 'cond', c, a, b };
      }
      return c;
    } finally {
      this.depth--;
    }
  }

  /** a recursive descent that counts toward the nesting bound */
  private nested(next: () => Node): Node {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError('expression nested too deeply');
    try {
      return next();
    } finally {
      this.depth--;
    }
  }

  private binary(ops: string[], next: () => Node): Node {
    let a = next();
    for (;;) {
      this.ws();
      const op = ops.find((o) => this.s.startsWith(o, this.i));
      if (!op) return a;
      this.i += op.length;
      a = { t: 'bin', op, a, b: next() };
    }
  }

  private or = (): Node => this.binary(['||'], this.and);
  private and = (): Node => this.binary(['&&'], this.eq);
  private eq = (): Node => this.binary(['==', '!='], this.cmp);
  private cmp = (): Node => this.binary(['<=', '>=', '<', '>'], this.add);
  private add = (): Node => this.binary(['+', '-'], this.mul);
  private mul = (): Node => this.binary(['*', '/', '%'], this.unary);

  private unary = (): Node => {
    if (this.peek('!') && this.s[this.i + 1] !== '=') {
      this.i++;
      return { t: 'un', op: '!', x: this.nested(this.unary) };
    }
    if (this.peek('-')) {
      this.i++;
      return { t: 'un', op: '-', x: this.nested(this.unary) };
    }
    return this.postfix(this.primary());
  };

  private postfix(x: Node): Node {
    const steps: Array<{ name: string } | { index: Node }> = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === '.' && /[A-Za-z_*]/.test(this.s[this.i + 1] ?? '')) {
        this.i++;
        if (this.s[this.i] === '*') {
          this.i++;
          this.skipTraversal();
          return { t: 'unsupported', what: 'a splat expression (.*)' };
        }
        steps.push({ name: this.ident() });
      } else if (this.s[this.i] === '.' && /\d/.test(this.s[this.i + 1] ?? '')) {
        this.i++;
        const m = /^\d+/.exec(this.s.slice(this.i))!;
        this.i += m[0].length;
        steps.push({ index: { t: 'lit', v: Number(m[0]) } });
      } else if (this.s[this.i] === '[') {
        this.i++;
        if (this.peek('*')) {
          this.i++;
          this.expect(']');
          this.skipTraversal();
          return { t: 'unsupported', what: 'a splat expression ([*])' };
        }
        const index = this.expr();
        this.expect(']');
        steps.push({ index });
      } else break;
    }
    if (steps.length === 0) return x;
    if (x.t === 'ref') return { ...x, steps: [...x.steps, ...steps] };
    return { t: 'idx', x, steps };
  }

  /** `[for v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}` (opener consumed). */
  private forExpr(object: boolean): Node {
    this.expect('for');
    this.ws();
    const first = this.ident();
    let keyVar: string | undefined;
    let valVar = first;
    if (this.eat(',')) {
      this.ws();
      keyVar = first;
      valVar = this.ident();
    }
    this.ws();
    if (!this.s.startsWith('in', this.i) || /[A-Za-z0-9_]/.test(this.s[this.i + 2] ?? '')) throw new SyntaxError('expected "in" in a for expression');
    this.i += 2;
    const coll = this.expr();
    this.expect(':');
    let key: Node | undefined;
    let value = this.expr();
    let group = false;
    if (object) {
      this.expect('=>');
      key = value;
      value = this.expr();
      group = this.eat('...');
    }
    let cond: Node | undefined;
    this.ws();
    if (this.s.startsWith('if', this.i) && !/[A-Za-z0-9_]/.test(this.s[this.i + 2] ?? '')) {
      this.i += 2;
      cond = this.expr();
    }
    this.expect(object ? '}' : ']');
    return { t: 'for', object, keyVar, valVar, coll, key, value, cond, group };
  }

  /** Skips what follows an unsupported opener through its matching `close`. */
  private skipUnsupported(close: string, what: string): Node {
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === '[' || c === '{' || c === '(') depth++;
      else if (c === ']' || c === '}' || c === ')') depth--;
      this.i++;
    }
    if (depth > 0) throw new SyntaxError(`expected "${close}"`);
    return { t: 'unsupported', what };
  }

  /** Skips `.name` and `[index]` steps after a splat. */
  private skipTraversal(): void {
    for (;;) {
      if (this.s[this.i] === '.' && /[A-Za-z_]/.test(this.s[this.i + 1] ?? '')) {
        this.i++;
        this.ident();
      } else if (this.s[this.i] === '[') {
        this.i++;
        this.skipUnsupported(']', '');
      } else return;
    }
  }

  private ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) throw new SyntaxError(`expected a name at "${this.s.slice(this.i, this.i + 10)}"`);
    this.i += m[0].length;
    return m[0];
  }

  private primary(): Node {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new SyntaxError('unexpected end of expression');
    if (c === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (c === '"') return this.quoted();
    if (c === '<' && this.s[this.i + 1] === '<') return { t: 'unsupported', what: 'a heredoc' };
    if (/\d/.test(c)) {
      const m = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return { t: 'lit', v: Number(m[0]) };
    }
    if (c === '[') {
      this.i++;
      const items: Node[] = [];
      if (this.peek('for ') || this.peek('for\t')) return this.forExpr(false);
      while (!this.eat(']')) {
        items.push(this.expr());
        if (!this.eat(',')) {
          this.expect(']');
          break;
        }
      }
      return { t: 'tuple', items };
    }
    if (c === '{') {
      this.i++;
      if (this.peek('for ') || this.peek('for\t')) return this.forExpr(true);
      const entries: Array<[Node, Node]> = [];
      while (!this.eat('}')) {
        this.ws();
        let key: Node;
        if (/[A-Za-z_]/.test(this.s[this.i] ?? '')) {
          const save = this.i;
          const name = this.ident();
          this.ws();
          if (this.s[this.i] === '=' || this.s[this.i] === ':') key = { t: 'lit', v: name };
          else {
            this.i = save;
            key = this.expr();
          }
        } else key = this.expr();
        this.ws();
        if (!this.eat('=') && !this.eat(':')) throw new SyntaxError('expected "=" in an object');
        entries.push([key, this.expr()]);
        this.eat(',');
      }
      return { t: 'obj', entries };
    }
    if (/[A-Za-z_]/.test(c)) {
      const name = this.ident();
      if (name === 'true') return { t: 'lit', v: true };
      if (name === 'false') return { t: 'lit', v: false };
      if (name === 'null') return { t: 'lit', v: null };
      this.ws();
      if (this.s[this.i] === '(') {
        this.i++;
        const args: Node[] = [];
        let expand = false;
        while (!this.eat(')')) {
          args.push(this.expr());
          if (this.eat('...')) expand = true;
          if (!this.eat(',')) {
            this.expect(')');
            break;
          }
        }
        return { t: 'call', name, args, expand };
      }
      return { t: 'ref', root: name, steps: [] };
    }
    throw new SyntaxError(`unexpected "${c}"`);
  }

  /** A quoted template inside an expression: "a-${b}". */
  private quoted(): Node {
    this.i++; // opening quote
    const parts: Array<string | Node> = [];
    let lit = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        if (lit) parts.push(lit);
        return parts.length === 1 && typeof parts[0] === 'string' ? { t: 'lit', v: parts[0] } : { t: 'tpl', parts };
      }
      if (c === '\\') {
        const n = this.s[this.i + 1];
        lit += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
        this.i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && this.s[this.i + 1] === c && this.s[this.i + 2] === '{') {
        lit += `${c}{`;
        this.i += 3;
        continue;
      }
      if (c === '%' && this.s[this.i + 1] === '{') return { t: 'unsupported', what: 'a template directive (%{ … })' };
      if (c === '$' && this.s[this.i + 1] === '{') {
        if (lit) parts.push(lit);
        lit = '';
        this.i += 2;
        this.eat('~');
        parts.push(this.expr());
        this.eat('~');
        this.expect('}');
        continue;
      }
      lit += c;
      this.i++;
    }
    throw new SyntaxError('unterminated string');
  }

  /** A bare template as hcl2json returns it (no surrounding quotes). */
  static template(s: string): Node {
    const parts: Array<string | Node> = [];
    let lit = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
        lit += `${c}{`;
        i += 3;
        continue;
      }
      if (c === '%' && s[i + 1] === '{') return { t: 'unsupported', what: 'a template directive (%{ … })' };
      if (c === '$' && s[i + 1] === '{') {
        if (lit) parts.push(lit);
        lit = '';
        const p = new Parser(s);
        p.i = i + 2;
        p.eat('~');
        const e = p.expr();
        p.eat('~');
        p.expect('}');
        parts.push(e);
        i = p.i;
        continue;
      }
      lit += c;
      i++;
    }
    if (lit) parts.push(lit);
    if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
    if (parts.length === 1) return { t: 'lit', v: parts[0] as string };
    return { t: 'tpl', parts };
  }
}

const templateCache = new Map<string, Node | SyntaxError>();

/** Parses a string value from hcl2json (a literal, or a template holding `${…}`). */
export function parseTemplate(s: string): Node | SyntaxError {
  if (!s.includes('${') && !s.includes('%{')) return { t: 'lit', v: s };
  const hit = templateCache.get(s);
  if (hit) return hit;
  let node: Node | SyntaxError;
  try {
    node = Parser.template(s);
    // chains (`1 + 1 + …`, `!!…`) are parsed in loops but evaluated recursively: bound the tree too
    if (jsonDeeperThan(node, MAX_TREE_DEPTH)) node = new SyntaxError(`expression nested more than ${MAX_TREE_DEPTH} levels deep`);
  } catch (e) {
    node = e instanceof SyntaxError ? e : new SyntaxError(String(e));
  }
  if (templateCache.size > 50_000) templateCache.clear();
  templateCache.set(s, node);
  return node;
}
