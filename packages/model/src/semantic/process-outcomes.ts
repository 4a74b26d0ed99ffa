import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { processGraph } from './process-graph.ts';

/**
 * The edges leaving a user task name its outcomes: each edge one outcome of the task (a task with
 * a single outgoing edge may leave it unnamed), every outcome on some edge, no outcome twice.
 * Edges that leave other nodes name no outcome.
 */
export function checkProcessOutcomes(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const graph = processGraph(ctx, process);
    const pid = process.id;
    const at = (...tokens: (string | number)[]): string => pointer('processes', p, ...tokens);
    graph.nodes.forEach((node, n) => {
      if (!graph.canonical[n]) return;
      const leaving = graph.leaving[n]!;
      if (node.type !== 'userTask') {
        for (const e of leaving) {
          const edge = process.edges[e]!;
          if (edge.outcome === undefined) continue;
          out.push(
            diagnostic(
              'config.process.outcome-misplaced',
              at('edges', e, 'outcome'),
              `Edge "${edge.id}" names outcome "${edge.outcome}", but it leaves "${node.id}", which is not a user task (process "${pid}").`,
              `连线 "${edge.id}" 指定了结果 "${edge.outcome}"，但它的起点 "${node.id}" 不是人工任务（流程 "${pid}"）。`,
            ),
          );
        }
        return;
      }
      const task = `task "${node.id}" in process "${pid}"`;
      const taskZh = `流程 "${pid}" 的任务 "${node.id}"`;
      if (leaving.length === 0) return; // reported as a node that cannot reach an end
      if (leaving.length === 1 && process.edges[leaving[0]!]!.outcome === undefined) return; // every outcome takes the one edge
      const outcomes = new Set(node.outcomes.map((o) => o.id));
      const used = new Set<string>();
      for (const e of leaving) {
        const edge = process.edges[e]!;
        if (edge.outcome === undefined) {
          out.push(
            diagnostic(
              'config.process.outcome-missing',
              at('edges', e),
              `Edge "${edge.id}" leaves ${task}, which has several outgoing edges; say which outcome takes it ("outcome").`,
              `连线 "${edge.id}" 从${taskZh}出发，该任务有多条出线；请用 "outcome" 指定走这条线的结果。`,
            ),
          );
        } else if (!outcomes.has(edge.outcome)) {
          out.push(
            diagnostic('config.reference.unknown-outcome', at('edges', e, 'outcome'), `Outcome "${edge.outcome}" is not an outcome of ${task} (edge "${edge.id}").`, `结果 "${edge.outcome}" 不是${taskZh}的结果之一（连线 "${edge.id}"）。`),
          );
        } else if (used.has(edge.outcome)) {
          out.push(
            diagnostic(
              'config.process.outcome-duplicate',
              at('edges', e, 'outcome'),
              `Outcome "${edge.outcome}" of ${task} is named by more than one edge ("${edge.id}" is one of them).`,
              `${taskZh}的结果 "${edge.outcome}" 被多条连线使用（其中之一是 "${edge.id}"）。`,
            ),
          );
        } else used.add(edge.outcome);
      }
      node.outcomes.forEach((outcome, o) => {
        if (used.has(outcome.id)) return;
        out.push(
          diagnostic('config.process.outcome-unused', at('nodes', n, 'outcomes', o), `Outcome "${outcome.id}" of ${task} is not taken by any edge.`, `${taskZh}的结果 "${outcome.id}" 没有对应的连线。`),
        );
      });
    });
  });
  return out;
}
