import type { Node, Process } from '../generated/config.ts';
import type { SemanticContext } from './context.ts';

/**
 * A process as a graph over node indexes, built once per process and shared by the graph checks.
 * A node is "canonical" when it is the first node with its id; edges resolve to canonical nodes.
 * Duplicated node ids are reported by the id checks and left out of the graph checks.
 */
export interface ProcessGraph {
  process: Process;
  nodes: readonly Node[];
  /** Node id → index of the first node with that id. */
  nodeIndex: ReadonlyMap<string, number>;
  canonical: Uint8Array;
  /** Per edge: index of its from / to node, -1 when the id is unknown. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Per node: indexes of edges leaving / entering it (edges whose both ends resolve). */
  outEdges: number[][];
  inEdges: number[][];
  /** Per node: indexes of edges leaving it whose `from` resolves, whatever their `to`. */
  leaving: number[][];
  /** Per node: successor / predecessor node indexes, one per edge. */
  successors: number[][];
  predecessors: number[][];
}

/** The graph of a process, built at most once per `checkSemantics` run. */
export function processGraph(ctx: SemanticContext, process: Process): ProcessGraph {
  const cache = ctx.processGraphs;
  const cached = cache.get(process);
  if (cached) return cached;
  const nodes = process.nodes ?? [];
  const edges = process.edges ?? [];
  const n = nodes.length;
  const nodeIndex = new Map<string, number>();
  const canonical = new Uint8Array(n);
  nodes.forEach((node, i) => {
    if (!nodeIndex.has(node.id)) {
      nodeIndex.set(node.id, i);
      canonical[i] = 1;
    }
  });
  const empty = (): number[][] => Array.from({ length: n }, () => []);
  const graph: ProcessGraph = {
    process,
    nodes,
    nodeIndex,
    canonical,
    edgeFrom: new Int32Array(edges.length),
    edgeTo: new Int32Array(edges.length),
    outEdges: empty(),
    inEdges: empty(),
    leaving: empty(),
    successors: empty(),
    predecessors: empty(),
  };
  edges.forEach((edge, e) => {
    const from = nodeIndex.get(edge.from) ?? -1;
    const to = nodeIndex.get(edge.to) ?? -1;
    graph.edgeFrom[e] = from;
    graph.edgeTo[e] = to;
    if (from >= 0) graph.leaving[from]!.push(e);
    if (from >= 0 && to >= 0) {
      graph.outEdges[from]!.push(e);
      graph.inEdges[to]!.push(e);
      graph.successors[from]!.push(to);
      graph.predecessors[to]!.push(from);
    }
  });
  cache.set(process, graph);
  return graph;
}

/** Nodes that run without waiting for a person or the clock. */
export function isAutomatic(node: Node): boolean {
  return node.type !== 'userTask' && node.type !== 'timer';
}
