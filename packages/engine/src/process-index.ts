import type { Edge, Node, Process } from '@mainline/model';

/** A process definition with its nodes and edges looked up by id; built once per definition object. */
export interface ProcessIndex {
  process: Process;
  node(id: string): Node;
  /** Edges leaving the node, in the order the definition lists them. */
  outgoing(id: string): readonly Edge[];
  /** Edges entering the node, in the order the definition lists them. */
  incoming(id: string): readonly Edge[];
  /** The start node (the validator guarantees exactly one). */
  start: Node;
  /** Stage ids in stage-bar order. */
  stageOrder: readonly string[];
}

const cache = new WeakMap<Process, ProcessIndex>();

export function indexProcess(process: Process): ProcessIndex {
  const cached = cache.get(process);
  if (cached) return cached;
  const nodes = new Map<string, Node>();
  for (const node of process.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const out = new Map<string, Edge[]>();
  const into = new Map<string, Edge[]>();
  for (const edge of process.edges) {
    (out.get(edge.from) ?? out.set(edge.from, []).get(edge.from)!).push(edge);
    (into.get(edge.to) ?? into.set(edge.to, []).get(edge.to)!).push(edge);
  }
  const start = process.nodes.find((n) => n.type === 'start');
  if (!start) throw new Error(`process "${process.id}" has no start node`);
  const index: ProcessIndex = {
    process,
    node(id) {
      const node = nodes.get(id);
      if (!node) throw new Error(`process "${process.id}" has no node "${id}"`);
      return node;
    },
    outgoing: (id) => out.get(id) ?? [],
    incoming: (id) => into.get(id) ?? [],
    start,
    stageOrder: (process.stages ?? []).map((s) => s.id),
  };
  cache.set(process, index);
  return index;
}
