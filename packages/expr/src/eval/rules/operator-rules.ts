import { type CelEvaluator, type CelNode, binaryArgs } from '../../analyze/cel-ast.ts';
import { comparisonFor } from '../compare.ts';
import { type Rule, handleOf, isNil, notBool, spend } from './rule.ts';

/*
 * Operators: a comparison or `in` with a null operand is false, arithmetic with a null operand
 * is null, and null counts as false in &&, || and !.
 */
export const logical =
  (isAnd: boolean): Rule =>
  (node, visit) => {
    const [left, right] = binaryArgs(node);
    visit(left);
    visit(right);
    const truthy = (ev: CelEvaluator, n: CelNode, ctx: unknown): boolean => {
      const v = ev.run(n, ctx);
      if (v === true) return true;
      if (v === false || v === null) return false;
      throw notBool(n, v);
    };
    node.evaluate = isAnd
      ? (ev, _n, ctx) => truthy(ev, left, ctx) && truthy(ev, right, ctx)
      : (ev, _n, ctx) => truthy(ev, left, ctx) || truthy(ev, right, ctx);
  };

export const relational: Rule = (node, visit) => {
  const [left, right] = binaryArgs(node);
  visit(left);
  visit(right);
  const h = handleOf(node);
  const fast = comparisonFor(node.op, left.checkedType, right.checkedType);
  node.evaluate = (ev, n, ctx) => {
    const a = ev.run(left, ctx);
    const b = ev.run(right, ctx);
    if (isNil(a) || isNil(b)) return false;
    return fast ? fast(a, b) : h(a, b, n, ev);
  };
};

export const equality: Rule = (node, visit) => {
  const [left, right] = binaryArgs(node);
  visit(left);
  visit(right);
  const h = handleOf(node);
  const negate = node.op === '!=';
  const fast = comparisonFor('==', left.checkedType, right.checkedType);
  node.evaluate = (ev, n, ctx) => {
    const a = ev.run(left, ctx);
    const b = ev.run(right, ctx);
    if (isNil(a) || isNil(b)) return isNil(a) === isNil(b) !== negate;
    return fast ? fast(a, b) !== negate : h(a, b, n, ev);
  };
};

export const membership: Rule = (node, visit) => {
  const [left, right] = binaryArgs(node);
  visit(left);
  visit(right);
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const a = ev.run(left, ctx);
    const b = ev.run(right, ctx);
    return isNil(a) || isNil(b) ? false : h(a, b, n, ev);
  };
};

export const arithmetic: Rule = (node, visit) => {
  const [left, right] = binaryArgs(node);
  visit(left);
  visit(right);
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const a = ev.run(left, ctx);
    const b = ev.run(right, ctx);
    if (isNil(a) || isNil(b)) return null;
    const result = h(a, b, n, ev);
    // list concatenation copies: count the elements against the step budget
    if (Array.isArray(result)) spend(result.length, node);
    return result;
  };
};

export const not: Rule = (node, visit) => {
  const operand = node.args as CelNode;
  visit(operand);
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const v = ev.run(operand, ctx);
    if (v === true) return false;
    if (v === false || v === null) return true;
    return h(v, n, ev);
  };
};

export const negate: Rule = (node, visit) => {
  const operand = node.args as CelNode;
  visit(operand);
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const v = ev.run(operand, ctx);
    return isNil(v) ? null : h(v, n, ev);
  };
};

export const ternary: Rule = (node, visit) => {
  const [condition, then, otherwise] = node.args as [CelNode, CelNode, CelNode];
  [condition, then, otherwise].forEach(visit);
  node.evaluate = (ev: CelEvaluator, _n, ctx) => {
    const c = ev.run(condition, ctx);
    if (c === true) return ev.run(then, ctx);
    if (c === false || c === null) return ev.run(otherwise, ctx);
    throw notBool(condition, c);
  };
};
