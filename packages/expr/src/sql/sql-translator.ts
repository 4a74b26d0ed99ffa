import {
  type CelNode,
  binaryArgs,
  callArgs,
  callName,
  isComprehensionMacro,
  surfaceChildren,
} from '../analyze/cel-ast.ts';
import { problemAt, problemFromError } from '../analyze/problems.ts';
import { isRetyped } from '../analyze/ternary-repair.ts';
import { fromCelJsType } from '../analyze/type-names.ts';
import type { ExprEnvImpl } from '../env/create-env.ts';
import { USER_FIELDS } from '../env/system-fields.ts';
import type { ExprProblem, SqlColumnResolver } from '../types.ts';
import { pgTypeOf } from './pg-types.ts';
import { type SqlFragment, asPredicate, collateC, notNullValue, pred, value } from './sql-fragment.ts';
import { SQL_FUNCTIONS, SQL_METHODS } from './sql-functions.ts';
import type { SqlParams } from './sql-params.ts';

const RELATIONAL = new Set(['<', '<=', '>', '>=']);

const typeOf = (node: CelNode): string | undefined => node.checkedType?.name;
const isText = (node: CelNode): boolean => typeOf(node) === 'string' || typeOf(node) === 'list<string>';

/** Translates a type-checked expression to a SQL condition; collects what cannot run in the database. */
export class SqlTranslator {
  readonly problems: ExprProblem[] = [];
  readonly #env: ExprEnvImpl;
  readonly #evaluate: (node: CelNode) => unknown;
  readonly #resolver: SqlColumnResolver;
  readonly #params: SqlParams;
  readonly #constant = new WeakMap<CelNode, boolean>();

  constructor(
    env: ExprEnvImpl,
    evaluate: (node: CelNode) => unknown,
    resolver: SqlColumnResolver,
    params: SqlParams,
  ) {
    this.#env = env;
    this.#evaluate = evaluate;
    this.#resolver = resolver;
    this.#params = params;
  }

  /**
   * `strict`: the SQL is never NULL (true or false, like the interpreter). Otherwise the SQL may
   * be NULL where the condition is false — fine in WHERE, AND and CASE WHEN, where NULL counts as
   * false — and in return it is plain `col = $1`, `col > $2`, which indexes and the planner's
   * estimates can use.
   */
  condition(root: CelNode, strict = false): string | undefined {
    const f = this.#translate(root, !strict);
    if (!f) return undefined;
    return strict ? asPredicate(f) : f.sql;
  }

