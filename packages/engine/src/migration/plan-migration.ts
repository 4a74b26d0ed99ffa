import type { Edge, Node, Process } from '@mainline/model';
import { indexProcess, type ProcessIndex } from '../process-index.ts';
import type { InstanceState } from '../types.ts';

/** Old node id → node id in the target version, for nodes that were renamed or replaced. */
export type NodeMap = Readonly<Record<string, string>>;

/**
 * What happens to one active node of an instance when it moves to the target version:
 * - `unchanged`: the node exists there with the same id and type;
 * - `mapped`: the admin mapped it to a node of the same type;
 * - `missing`: no such node in the target version (map it, or cancel/restart the instance);
 * - `typeChanged`: the node exists but is of another type (a task cannot become a timer);
 * - `joinEdgeMissing`: a parallel join holds arrivals by an edge that has no counterpart into the
 *   target join (the arrivals would be lost).
 */
export type ActiveNodeStatus = 'unchanged' | 'mapped' | 'missing' | 'typeChanged' | 'joinEdgeMissing';

export interface ActiveNodePlan {
  node: string;
  type: Node['type'];
  /** The node in the target version (the mapped one, or the same id). */
  target: string;
  status: ActiveNodeStatus;
  /** Tokens resting at the node (a join's held arrivals count as one each). */
  tokens: number;
  /** Why the node cannot move as it is, in English for admins; null when it can. */
  problem: string | null;
}

export interface InstanceMigrationPlan {
  /** Every active node can move as it is (`unchanged` or `mapped`). */
  migratable: boolean;
  nodes: ActiveNodePlan[];
}

const MOVABLE: readonly ActiveNodeStatus[] = ['unchanged', 'mapped'];

/**
 * Where each active node of an instance (tokens at rest, join counters) lands in the target
 * version, and whether the instance can move there without losing work. Pure: the runtime uses it
 * for the dry run and again, under the instance lock, before migrating.
 */
export function planInstanceMigration(from: Process, to: Process, state: InstanceState, map: NodeMap = {}): InstanceMigrationPlan {
  const source = indexProcess(from);
  const target = indexProcess(to);
  const tokens = new Map<string, number>();
  for (const token of state.tokens) tokens.set(token.node, (tokens.get(token.node) ?? 0) + 1);
  for (const [join, counters] of Object.entries(state.joins)) {
    const held = Object.values(counters).reduce((sum, n) => sum + n, 0);
    tokens.set(join, (tokens.get(join) ?? 0) + held);
  }
  const nodes = [...tokens].map(([node, count]) => planNode(source, target, state, map, node, count));
  return { migratable: nodes.every((n) => MOVABLE.includes(n.status)), nodes };
}

function planNode(source: ProcessIndex, target: ProcessIndex, state: InstanceState, map: NodeMap, node: string, tokens: number): ActiveNodePlan {
  const type = source.node(node).type;
  const mapped = mappedNode(map, node);
  const targetId = mapped ?? node;
  const plan = (status: ActiveNodeStatus, problem: string | null): ActiveNodePlan => ({ node, type, target: targetId, status, tokens, problem });
  const there = target.process.nodes.find((n) => n.id === targetId);
  if (!there) return plan('missing', `The target version has no node "${targetId}"${mapped ? ` (mapped from "${node}")` : ''}; map "${node}" to a ${type} node, or cancel or restart these instances.`);
  if (there.type !== type) return plan('typeChanged', `"${targetId}" is a ${there.type} in the target version, "${node}" a ${type} here; map "${node}" to a ${type} node, or cancel or restart these instances.`);
  for (const edge of Object.keys(state.joins[node] ?? {})) {
    if (targetEdge(source, target, map, edge) === null) {
      return plan('joinEdgeMissing', `The join "${node}" holds arrivals by edge "${edge}", and no edge into "${targetId}" comes from the same node in the target version; the arrivals would be lost.`);
    }
  }
  return plan(mapped === undefined ? 'unchanged' : 'mapped', null);
}

/**
 * The edge of the target version that an edge of the source version becomes: the same id when it
 * still leads to the (mapped) same node, else the edge between the mapped ends. Null when none.
 */
export function targetEdge(source: ProcessIndex, target: ProcessIndex, map: NodeMap, edgeId: string): string | null {
  const edge = source.process.edges.find((e) => e.id === edgeId);
  if (!edge) return null;
  const from = mappedNode(map, edge.from) ?? edge.from;
  const to = mappedNode(map, edge.to) ?? edge.to;
  const ends = (e: Edge) => e.from === from && e.to === to;
  const same = target.process.edges.find((e) => e.id === edgeId);
  if (same && ends(same)) return same.id;
  return target.incoming(to).find(ends)?.id ?? null;
}

/** The node `id` is mapped to; only the map's own keys count (a node may be called "constructor"). */
export function mappedNode(map: NodeMap, id: string): string | undefined {
  return Object.hasOwn(map, id) ? map[id] : undefined;
}
