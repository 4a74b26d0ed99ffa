import { type CelNode, type ComprehensionArgs, binaryArgs, callArgs, callName } from '../../analyze/cel-ast.ts';
import { NULL_AWARE_FUNCTIONS } from '../../library/library.ts';
import { type Rule, currentEvaluate, handleOf, isNil, spend } from './rule.ts';

/*
 * Variables, member access, calls and comprehensions: variables are read straight from the
 * ExprVars of the evaluation; a function with a null argument gives null (false when it returns
 * bool) unless it is null-aware; comprehensions spend the step budget.
 */
export const variable: Rule = (node, _visit, bindings) => {
  const read = bindings.variables.get(node.args as string);
  if (read) node.evaluate = read;
};

export const member: Rule = (node, visit, bindings) => {
  const [left, field] = node.args as [CelNode, string];
  visit(left);
  const direct = left.op === 'id' ? bindings.member(left.args as string, field) : undefined;
  if (direct) {
    node.evaluate = direct;
    return;
  }
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const v = ev.run(left, ctx);
    return isNil(v) ? null : h(v, field, n, ev);
  };
};

export const index: Rule = (node, visit) => {
  const [left, key] = binaryArgs(node);
  visit(left);
  visit(key);
  const h = handleOf(node);
  node.evaluate = (ev, n, ctx) => {
    const v = ev.run(left, ctx);
    const i = ev.run(key, ctx);
    return isNil(v) || isNil(i) ? null : h(v, i, n, ev);
  };
};

function nullResultOf(node: CelNode): null | false {
  return node.checkedType?.name === 'bool' ? false : null;
}

export const call: Rule = (node, visit) => {
  const isMethod = node.op === 'rcall';
  const args = isMethod ? (node.receiverWithArgs ?? []) : callArgs(node);
  args.forEach(visit);
  const h = handleOf(node);
  const nullAware = NULL_AWARE_FUNCTIONS.has(callName(node)) && !isMethod;
  const nullResult = nullResultOf(node);
  const count = args.length;
  node.evaluate = (ev, n, ctx) => {
    const values = new Array<unknown>(count);
    for (let i = 0; i < count; i++) {
      const v = ev.run(args[i] as CelNode, ctx);
      if (isNil(v) && !nullAware) return nullResult;
      values[i] = v === undefined ? null : v;
    }
    return isMethod ? h(values, ev, n) : h(values, n, ev);
  };
};

export const list: Rule = (node, visit) => {
  const elements = node.args as CelNode[];
  if (elements.length > 0 && elements.every((e) => e.op === 'value' && !e.meta.macro)) {
    const constant = elements.map((e) => e.args);
    node.evaluate = () => constant;
    return;
  }
  elements.forEach(visit);
};

export const comprehension: Rule = (node, visit) => {
  const args = node.args as ComprehensionArgs;
  visit(args.iterable);
  visit(args.init);
  visit(args.step);
  const step = currentEvaluate(args.step);
  args.step.evaluate = (ev, n, ctx) => {
    spend(1, node);
    return step(ev, n, ctx);
  };
  const h = handleOf(node);
  const empty = args.kind === 'quantifier' ? false : null;
  node.evaluate = (ev, _n, ctx) => {
    const items = ev.run(args.iterable, ctx);
    return isNil(items) ? empty : h(items, args, ev, ctx);
  };
};
