import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { reachable } from './graph.ts';
import { processGraph } from './process-graph.ts';

/**
 * The shape every process needs: one start with one way out and nothing coming in, ends with
 * nothing going out, edges between existing nodes, every node reachable from the start and every
 * node able to reach an end.
 */
export function checkProcessStructure(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const graph = processGraph(ctx, process);
    const { nodes, canonical } = graph;
    const at = (...tokens: (string | number)[]): string => pointer('processes', p, ...tokens);
    const pid = process.id;

    (process.edges ?? []).forEach((edge, e) => {
      for (const end of ['from', 'to'] as const) {
        if ((end === 'from' ? graph.edgeFrom[e] : graph.edgeTo[e]) !== -1) continue;
        out.push(
          diagnostic(
            'config.process.edge-unknown-node',
            at('edges', e, end),
            `Node "${edge[end]}" does not exist in process "${pid}" (${end === 'from' ? 'source' : 'target'} of edge "${edge.id}").`,
            `流程 "${pid}" 中不存在节点 "${edge[end]}"（连线 "${edge.id}" 的${end === 'from' ? '起点' : '终点'}）。`,
          ),
        );
      }
    });

    const starts: number[] = [];
    const ends: number[] = [];
    nodes.forEach((node, n) => {
      if (!canonical[n]) return;
      if (node.type === 'start') starts.push(n);
      else if (node.type === 'end') ends.push(n);
    });

    if (starts.length === 0) {
      out.push(diagnostic('config.process.start-count', at('nodes'), `Process "${pid}" has no start node; it needs exactly one.`, `流程 "${pid}" 没有开始节点，必须恰好有一个。`));
    }
    starts.forEach((n, k) => {
      const id = nodes[n]!.id;
      if (k > 0) {
        out.push(diagnostic('config.process.start-count', at('nodes', n), `Process "${pid}" has more than one start node ("${id}"); it needs exactly one.`, `流程 "${pid}" 有多个开始节点（"${id}"），只能有一个。`));
      }
      for (const e of graph.inEdges[n]!) {
        out.push(diagnostic('config.process.start-incoming', at('edges', e, 'to'), `Edge "${process.edges[e]!.id}" enters the start node "${id}" of process "${pid}"; nothing may lead back to the start.`, `连线 "${process.edges[e]!.id}" 指向流程 "${pid}" 的开始节点 "${id}"；开始节点不能有进入的连线。`));
      }
      const leaving = graph.leaving[n]!.length;
      if (leaving !== 1) {
        out.push(
          diagnostic(
            'config.process.start-outgoing',
            at('nodes', n),
            `The start node "${id}" of process "${pid}" has ${leaving} outgoing edges; it needs exactly one.`,
            `流程 "${pid}" 的开始节点 "${id}" 有 ${leaving} 条出线，必须恰好有一条。`,
          ),
        );
      }
    });

    for (const n of ends) {
      const id = nodes[n]!.id;
      for (const e of graph.leaving[n]!) {
        out.push(diagnostic('config.process.end-outgoing', at('edges', e, 'from'), `Edge "${process.edges[e]!.id}" leaves the end node "${id}" of process "${pid}"; an end node has no way out.`, `连线 "${process.edges[e]!.id}" 从流程 "${pid}" 的结束节点 "${id}" 出发；结束节点不能有出线。`));
      }
    }

    const fromStart = starts.length > 0 ? reachable(graph.successors, starts) : undefined;
    if (fromStart) {
      nodes.forEach((node, n) => {
        if (!canonical[n] || fromStart[n]) return;
        out.push(diagnostic('config.process.unreachable', at('nodes', n), `Node "${node.id}" of process "${pid}" cannot be reached from the start.`, `流程 "${pid}" 的节点 "${node.id}" 无法从开始节点到达。`));
      });
    }

    if (ends.length === 0) {
      out.push(diagnostic('config.process.no-end', at('nodes'), `Process "${pid}" has no end node.`, `流程 "${pid}" 没有结束节点。`));
      return;
    }
    const toEnd = reachable(graph.predecessors, ends);
    nodes.forEach((node, n) => {
      // nodes the start cannot reach are reported as unreachable already
      if (!canonical[n] || toEnd[n] || (fromStart && !fromStart[n])) return;
      out.push(diagnostic('config.process.no-end', at('nodes', n), `From node "${node.id}" of process "${pid}" no path leads to an end node.`, `从流程 "${pid}" 的节点 "${node.id}" 出发，没有任何路径能到达结束节点。`));
    });
  });
  return out;
}
