import type { CelMacro, CelNode } from '../analyze/cel-ast.ts';
import type { ScopeBindings } from '../env/bindings.ts';
import {
  arithmetic,
  equality,
  logical,
  membership,
  negate,
  not,
  relational,
  ternary,
} from './rules/operator-rules.ts';
import { type Rule, childrenOf } from './rules/rule.ts';
import { call, comprehension, index, list, member, variable } from './rules/structure-rules.ts';

/*
 * cel-js parses, type-checks and runs the built-in functions; this pass replaces how some nodes
 * of a checked expression evaluate, to give Mainline's semantics (see README "Null semantics")
 * and the step budget. Nodes without a rule keep cel-js's evaluation.
 */
const RULES: Record<string, Rule> = {
  id: variable,
  '.': member,
  '[]': index,
  call,
  rcall: call,
  list,
  comprehension,
  '?:': ternary,
  '&&': logical(true),
  '||': logical(false),
  '!_': not,
  '-_': negate,
  '==': equality,
  '!=': equality,
  '<': relational,
  '<=': relational,
  '>': relational,
  '>=': relational,
  in: membership,
  '+': arithmetic,
  '-': arithmetic,
  '*': arithmetic,
  '/': arithmetic,
  '%': arithmetic,
};

export function instrument(root: CelNode, bindings: ScopeBindings): void {
  const seen = new Set<CelNode>();
  const visit = (node: CelNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    const { alternate, macro } = node.meta;
    if (alternate) return visit(alternate);
    if (macro) return visitMacro(macro);
    const rule = RULES[node.op];
    if (rule) rule(node, visit, bindings);
    else for (const child of childrenOf(node.args)) visit(child);
  };
  const visitMacro = (macro: CelMacro): void => {
    for (const child of [...childrenOf(macro.args), ...childrenOf([macro.val, macro.exp])]) visit(child);
  };
  visit(root);
}