  #unsupported(node: CelNode, what: string): undefined {
    this.problems.push(problemAt('expr.sql-unsupported', `${what} cannot run in the database`, node));
    return undefined;
  }

  /**
   * `positive`: the node's truth only decides whether a row is selected (no NOT above it), so a
   * NULL may stand for false and the translation can skip the COALESCEs that make it two-valued.
   */
  #translate(node: CelNode, positive = false): SqlFragment | undefined {
    if (node.op !== 'value' && this.#isConstant(node)) return this.#fold(node);
    switch (node.op) {
      case 'value':
        return this.#literal(node, node.args);
      case 'id':
        return this.#identifier(node);
      case '.':
        return this.#member(node);
      case '&&':
      case '||':
        return this.#logical(node, positive);
      case '!_': {
        const operand = this.#translate(node.args as CelNode);
        return operand && pred(`(NOT ${asPredicate(operand)})`);
      }
      case '==':
      case '!=':
        return this.#equality(node, positive);
      case 'in':
        return this.#membership(node, positive);
      case '?:':
        return this.#ternary(node);
      case 'call':
      case 'rcall':
        return this.#call(node);
      default:
        if (RELATIONAL.has(node.op)) return this.#relational(node, positive);
        return this.#unsupported(node, `the operator '${node.op.replace('_', '')}'`);
    }
  }

  #all(nodes: CelNode[]): SqlFragment[] | undefined {
    const fragments = nodes.map((n) => this.#translate(n));
    return fragments.every((f) => f !== undefined) ? (fragments as SqlFragment[]) : undefined;
  }

  #literal(node: CelNode, v: unknown): SqlFragment | undefined {
    if (v === null || v === undefined) return value('NULL');
    const pgType = pgTypeOf(typeOf(node));
    if (!pgType) return this.#unsupported(node, `a value of type ${fromCelJsType(typeOf(node) ?? 'dyn')}`);
    const placeholder = this.#params.value(v, pgType);
    if (typeof v === 'boolean') return pred(placeholder);
    return Array.isArray(v) && v.some((item) => item === null || item === undefined) ? value(placeholder) : notNullValue(placeholder);
  }

  #isConstant(node: CelNode): boolean {
    const known = this.#constant.get(node);
    if (known !== undefined) return known;
    let constant: boolean;
    if (node.op === 'id') constant = !this.#env.isBound(node.args as string);
    else if (node.op === 'call' && callName(node) === 'today') constant = false;
    else constant = surfaceChildren(node).every((c) => this.#isConstant(c));
    this.#constant.set(node, constant);
    return constant;
  }

  /** Evaluates a sub-expression without variables once, here, and passes the result as a parameter. */
  #fold(node: CelNode): SqlFragment | undefined {
    let result: unknown;
    try {
      result = this.#evaluate(node);
    } catch (error) {
      this.problems.push({ ...problemFromError('expr.eval', error), start: node.start, end: node.end });
      return undefined;
    }
    return this.#literal(node, result);
  }

  #identifier(node: CelNode): SqlFragment | undefined {
    const name = node.args as string;
    if (name === 'now') return value(this.#params.variable(['now'], 'timestamptz'));
    if (!this.#env.isField(name)) return this.#unsupported(node, `'${name}' on its own`);
    if (!pgTypeOf(typeOf(node))) return this.#unsupported(node, `the field '${name}' without a fixed type`);
    try {
      return value(this.#resolver.column(name));
    } catch (error) {
      this.problems.push({ ...problemFromError('expr.sql-unsupported', error), start: node.start, end: node.end });
      return undefined;
    }
  }

  #member(node: CelNode): SqlFragment | undefined {
    const [left, field] = node.args as [CelNode, string];
    if (left.op === 'id' && left.args === 'user' && Object.hasOwn(USER_FIELDS, field)) {
      return value(this.#params.variable(['user', field], pgTypeOf(typeOf(node)) as string));
    }
    if (left.op === 'id' && left.args === 'prev') return this.#unsupported(node, '`prev` (the record before the update)');
    return this.#unsupported(node, `the field access '.${field}'`);
  }

  #logical(node: CelNode, positive: boolean): SqlFragment | undefined {
    const [left, right] = binaryArgs(node);
    const l = this.#translate(left, positive);
    const r = this.#translate(right, positive);
    if (!l || !r) return undefined;
    const op = node.op === '&&' ? 'AND' : 'OR';
    // three-valued AND/OR select the same rows as two-valued ones when NULL counts as false
    if (positive) return value(`(${l.sql} ${op} ${r.sql})`);
    return pred(`(${asPredicate(l)} ${op} ${asPredicate(r)})`);
  }

  #equality(node: CelNode, positive: boolean): SqlFragment | undefined {
    const [left, right] = binaryArgs(node);
    const parts = this.#all([left, right]);
    if (!parts) return undefined;
    const [l, r] = parts as [SqlFragment, SqlFragment];
    const not = node.op === '!=' ? ' NOT' : '';
    if (r.sql === 'NULL') return pred(`(${l.sql} IS${not} NULL)`);
    if (l.sql === 'NULL') return pred(`(${r.sql} IS${not} NULL)`);
    // `col = $1` selects the same rows as IS NOT DISTINCT FROM when $1 has a value; collations
    // only change order, never equality (the server's collations are deterministic)
    if (positive && node.op === '==' && (l.notNull || r.notNull)) return value(`(${l.sql} = ${r.sql})`);
    const lhs = isText(left) || isText(right) ? collateC(l.sql) : l.sql;
    return pred(`(${lhs} IS${node.op === '==' ? ' NOT' : ''} DISTINCT FROM ${r.sql})`);
  }

  #relational(node: CelNode, positive: boolean): SqlFragment | undefined {
    const [left, right] = binaryArgs(node);
    const parts = this.#all([left, right]);
    if (!parts) return undefined;
    const [l, r] = parts as [SqlFragment, SqlFragment];
    // byte order of UTF-8 is code point order, which the interpreter uses
    const lhs = isText(left) ? collateC(l.sql) : l.sql;
    if (positive) return value(`(${lhs} ${node.op} ${r.sql})`);
    return pred(`COALESCE(${lhs} ${node.op} ${r.sql}, false)`);
  }

  #membership(node: CelNode, positive: boolean): SqlFragment | undefined {
    const [element, collection] = binaryArgs(node);
    if (!typeOf(collection)?.startsWith('list<')) return this.#unsupported(node, "'in' on a map");
    const translated = this.#translate(element);
    const inline = collection.op === 'list' && !this.#isConstant(collection);
    const items = inline ? this.#all(collection.args as CelNode[]) : undefined;
    const array = inline ? undefined : this.#translate(collection);
    if (!translated || !(items ?? array)) return undefined;
    if (positive && items?.every((i) => i.notNull)) return value(`(${translated.sql} IN (${items.map((i) => i.sql).join(', ')}))`);
    if (positive && array?.notNull) return value(`(${translated.sql} = ANY(${array.sql}))`);
    const e = isText(element) ? collateC(translated.sql) : translated.sql;
    if (items) return pred(`COALESCE(${e} IN (${items.map((i) => i.sql).join(', ')}), false)`);
    return pred(`COALESCE(${e} = ANY(${(array as SqlFragment).sql}), false)`);
  }

  #ternary(node: CelNode): SqlFragment | undefined {
    const parts = this.#all(node.args as CelNode[]);
    if (!parts) return undefined;
    const [c, a, b] = parts as [SqlFragment, SqlFragment, SqlFragment];
    const sql = `CASE WHEN ${asPredicate(c)} THEN ${a.sql} ELSE ${b.sql} END`;
    return a.kind === 'pred' && b.kind === 'pred' ? pred(sql) : value(sql);
  }

  #call(node: CelNode): SqlFragment | undefined {
    const name = callName(node);
    if (isComprehensionMacro(node) || (node.meta.macro && !isRetyped(node))) {
      return this.#unsupported(node, `the macro '${name}'`);
    }
    const isMethod = node.op === 'rcall';
    const translation = isMethod ? SQL_METHODS[name] : SQL_FUNCTIONS[name];
    if (!translation) return this.#unsupported(node, `the function '${name}'`);
    const argNodes = isMethod ? [(node.args as [string, CelNode])[1], ...callArgs(node)] : callArgs(node);
    const args = this.#all(argNodes);
    if (!args) return undefined;
    const result = translation(args, this.#params, argNodes.map((n) => typeOf(n) ?? 'dyn'));
    return result ?? this.#unsupported(node, `the function '${name}' on this type`);
  }
}
