import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { processGraph, type ProcessGraph } from './process-graph.ts';

/**
 * Parallel forks and joins must pair up like brackets. The rule (see docs/diagnostics.md): the
 * immediate post-dominator of every fork — the first node that every path from the fork to an end
 * passes through — must be a parallel join whose number of incoming edges equals the fork's number
 * of outgoing edges, and each join closes exactly one fork. Otherwise the branches end separately,
 * meet somewhere that does not wait for all of them, or meet at a join of another fork, and the
 * instance would hang at a join or run steps twice.
 */
export function checkParallelBalance(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const graph = processGraph(ctx, process);
    const isParallel = (n: number): boolean => graph.nodes[n]!.type === 'parallelGateway' && graph.canonical[n] === 1;
    const forks: number[] = [];
    const joins: number[] = [];
    graph.nodes.forEach((_, n) => {
      if (!isParallel(n)) return;
      // a gateway that is both (several in and out) is refused by process-gateways.ts; here it is a fork
      if (graph.outEdges[n]!.length >= 2) forks.push(n);
      else if (graph.inEdges[n]!.length >= 2) joins.push(n);
    });
    if (forks.length === 0 && joins.length === 0) return;

    const ipdom = postDominators(graph);
    const exit = graph.nodes.length;
    const pid = process.id;
    const closedBy = new Map<number, number>();
    for (const fork of forks) {
      const forkId = graph.nodes[fork]!.id;
      const branches = graph.outEdges[fork]!.length;
      const meet = ipdom[fork]!;
      if (meet === -1) continue; // cannot reach an end: reported elsewhere
      const at = pointer('processes', p, 'nodes', fork);
      if (meet === exit || !isParallel(meet) || graph.inEdges[meet]!.length < 2) {
        const where = meet === exit ? 'they end separately' : `they first meet at "${graph.nodes[meet]!.id}", which is not a parallel join`;
        const whereZh = meet === exit ? '各分支分别结束' : `各分支首先汇合于 "${graph.nodes[meet]!.id}"，它不是并行汇合网关`;
        out.push(
          diagnostic(
            'config.process.parallel-unbalanced',
            at,
            `The branches of parallel fork "${forkId}" in process "${pid}" do not meet at one parallel join: ${where}.`,
            `流程 "${pid}" 的并行分支网关 "${forkId}" 的各分支没有在同一个并行汇合网关汇合：${whereZh}。`,
          ),
        );
        continue;
      }
      const joinId = graph.nodes[meet]!.id;
      const waits = graph.inEdges[meet]!.length;
      const other = closedBy.get(meet);
      if (other !== undefined) {
        out.push(
          diagnostic(
            'config.process.parallel-unbalanced',
            at,
            `The branches of parallel fork "${forkId}" in process "${pid}" meet at join "${joinId}", which already closes fork "${graph.nodes[other]!.id}".`,
            `流程 "${pid}" 的并行分支网关 "${forkId}" 的各分支汇合于 "${joinId}"，而该汇合网关已用于闭合分支网关 "${graph.nodes[other]!.id}"。`,
          ),
        );
        continue;
      }
      closedBy.set(meet, fork);
      if (waits !== branches) {
        out.push(
          diagnostic(
            'config.process.parallel-unbalanced',
            at,
            `Parallel fork "${forkId}" in process "${pid}" starts ${branches} branches, but join "${joinId}" waits for ${waits}.`,
            `流程 "${pid}" 的并行分支网关 "${forkId}" 产生 ${branches} 个分支，但汇合网关 "${joinId}" 等待 ${waits} 个。`,
          ),
        );
      }
    }
    for (const join of joins) {
      if (closedBy.has(join) || ipdom[join] === -1) continue;
      const joinId = graph.nodes[join]!.id;
      out.push(
        diagnostic(
          'config.process.parallel-unbalanced',
          pointer('processes', p, 'nodes', join),
          `Parallel join "${joinId}" in process "${pid}" does not close a parallel fork; it would wait for branches that never all arrive.`,
          `流程 "${pid}" 的并行汇合网关 "${joinId}" 没有对应的并行分支网关，它等待的分支不会全部到达。`,
        ),
      );
    }
  });
  return out;
}

/**
 * Immediate post-dominators (Cooper, Harvey & Kennedy's iterative algorithm on the reversed graph,
 * with a virtual exit after every end node). Index `nodes.length` is the exit; -1 marks nodes that
 * reach no end.
 */
export function postDominators(graph: ProcessGraph): Int32Array {
  const n = graph.nodes.length;
  const exit = n;
  const isEnd = (v: number): boolean => v < n && graph.nodes[v]!.type === 'end' && graph.canonical[v] === 1;
  const ends: number[] = [];
  for (let v = 0; v < n; v++) if (isEnd(v)) ends.push(v);
  // successors in the reversed graph: the exit leads to the ends, a node to its predecessors
  const reversedSuccessors = (v: number): readonly number[] => (v === exit ? ends : graph.predecessors[v]!);

  // post-order of a depth-first search of the reversed graph from the exit (iterative)
  const order = new Int32Array(n + 1).fill(-1);
  const postorder: number[] = [];
  const visited = new Uint8Array(n + 1);
  const stackNode: number[] = [exit];
  const stackPos: number[] = [0];
  visited[exit] = 1;
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const v = stackNode[top]!;
    const next = reversedSuccessors(v);
    const pos = stackPos[top]!;
    if (pos < next.length) {
      stackPos[top] = pos + 1;
      const w = next[pos]!;
      if (!visited[w]) {
        visited[w] = 1;
        stackNode.push(w);
        stackPos.push(0);
      }
      continue;
    }
    stackNode.pop();
    stackPos.pop();
    order[v] = postorder.length;
    postorder.push(v);
  }

  const idom = new Int32Array(n + 1).fill(-1);
  idom[exit] = exit;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = postorder.length - 2; k >= 0; k--) {
      const v = postorder[k]!;
      // predecessors in the reversed graph: successors in the process, and the exit for ends
      let candidate = isEnd(v) ? exit : -1;
      for (const w of graph.successors[v]!) {
        if (idom[w] === -1) continue;
        candidate = candidate === -1 ? w : intersect(w, candidate);
      }
      if (candidate !== -1 && idom[v] !== candidate) {
        idom[v] = candidate;
        changed = true;
      }
    }
  }
  return idom;
}
