import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { cycleThrough, cyclicComponents } from './graph.ts';
import { isAutomatic, processGraph } from './process-graph.ts';

/**
 * A cycle made only of automatic nodes (start, actions, gateways, ends) would run forever in one
 * transaction: every loop needs a user task or a timer on it. Each such loop (strongly connected
 * component of the automatic part of the graph) is reported once, at one of its edges.
 */
export function checkAutomaticCycles(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const graph = processGraph(ctx, process);
    const automatic = graph.nodes.map((node, n) => graph.canonical[n] === 1 && isAutomatic(node));
    const adjacency = graph.successors.map((next, v) => (automatic[v] ? next.filter((w) => automatic[w]) : []));
    const components = cyclicComponents(adjacency);
    if (components.length === 0) return;
    const componentOf = new Int32Array(graph.nodes.length).fill(-1);
    components.forEach((members, c) => members.forEach((v) => (componentOf[v] = c)));
    const reported = new Uint8Array(components.length);
    (process.edges ?? []).forEach((edge, e) => {
      const from = graph.edgeFrom[e]!;
      const to = graph.edgeTo[e]!;
      if (from < 0 || to < 0) return;
      const c = componentOf[from]!;
      if (c === -1 || c !== componentOf[to] || reported[c]) return;
      reported[c] = 1;
      const cycle = cycleThrough(adjacency, components[c]!, to);
      const names = [...cycle, to].map((v) => `"${graph.nodes[v]!.id}"`).join(' → ');
      out.push(
        diagnostic(
          'config.process.automatic-cycle',
          pointer('processes', p, 'edges', e),
          `Process "${process.id}" has an endless automatic loop ${names}: put a user task or a timer on it.`,
          `流程 "${process.id}" 存在无限自动循环 ${names}：请在循环中加入人工任务或定时器。`,
        ),
      );
    });
  });
  return out;
}
