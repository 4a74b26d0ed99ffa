import {
  type CelNode,
  type EvaluateFn,
  isCelNode,
  originalEvaluate,
} from '../../analyze/cel-ast.ts';
import type { ScopeBindings } from '../../env/bindings.ts';
import { ExprError } from '../../expr-error.ts';
import { EXPR_LIMITS } from '../../limits.ts';
import { evalState } from '../eval-state.ts';

/** Replaces how one kind of node evaluates; `visit` instruments the children first. */
export type Rule = (node: CelNode, visit: (n: CelNode) => void, bindings: ScopeBindings) => void;

export function childrenOf(args: unknown): CelNode[] {
  if (isCelNode(args)) return [args];
  if (!Array.isArray(args)) return [];
  return args.flatMap((a) => (Array.isArray(a) ? a.filter(isCelNode) : isCelNode(a) ? [a] : []));
}

/** The overload handler cel-js chose while type checking. */
export function handleOf(node: CelNode): (...args: unknown[]) => unknown {
  const h = node.handle;
  if (!h) throw new Error(`cel-js did not resolve the '${node.op}' node`);
  return h;
}

/** The node's evaluate as it is now: ours if we replaced it, else cel-js's. */
export function currentEvaluate(node: CelNode): EvaluateFn {
  return Object.hasOwn(node, 'evaluate') ? node.evaluate : originalEvaluate(node);
}

export function notBool(node: CelNode, value: unknown): ExprError {
  return ExprError.of('expr.eval', `a condition must be true or false, got ${typeof value}`, node);
}

export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

export function spend(steps: number, node: CelNode): void {
  evalState.steps += steps;
  if (evalState.steps > EXPR_LIMITS.maxEvaluationSteps) {
    throw ExprError.of('expr.cost', `the evaluation stopped after ${EXPR_LIMITS.maxEvaluationSteps} steps`, node);
  }
}
