import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { processGraph } from './process-graph.ts';

/**
 * Exclusive gateways are decisions (two or more ways out: a condition on every way but the
 * default, a default edge that is one of its own without a condition, or `onNoMatch: "incident"`)
 * or merges (two or more ways in, one out). Parallel gateways:
 * a fork (one in, several out) or a join (several in, one out), with no conditions on the way out.
 */
export function checkProcessGateways(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const graph = processGraph(ctx, process);
    const pid = process.id;
    const at = (...tokens: (string | number)[]): string => pointer('processes', p, ...tokens);
    graph.nodes.forEach((node, n) => {
      if (!graph.canonical[n]) return;
      const leaving = graph.leaving[n]!;
      if (node.type === 'exclusiveGateway') {
        const gw = `gateway "${node.id}" in process "${pid}"`;
        const gwZh = `流程 "${pid}" 的排他网关 "${node.id}"`;
        if (leaving.length < 2) {
          // a merge (several in, one out) needs no conditions; no way out at all is reported as no-end
          if (leaving.length === 1 && graph.inEdges[n]!.length < 2) {
            out.push(
              diagnostic(
                'config.process.gateway-outgoing',
                at('nodes', n),
                `The exclusive ${gw} has one incoming and one outgoing edge; a decision needs at least two ways out, a merge at least two ways in.`,
                `${gwZh}只有一条入线和一条出线；决策至少需要两条出线，汇合至少需要两条入线。`,
              ),
            );
          }
          return;
        }
        let defaultEdge = -1;
        if (node.defaultEdge !== undefined) {
          defaultEdge = leaving.find((e) => process.edges[e]!.id === node.defaultEdge) ?? -1;
          if (defaultEdge === -1) {
            out.push(
              diagnostic(
                'config.process.gateway-default-edge',
                at('nodes', n, 'defaultEdge'),
                `The default edge "${node.defaultEdge}" is not an edge leaving ${gw}.`,
                `默认连线 "${node.defaultEdge}" 不是从${gwZh}出发的连线。`,
              ),
            );
          } else if (process.edges[defaultEdge]!.condition !== undefined) {
            out.push(
              diagnostic(
                'config.process.gateway-default-condition',
                at('edges', defaultEdge, 'condition'),
                `The default edge "${node.defaultEdge}" of ${gw} must not have a condition; it is taken when no other condition holds.`,
                `${gwZh}的默认连线 "${node.defaultEdge}" 不能有条件；它在其他条件都不成立时被选中。`,
              ),
            );
          }
        } else if (node.onNoMatch !== 'incident') {
          out.push(
            diagnostic(
              'config.process.gateway-no-default',
              at('nodes', n),
              `The exclusive ${gw} has no default edge; name one in "defaultEdge", or set "onNoMatch": "incident" to stop with an incident when no condition holds.`,
              `${gwZh}没有默认连线；请在 "defaultEdge" 中指定，或设置 "onNoMatch": "incident"（无条件成立时以异常停止）。`,
            ),
          );
        }
        for (const e of leaving) {
          const edge = process.edges[e]!;
          if (e === defaultEdge || edge.condition !== undefined) continue;
          out.push(
            diagnostic(
              'config.process.gateway-condition-missing',
              at('edges', e),
              `Edge "${edge.id}" leaves the exclusive ${gw} without a condition and is not its default edge.`,
              `连线 "${edge.id}" 从${gwZh}出发，既没有条件也不是默认连线。`,
            ),
          );
        }
      } else if (node.type === 'parallelGateway') {
        const entering = graph.inEdges[n]!.length;
        const fork = entering <= 1 && leaving.length >= 2;
        const join = entering >= 2 && leaving.length === 1;
        if (!fork && !join) {
          out.push(
            diagnostic(
              'config.process.parallel-shape',
              at('nodes', n),
              `The parallel gateway "${node.id}" in process "${pid}" has ${entering} incoming and ${leaving.length} outgoing edges; it must be a fork (1 in, 2 or more out) or a join (2 or more in, 1 out).`,
              `流程 "${pid}" 的并行网关 "${node.id}" 有 ${entering} 条入线、${leaving.length} 条出线；它必须是分支（1 入、至少 2 出）或汇合（至少 2 入、1 出）。`,
            ),
          );
        }
        for (const e of leaving) {
          const edge = process.edges[e]!;
          if (edge.condition === undefined) continue;
          out.push(
            diagnostic(
              'config.process.parallel-condition',
              at('edges', e, 'condition'),
              `Edge "${edge.id}" leaves the parallel gateway "${node.id}" with a condition; a parallel gateway takes every outgoing edge, so the condition is ignored (process "${pid}").`,
              `连线 "${edge.id}" 从并行网关 "${node.id}" 出发却带有条件；并行网关会走所有出线，条件将被忽略（流程 "${pid}"）。`,
              'warning',
            ),
          );
        }
      }
    });
  });
  return out;
}
