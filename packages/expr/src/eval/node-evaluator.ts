import type { ParseResult } from '@marcbachmann/cel-js';
import { type CelNode, originalEvaluate } from '../analyze/cel-ast.ts';
import type { ScopeBindings } from '../env/bindings.ts';
import { asExprError } from './as-expr-error.ts';
import { beginEvaluation } from './eval-state.ts';
import { instrument } from './instrument.ts';
import { toPlain } from './values.ts';

/**
 * Evaluates single sub-expressions of a checked expression with empty variables (the SQL
 * compiler folds constant parts this way). cel-js only evaluates from the root, so the root is
 * pointed at the sub-expression for the duration of one call.
 */
export function nodeEvaluator(parsed: ParseResult, bindings: ScopeBindings): (node: CelNode) => unknown {
  const root = parsed.ast as unknown as CelNode;
  let ready = false;
  return (node) => {
    if (!ready) {
      instrument(root, bindings);
      ready = true;
    }
    const target = Object.hasOwn(node, 'evaluate') ? node.evaluate : originalEvaluate(node);
    const hadOwn = Object.hasOwn(root, 'evaluate');
    const saved = root.evaluate;
    root.evaluate = (ev, _n, ctx) => target(ev, node, ctx);
    try {
      beginEvaluation({ record: {} });
      return toPlain(parsed());
    } catch (error) {
      throw asExprError(error);
    } finally {
      if (hadOwn) root.evaluate = saved;
      else delete (root as Partial<CelNode>).evaluate;
    }
  };
}
