import type { ExprEnvImpl } from '../env/create-env.ts';
import { EXPR_LIMITS } from '../limits.ts';
import type { ExprProblem } from '../types.ts';
import {
  type CelNode,
  callArgs,
  callName,
  isBindMacro,
  isComprehensionMacro,
  receiverOf,
  surfaceChildren,
} from './cel-ast.ts';
import { problemAt } from './problems.ts';
import { unsafeRegexReason } from './regex-guard.ts';

export interface SurfaceFacts {
  problems: ExprProblem[];
  /** Record fields referenced as bare identifiers, sorted. */
  identifiers: string[];
}

/** Checks on the expression as written, before type checking: cost rules and identifiers. */
export function inspectSurface(root: CelNode, env: ExprEnvImpl): SurfaceFacts {
  const problems: ExprProblem[] = [];
  const identifiers = new Set<string>();

  const checkPattern = (call: CelNode): void => {
    const pattern = callArgs(call)[0];
    if (!pattern || pattern.op !== 'value' || typeof pattern.args !== 'string') {
      problems.push(problemAt('expr.cost', "matches() takes a literal pattern (text in quotes)", pattern ?? call));
      return;
    }
    const source = pattern.args;
    if (source.length > EXPR_LIMITS.maxRegexLength) {
      problems.push(problemAt('expr.cost', `the pattern is longer than ${EXPR_LIMITS.maxRegexLength} characters`, pattern));
      return;
    }
    try {
      new RegExp(source);
    } catch {
      problems.push(problemAt('expr.type', 'the pattern is not a valid regular expression', pattern));
      return;
    }
    const reason = unsafeRegexReason(source);
    if (reason) problems.push(problemAt('expr.cost', `the pattern could run too long: ${reason}`, pattern));
  };

  const walk = (node: CelNode, depth: number): void => {
    if (node.op === 'id') {
      if (env.isField(node.args as string)) identifiers.add(node.args as string);
      return;
    }
    if ((node.op === 'rcall' || node.op === 'call') && (isComprehensionMacro(node) || isBindMacro(node))) {
      const nested = depth + 1;
      if (nested > EXPR_LIMITS.maxComprehensionNesting) {
        problems.push(
          problemAt('expr.cost', `'${callName(node)}' nests more than ${EXPR_LIMITS.maxComprehensionNesting} levels deep`, node),
        );
      }
      const [variable, ...body] = callArgs(node);
      if (variable?.op === 'id' && env.isBound(variable.args as string)) {
        problems.push(
          problemAt('expr.type', `the variable '${variable.args as string}' would hide the field of the same name; choose another name`, variable),
        );
      }
      if (node.op === 'rcall') walk(receiverOf(node), depth);
      for (const child of body) walk(child, nested);
      return;
    }
    if (node.op === 'rcall' && callName(node) === 'matches') checkPattern(node);
    for (const child of surfaceChildren(node)) walk(child, depth);
  };
  walk(root, 0);
  return { problems, identifiers: [...identifiers].sort() };
}
